import ClusterSim

/// `protocol: membership`, with `parameters: detector:` and only the keys
/// that detector reads (any other key is an error with its location).
enum MembershipProtocol {
    static let keys: [FailureDetector: [String]] = [
        .heartbeat: ["interval", "timeout"],
        .phi: ["interval", "tick", "window", "threshold", "min_stddev"],
        .swim: ["period", "ping_timeout", "indirect", "suspicion_timeout", "piggyback"],
    ]

    static func config(_ parameters: YAMLField?) throws -> MembershipConfig {
        let all = ["detector"] + FailureDetector.allCases.flatMap { keys[$0]! }
        let any = try ParameterSection(parameters, allowed: all)
        let name = try any.string("detector", default: "heartbeat", oneOf: FailureDetector.allCases.map(\.rawValue))
        let detector = FailureDetector(rawValue: name)!
        let p = try ParameterSection(parameters, allowed: ["detector"] + keys[detector]!)
        let d = MembershipConfig()
        let interval = try p.duration("interval", default: d.interval)
        return MembershipConfig(
            detector: detector, interval: interval, timeout: try p.duration("timeout", default: 3 * interval),
            tick: try p.duration("tick", default: max(1, interval / 10)),
            window: try p.int("window", default: d.window, in: 2...10_000),
            threshold: try p.field("threshold")?.double(in: 0.1...300) ?? d.threshold,
            minStddev: try p.duration("min_stddev", default: interval / 10),
            period: try p.duration("period", default: d.period),
            pingTimeout: try p.duration("ping_timeout", default: d.pingTimeout),
            indirectProbes: try p.int("indirect", default: d.indirectProbes, in: 0...64),
            suspicionTimeout: try p.duration("suspicion_timeout", default: d.suspicionTimeout),
            piggyback: try p.int("piggyback", default: d.piggyback, in: 1...64))
    }

    static let definition = ProtocolDefinition(
        name: "membership",
        summary: "Failure detection: heartbeat timeouts, phi accrual or SWIM; each node shows its view of the others.",
        defaultServers: 5, defaultClients: 0,
        make: { scenario, options in
            let config = try config(scenario.parameters)
            _ = try ParameterSection(scenario.workload, allowed: [])
            return Simulation<MembershipNode>(scenario: scenario, config: config, options: options)
        })
}
