import ClusterSim

/// Erasure coding as MinIO does it, as scenario files name it. `nodes` is
/// the gateway plus k + m drives; the run's client history is checked by
/// `ErasureChecker` when it ends.
///
/// ```yaml
/// protocol: erasure
/// nodes: 7            # gateway + 4 data + 2 parity drives
/// clients: 1
/// parameters: {parity: 2, drive_timeout: 50ms, heal_scan: 1s, mutations: [skip-bitrot-check]}
/// workload: {objects: 3, size: 40, reads: 1000, pause: 40ms, timeout: 300ms}
/// ```
enum ErasureProtocol {
    static let parameters: [ParameterSpec] = [
        .count("parity", 0...255, note: "data shards = nodes - 1 - parity, at least 1"),
        .timer("drive_timeout"),
        .init("heal_scan", .durationOrOff(ParameterSpec.timerRange), note: "the healing scan's period"),
        .init("mutations", .words(ErasureMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = [
        .count("objects", 0...10_000), .count("size", 0...65_536), .count("reads", 0...1_000_000),
        .delay("pause"), .timer("timeout"),
    ]

    static let definition = ProtocolDefinition(
        name: "erasure", summary: "MinIO-style erasure coding: a gateway splits objects into k data + m parity Reed–Solomon shards over k+m drives; read/write quorums, bit-rot checksums, healing.",
        defaultServers: 7, defaultClients: 1,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            Simulation<ErasureProcess>(scenario: scenario, config: try config(scenario), options: options)
        },
        finalCheck: { run in
            let problems = ErasureChecker.check(run.trace.history)
            return problems.isEmpty ? nil : "reads returned wrong data or lost objects:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        })

    static func config(_ scenario: Scenario) throws -> ErasureConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = ErasureConfig()
        let drives = scenario.servers - 1
        c.parityShards = try p.int("parity", default: min(c.parityShards, max(0, drives - 1)), within: 0...max(0, drives - 1))
        c.dataShards = drives - c.parityShards
        if c.dataShards < 1 || drives > 256 {
            throw scenario.protocolField.error("erasure runs a gateway and k + m drives (1 to 256, at least one data drive): nodes must be from \(2 + c.parityShards) to 257")
        }
        c.driveTimeout = try p.duration("drive_timeout", default: c.driveTimeout)
        c.healScan = try p.durationOrOff("heal_scan", default: c.healScan)
        for name in try p.words("mutations") ?? [] { c.mutations.insert(ErasureMutation(rawValue: name)!) }
        c.workload.objects = try w.int("objects", default: c.workload.objects)
        c.workload.size = try w.int("size", default: c.workload.size)
        c.workload.reads = try w.int("reads", default: c.workload.reads)
        c.workload.pause = try w.duration("pause", default: c.workload.pause)
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        return c
    }
}
