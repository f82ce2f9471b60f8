import ClusterSim

/// PBFT as scenario files name it: `protocol: pbft`. Replicas are the
/// servers (n1 is the primary of view 0); clients send requests.
///
/// ```yaml
/// protocol: pbft
/// nodes: 4
/// clients: 2
/// parameters: {f: 1, byzantine: [n1], behaviour: equivocate, stop_on_disagreement: true}
/// workload: {ops: 1}
/// ```
enum PBFTProtocol {
    static let parameters: [ParameterSpec] = [
        .count("f", 0...31, note: "faults tolerated; default (nodes − 1) ÷ 3; nodes ≥ 2f + 1"),
        .init("byzantine", .described("list of servers that lie (`[n1]`, or `n1,n2` as one word); default none")),
        .init("behaviour", .choice(ByzantineBehaviour.allCases.map(\.rawValue)), note: "how the byzantine servers lie"),
        .init("stop_on_disagreement", .flag),
    ]
    static let workload: [ParameterSpec] = [.count("ops", 0...10_000, note: "requests per client; 0: clients wait for commands")]

    static let definition = ProtocolDefinition(
        name: "pbft", summary: "PBFT's normal case (pre-prepare, prepare, commit) with Byzantine replicas that lie.",
        defaultServers: 4, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let config = try config(scenario)
            let sim = Simulation<PBFTProcess>(scenario: scenario, config: config, options: options)
            PBFTInvariants.install(on: sim, config: config)
            return sim
        })

    static func config(_ scenario: Scenario) throws -> PBFTConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = PBFTConfig()
        c.replicas = scenario.servers
        let largest = (scenario.servers - 1) / 2
        if let field = try p.field("f") {
            c.f = try field.int(in: 0...max(0, largest))
        } else {
            c.f = (scenario.servers - 1) / 3
        }
        if let list = try p.described("byzantine") {
            // A list, or one word (`--param byzantine=n1,n2` on the command line).
            let names: [(String, YAMLField)]
            if case .scalar = list.node {
                names = try list.string().split(separator: ",").map { (String($0.filter { $0 != " " }), list) }
            } else {
                names = try list.sequence().map { (try $0.string(), $0) }
            }
            for (name, item) in names {
                guard let node = scenario.layout.node(named: name), !scenario.layout.isClient(node) else {
                    throw item.error("'\(name)' is not a server of this scenario (n1…n\(scenario.servers))")
                }
                guard c.byzantine.insert(node.index).inserted else { throw item.error("'\(name)' is listed twice") }
            }
        }
        c.behaviour = ByzantineBehaviour(rawValue: try p.string("behaviour", default: c.behaviour.rawValue))!
        c.stopOnDisagreement = try p.bool("stop_on_disagreement", default: c.stopOnDisagreement)
        c.opsPerClient = try w.int("ops", default: c.opsPerClient)
        return c
    }
}
