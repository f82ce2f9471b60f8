import ClusterSim

/// A protocol a scenario can name, and how to build a run of it.
public struct ProtocolDefinition: Sendable {
    public let name: String
    public let summary: String
    public let defaultServers: Int
    public let defaultClients: Int
    /// What `parameters:` and `workload:` accept: the declarations every
    /// value is checked against, and the rows of Labs/README.md §3.
    public let parameters: [ParameterSpec]
    public let workload: [ParameterSpec]
    /// Builds a run from a scenario, reading its `parameters:` and `workload:`
    /// strictly (unknown keys are errors with a location).
    public let make: @Sendable (Scenario, SimulationOptions) throws -> ClusterRun
    /// A check of the whole run once it ends (for example linearizability of
    /// the client history): a description of what is wrong, or nil.
    public let finalCheck: (@Sendable (ClusterRun) -> String?)?

    public init(name: String, summary: String, defaultServers: Int, defaultClients: Int,
                parameters: [ParameterSpec], workload: [ParameterSpec],
                make: @escaping @Sendable (Scenario, SimulationOptions) throws -> ClusterRun,
                finalCheck: (@Sendable (ClusterRun) -> String?)? = nil) {
        self.name = name; self.summary = summary
        self.defaultServers = defaultServers; self.defaultClients = defaultClients
        self.parameters = parameters; self.workload = workload
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
        DiscoveryProtocol.definition,
        PBFTProtocol.definition,
        EtcdProtocol.definition,
        MultiPaxosProtocol.definition,
        PaxosProtocol.definition,
        SagaProtocol.definition,
        TwoPCProtocol.definition,
        RangeProtocol.definition,
        TxnKVProtocol.definition,
        MapReduceProtocol.definition,
        StreamProtocol.definition,
        ErasureProtocol.definition,
        KafkaGroupProtocol.definition,
        KafkaProtocol.definition,
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

enum FloodProtocol {
    static let parameters: [ParameterSpec] = [.count("in_flight", 1...1000)]
    static let workload: [ParameterSpec] = []

    static let definition = ProtocolDefinition(
        name: "flood", summary: "Every delivery sends one message to a random other node (the benchmark workload).",
        defaultServers: 8, defaultClients: 0,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let p = try ParameterSection(scenario.parameters, declared: parameters)
            _ = try ParameterSection(scenario.workload, declared: workload)
            guard scenario.servers >= 2 else {  // every delivery goes to another node
                throw scenario.protocolField.error("flood needs at least 2 nodes: each node sends to another")
            }
            return Simulation<FloodNode>(scenario: scenario,
                                         config: .init(inFlight: try p.int("in_flight", default: 2)),
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
