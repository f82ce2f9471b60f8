import ClusterSim

/// Multi-Paxos as scenario files name it: `protocol: multipaxos`, its
/// settings under `parameters:` and the clients' under `workload:` (the same
/// keys as Raft's, since the clients are Raft's). A run checks the three
/// properties of `MultiPaxosProperty` on every event and, when it ends, the
/// linearizability of the client history.
///
/// ```yaml
/// protocol: multipaxos
/// nodes: 5
/// clients: 2
/// parameters: {election_timeout: 150ms, election_jitter: 150ms, heartbeat: 50ms, mutant: none}
/// workload: {ops: 20, keys: 3, values: 5, read_weight: 2, write_weight: 2, cas_weight: 1}
/// ```
enum MultiPaxosProtocol {
    static let parameters: [ParameterSpec] = [
        .timer("election_timeout"), .delay("election_jitter"), .timer("heartbeat"),
        .count("catch_up_batch", 1...10_000),
        .init("mutant", .choice(["none"] + MultiPaxosMutant.allCases.map(\.rawValue)),
              note: "a deliberate bug, to see a checker catch it"),
    ]

    static let definition = ProtocolDefinition(
        name: "multipaxos",
        summary: "Multi-Paxos replicating a key-value store: a stable leader, slots, no-ops filling gaps after a leader change.",
        defaultServers: 5, defaultClients: 2,
        parameters: parameters, workload: RaftProtocol.workload,
        make: { scenario, options in
            let sim = Simulation<MultiPaxosProcess>(scenario: scenario, config: try config(scenario), options: options)
            _ = MultiPaxosInvariants.install(on: sim)
            return sim
        },
        finalCheck: RaftProtocol.definition.finalCheck)

    static func config(_ scenario: Scenario) throws -> MultiPaxosConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        var c = MultiPaxosConfig()
        c.electionTimeout = try p.duration("election_timeout", default: c.electionTimeout)
        c.electionJitter = try p.duration("election_jitter", default: c.electionJitter)
        c.heartbeatInterval = try p.duration("heartbeat", default: c.heartbeatInterval)
        c.catchUpBatch = try p.int("catch_up_batch", default: c.catchUpBatch)
        c.mutant = MultiPaxosMutant(rawValue: try p.string("mutant", default: "none"))
        c.workload = try RaftProtocol.config(scenario).workload
        return c
    }
}
