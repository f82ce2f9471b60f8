import ClusterSim

/// `protocol: membership`, with `parameters: detector:` and only the keys
/// that detector reads (any other key is an error with its location).
enum MembershipProtocol {
    /// Each detector's settings; `detector` picks which ones a file may use.
    static let settings: [FailureDetector: [ParameterSpec]] = [
        .heartbeat: [.timer("interval"),
                     .init("timeout", .duration(1...3 * ParameterSpec.timerRange.upperBound))],
        .phi: [.timer("interval"), .timer("tick"), .count("window", 2...10_000), .init("threshold", .number(0.1...300)),
               .timer("min_stddev")],
        .swim: [.timer("period"), .timer("ping_timeout"), .count("indirect", 0...64), .timer("suspicion_timeout"),
                .count("piggyback", 1...64)],
    ]
    static let detectorSpec = ParameterSpec("detector", .choice(FailureDetector.allCases.map(\.rawValue)),
                                            note: "then only that detector's keys")
    /// Every key any detector reads, for the catalog and Labs/README.md §3.
    static let parameters: [ParameterSpec] = [detectorSpec] + FailureDetector.allCases.flatMap { detector in
        settings[detector]!.map { ParameterSpec($0.key, $0.kind, note: "\(detector.rawValue) only") }
    }

    static func config(_ parameters: YAMLField?) throws -> MembershipConfig {
        let all = [detectorSpec] + FailureDetector.allCases.flatMap { settings[$0]! }
        var seen = Set<String>()
        let any = try ParameterSection(parameters, declared: all.filter { seen.insert($0.key).inserted })
        let detector = FailureDetector(rawValue: try any.string("detector", default: "heartbeat"))!
        let p = try ParameterSection(parameters, declared: [detectorSpec] + settings[detector]!)
        let d = MembershipConfig()
        let interval = detector == .swim ? d.interval : try p.duration("interval", default: d.interval)
        let read = { (key: String, value: Int64) in detector.reads(key) ? try p.duration(key, default: value) : value }
        return MembershipConfig(
            detector: detector, interval: interval, timeout: try read("timeout", 3 * interval),
            tick: try read("tick", max(1, interval / 10)),
            window: detector == .phi ? try p.int("window", default: d.window) : d.window,
            threshold: detector == .phi ? try p.double("threshold", default: d.threshold) : d.threshold,
            minStddev: try read("min_stddev", max(1, interval / 10)),
            period: try read("period", d.period),
            pingTimeout: try read("ping_timeout", d.pingTimeout),
            indirectProbes: detector == .swim ? try p.int("indirect", default: d.indirectProbes) : d.indirectProbes,
            suspicionTimeout: try read("suspicion_timeout", d.suspicionTimeout),
            piggyback: detector == .swim ? try p.int("piggyback", default: d.piggyback) : d.piggyback)
    }

    static let definition = ProtocolDefinition(
        name: "membership",
        summary: "Failure detection: heartbeat timeouts, phi accrual or SWIM; each node shows its view of the others.",
        defaultServers: 5, defaultClients: 0,
        parameters: parameters, workload: [],
        make: { scenario, options in
            let config = try config(scenario.parameters)
            _ = try ParameterSection(scenario.workload, declared: [])
            return Simulation<MembershipNode>(scenario: scenario, config: config, options: options)
        })
}

extension FailureDetector {
    /// Whether this detector has the setting `key` (the others keep their defaults).
    func reads(_ key: String) -> Bool { MembershipProtocol.settings[self]!.contains { $0.key == key } }
}
