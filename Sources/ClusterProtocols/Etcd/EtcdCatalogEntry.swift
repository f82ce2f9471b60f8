import ClusterSim

/// etcd as scenario files name it: `protocol: etcd`. Members `n1`…`nM` run
/// Raft (its parameters as for `raft`); one more server, if the scenario has
/// it, is the storage server; clients take the lock or watch.
///
/// ```yaml
/// protocol: etcd
/// nodes: 4            # 3 members + the storage server
/// clients: 3
/// parameters: {members: 3, fencing: true, clock_rates: {n1: 1.2}, election_timeout: 150ms}
/// workload: {lockers: 2, watchers: 1, rounds: 3, ttl: 1s, work: 100ms, think: 200ms}
/// ```
enum EtcdProtocol {
    static let rateRange: ClosedRange<Double> = 0.1...10
    static let parameters: [ParameterSpec] = [
        .count("members", 1...9, note: "at most nodes; a server past the members is the storage server"),
        .init("fencing", .flag), .init("check_locks", .flag),
        .init("clock_rates", .described("mapping of node name to its clock rate, a number \(rateRange.lowerBound)–\(rateRange.upperBound) (`{n1: 1.2}`)")), .timer("tick"),
        .timer("election_timeout"), .delay("election_jitter"), .timer("heartbeat"),
        .init("prevote", .flag), .init("check_quorum", .flag),
        .init("mutations", .words(EtcdMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = [
        .count("lockers", 0...100), .count("watchers", 0...100, note: "lockers + watchers at most clients"),
        .count("rounds", 0...1_000_000), .timer("ttl"), .timer("work"), .delay("think"),
        .init("prefix", .text), .count("watch_from", 0...1_000_000_000),
        .timer("timeout"), .timer("watch_timeout"),
    ]

    static let definition = ProtocolDefinition(
        name: "etcd", summary: "etcd on Raft: revisions, leases judged by the leader's clock, locks, watches, fencing tokens.",
        defaultServers: 4, defaultClients: 0,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let (config, lockCheck) = try config(scenario)
            let sim = Simulation<EtcdProcess>(scenario: scenario, config: config, options: options)
            EtcdInvariants.install(on: sim, lockCheck: lockCheck)
            return sim
        })

    static func config(_ scenario: Scenario) throws -> (EtcdConfig, Bool) {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = EtcdConfig()
        c.members = try p.int("members", default: min(3, scenario.servers))
        if c.members > scenario.servers, let f = try p.field("members") {
            throw f.error("members (\(c.members)) must be at most nodes (\(scenario.servers))")
        }
        if scenario.servers > c.members + 1 {
            throw scenario.protocolField.error("etcd takes \(c.members) members and at most one storage server: "
                + "nodes must be \(c.members) or \(c.members + 1), not \(scenario.servers)")
        }
        c.fencing = try p.bool("fencing", default: c.fencing)
        c.tick = try p.duration("tick", default: c.tick)
        if let rates = try p.described("clock_rates") {
            let layout = ClusterLayout(servers: scenario.servers, clients: scenario.clients)
            for (name, value) in try rates.mapping().fields {
                guard let n = layout.node(named: name) else {
                    throw value.keyError("no node '\(name)' in this scenario (nodes n1…n\(scenario.servers)"
                        + (scenario.clients > 0 ? ", clients c1…c\(scenario.clients))" : ")"))
                }
                c.clockRates[n.index] = try value.double(in: rateRange)
            }
        }
        c.raft.electionTimeout = try p.duration("election_timeout", default: c.raft.electionTimeout)
        c.raft.electionJitter = try p.duration("election_jitter", default: c.raft.electionJitter)
        c.raft.heartbeatInterval = try p.duration("heartbeat", default: c.raft.heartbeatInterval)
        c.raft.preVote = try p.bool("prevote", default: c.raft.preVote)
        c.raft.checkQuorum = try p.bool("check_quorum", default: c.raft.checkQuorum)
        for name in try p.words("mutations") ?? [] { c.mutations.insert(EtcdMutation(rawValue: name)!) }
        c.workload.lockers = try w.int("lockers", default: 0)
        c.workload.watchers = try w.int("watchers", default: 0)
        if c.workload.lockers + c.workload.watchers > scenario.clients, let f = scenario.workload {
            throw f.error("lockers + watchers (\(c.workload.lockers + c.workload.watchers)) is more than clients (\(scenario.clients))")
        }
        c.workload.rounds = try w.int("rounds", default: c.workload.rounds)
        c.workload.ttl = try w.duration("ttl", default: c.workload.ttl)
        c.workload.work = try w.duration("work", default: c.workload.work)
        c.workload.think = try w.duration("think", default: c.workload.think)
        c.workload.prefix = try w.text("prefix") ?? c.workload.prefix
        c.workload.watchFrom = try w.int("watch_from", default: 0)
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.watchTimeout = try w.duration("watch_timeout", default: c.workload.watchTimeout)
        return (c, try p.bool("check_locks", default: true))
    }
}
