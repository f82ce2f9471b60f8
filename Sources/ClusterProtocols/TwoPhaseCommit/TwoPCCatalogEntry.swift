import ClusterSim

/// Two-phase commit as scenario files name it: `protocol: 2pc`.
///
/// ```yaml
/// protocol: 2pc
/// nodes: 4            # n1 coordinates; n2–n4 are participants
/// clients: 1
/// parameters: {coordinator: single, termination: none, decision_delay: 200ms}
/// workload: {ops: 20, span: 2, think: 100ms}
/// ```
enum TwoPCProtocol {
    static let parameters: [ParameterSpec] = [
        .init("coordinator", .choice(TwoPCCoordinatorMode.allCases.map(\.rawValue)),
              note: "single: n1 coordinates; raft: n1…nK replicate its decisions through Raft"),
        .count("coordinators", 1...9, note: "the Raft replicas for coordinator: raft (default 3); single: 1"),
        .init("termination", .choice(TwoPCTermination.allCases.map(\.rawValue)),
              note: "cooperative: a blocked participant also asks the others"),
        .delay("decision_delay", note: "the coordinator's time to force its decision to its log"),
        .timer("vote_timeout"), .timer("retry"),
        .timer("election_timeout"), .delay("election_jitter"), .timer("heartbeat"),
        .init("mutant", .choice(TwoPCMutant.allCases.map(\.rawValue)), note: "a deliberate bug; default none"),
    ]
    static let workload: [ParameterSpec] = [
        .count("ops", 0...10_000_000, note: "transactions per client; 0: idle"),
        .count("keys", 0...10_000, note: "k0…; key i belongs to participant i mod P; 0: two per participant"),
        .count("span", 2...64, note: "participants each transaction writes; at most the participants"),
        .delay("think"), .timer("timeout"),
    ]

    static let definition = ProtocolDefinition(
        name: "2pc", summary: "Two-phase commit: prepare records, locks, the blocking failure, cooperative termination, a Raft-replicated coordinator.",
        defaultServers: 4, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let sim = Simulation<TwoPCProcess>(scenario: scenario, config: try config(scenario), options: options)
            TwoPCInvariants.install(on: sim)
            return sim
        })

    static func config(_ scenario: Scenario) throws -> TwoPCConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = TwoPCConfig()
        c.coordinator = TwoPCCoordinatorMode(rawValue: try p.string("coordinator", default: c.coordinator.rawValue))!
        c.coordinators = try p.int("coordinators", default: c.coordinator == .raft ? 3 : 1)
        let here = try p.field("coordinators") ?? p.field("coordinator")
        if c.coordinator == .single, c.coordinators != 1 {
            throw (here ?? scenario.protocolField).error("coordinators: \(c.coordinators) needs coordinator: raft (a single coordinator is n1)")
        }
        if scenario.servers - c.coordinators < 2 {
            throw (here ?? scenario.protocolField).error("2pc needs at least 2 participants: nodes (\(scenario.servers)) must exceed the coordinators (\(c.coordinators)) by 2")
        }
        c.termination = TwoPCTermination(rawValue: try p.string("termination", default: c.termination.rawValue))!
        c.decisionDelay = try p.duration("decision_delay", default: c.decisionDelay)
        c.voteTimeout = try p.duration("vote_timeout", default: c.voteTimeout)
        c.retry = try p.duration("retry", default: c.retry)
        c.raft.electionTimeout = try p.duration("election_timeout", default: c.raft.electionTimeout)
        c.raft.electionJitter = try p.duration("election_jitter", default: c.raft.electionJitter)
        c.raft.heartbeatInterval = try p.duration("heartbeat", default: c.raft.heartbeatInterval)
        c.mutant = TwoPCMutant(rawValue: try p.string("mutant", default: ""))
        c.workload.ops = try w.int("ops", default: c.workload.ops)
        c.workload.keys = try w.int("keys", default: c.workload.keys)
        c.workload.span = try w.int("span", default: c.workload.span, within: 2...max(2, scenario.servers - c.coordinators))
        c.workload.think = try w.duration("think", default: c.workload.think)
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        return c
    }
}
