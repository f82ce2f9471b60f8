import ClusterSim

/// A protocol a scenario can name, and how to build a run of it.
public struct ProtocolDefinition: Sendable {
    public let name: String
    public let summary: String
    public let defaultServers: Int
    public let defaultClients: Int
    /// Builds a run from a scenario, reading its `parameters:` and `workload:`
    /// strictly (unknown keys are errors with a location).
    public let make: @Sendable (Scenario, SimulationOptions) throws -> ClusterRun
    /// A check of the whole run once it ends (for example linearizability of
    /// the client history): a description of what is wrong, or nil.
    public let finalCheck: (@Sendable (ClusterRun) -> String?)?

    public init(name: String, summary: String, defaultServers: Int, defaultClients: Int,
                make: @escaping @Sendable (Scenario, SimulationOptions) throws -> ClusterRun,
                finalCheck: (@Sendable (ClusterRun) -> String?)? = nil) {
        self.name = name; self.summary = summary
        self.defaultServers = defaultServers; self.defaultClients = defaultClients
        self.make = make; self.finalCheck = finalCheck
    }
}

/// Every protocol ClusterLab can run, by the name scenario files use.
public enum ProtocolCatalog {
    public static let all: [ProtocolDefinition] = [
        EchoProtocol.definition,
        GossipProtocol.definition,
        FloodProtocol.definition,
        RaftProtocol.definition,
        CRDTProtocol.definition,
        QuorumProtocol.definition,
        MembershipProtocol.definition,
        BalancerProtocol.definition,
        RedisClusterProtocol.definition,
    ]

    public static func definition(named name: String) -> ProtocolDefinition? {
        all.first { $0.name == name }
    }

    /// Reads a scenario file's text; errors carry `file:line:column`.
    public static func scenario(_ source: SourceText) throws -> Scenario {
        try Scenario.parse(source) { definition(named: $0)?.defaultClients }
    }

    /// Builds the run a scenario describes, with `seed` overriding the file's.
    public static func makeRun(_ scenario: Scenario, seed: UInt64? = nil,
                               options: SimulationOptions = SimulationOptions()) throws -> ClusterRun {
        guard let def = definition(named: scenario.protocolName) else {
            throw scenario.protocolField.error("unknown protocol '\(scenario.protocolName)'")
        }
        var s = scenario
        if let seed { s.seed = seed }
        return try def.make(s, options)
    }

    /// A sandbox: the protocol with its defaults and nothing scripted.
    public static func sandbox(_ name: String, servers: Int? = nil, seed: UInt64 = 1) throws -> ClusterRun {
        guard let def = definition(named: name) else {
            throw SourceError(file: "sandbox", line: 1, column: 1,
                              message: "unknown protocol '\(name)'; protocols: \(all.map(\.name).joined(separator: ", "))")
        }
        let text = "protocol: \(name)\nnodes: \(servers ?? def.defaultServers)\nseed: \(seed)\n"
        return try makeRun(scenario(SourceText(name: "sandbox:\(name)", text: text)))
    }
}

/// Reads a protocol's `parameters:` or `workload:` section strictly.
public struct ParameterSection {
    let map: YAMLMapping?

    /// `field` may be absent (all defaults); present, it may only use `allowed` keys.
    public init(_ field: YAMLField?, allowed: [String]) throws {
        map = try field?.mapping(allowed: allowed)
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        try map?[key]?.int(in: range) ?? value
    }
    public func duration(_ key: String, default value: Int64) throws -> Int64 {
        try map?[key]?.duration() ?? value
    }
    public func bool(_ key: String, default value: Bool) throws -> Bool {
        try map?[key]?.bool() ?? value
    }
    public func probability(_ key: String, default value: Double) throws -> Double {
        try map?[key]?.probability() ?? value
    }
    public func string(_ key: String, default value: String, oneOf options: [String]? = nil) throws -> String {
        guard let f = map?[key] else { return value }
        let s = try f.string()
        if let options, !options.contains(s) {
            throw f.error("'\(s)' is not one of: \(options.joined(separator: ", "))")
        }
        return s
    }
    public func field(_ key: String) -> YAMLField? { map?[key] }
}

enum FloodProtocol {
    static let definition = ProtocolDefinition(
        name: "flood", summary: "Every delivery sends one message to a random other node (the benchmark workload).",
        defaultServers: 8, defaultClients: 0,
        make: { scenario, options in
            let p = try ParameterSection(scenario.parameters, allowed: ["in_flight"])
            _ = try ParameterSection(scenario.workload, allowed: [])
            return Simulation<FloodNode>(scenario: scenario,
                                         config: .init(inFlight: try p.int("in_flight", default: 2, in: 1...1000)),
                                         options: options)
        })
}

extension ProtocolCatalog {
    /// Rebuilds a saved session's run: same scenario, same seed, same actions.
    public static func replay(_ session: Session) throws -> (Scenario, ClusterRun) {
        let scenario = try scenario(SourceText(name: session.scenarioName, text: session.scenarioText))
        let run = try makeRun(scenario, seed: session.seed)
        session.replay(into: run)
        return (scenario, run)
    }
}
