import ClusterSim

/// Single-decree Paxos as scenario files name it: `protocol: paxos`.
///
/// ```yaml
/// protocol: paxos
/// nodes: 5
/// parameters: {retry_timeout: 100ms, backoff: 30ms, acceptors: 5}
/// workload: {proposers: 2, stagger: 20ms}
/// ```
enum PaxosProtocol {
    static let parameters: [ParameterSpec] = [
        .count("acceptors", 0...64, note: "n1…nK are acceptors; 0 (the default): every server"),
        .timer("retry_timeout"),
        .delay("backoff", note: "0: a refused proposer retries at once (dueling proposers)"),
        .init("mutant", .choice(PaxosMutant.allCases.map(\.rawValue)), note: "a deliberate bug; default none"),
    ]
    static let workload: [ParameterSpec] = [
        .count("proposers", 0...64, note: "n1…nK each propose v1…vK at the start; default 0"),
        .delay("stagger", note: "proposer k starts k × stagger after n1"),
    ]

    static let definition = ProtocolDefinition(
        name: "paxos", summary: "Single-decree Paxos: proposers, acceptors, learners; ballots, value adoption, dueling proposers.",
        defaultServers: 5, defaultClients: 0,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let sim = Simulation<PaxosNode>(scenario: scenario, config: try config(scenario), options: options)
            PaxosInvariants.install(on: sim)
            return sim
        })

    static func config(_ scenario: Scenario) throws -> PaxosConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        if scenario.clients > 0 {
            throw scenario.protocolField.error("paxos has no clients: propose with `request n1 propose VALUE`")
        }
        var c = PaxosConfig()
        c.acceptors = try p.int("acceptors", default: c.acceptors, within: 0...scenario.servers)
        c.retryTimeout = try p.duration("retry_timeout", default: c.retryTimeout)
        c.backoff = try p.duration("backoff", default: c.backoff)
        c.mutant = PaxosMutant(rawValue: try p.string("mutant", default: ""))
        c.initialProposers = try w.int("proposers", default: 0, within: 0...scenario.servers)
        c.stagger = try w.duration("stagger", default: 0)
        return c
    }
}
