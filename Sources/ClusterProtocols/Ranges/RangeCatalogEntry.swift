import ClusterSim

/// The range store as scenario files name it: `protocol: ranges`. The keys
/// `k0`… start cut into `ranges` ranges, each a Raft group on `replicas`
/// servers; clients run list-append transactions through gateway servers,
/// CockroachDB-style (records, write intents, pushes, a timestamp cache).
/// Every Raft group's safety is checked on every event; when the run ends
/// its transactions must be serializable (`TxnChecker`, Elle's inference).
///
/// ```yaml
/// protocol: ranges
/// nodes: 3
/// clients: 3
/// parameters: {keys: 6, ranges: 2, replicas: 3, split_size: 0, election_timeout: 150ms,
///              txn_heartbeat: 100ms, expiry: 500ms, mutations: []}
/// workload: {txns: 500, max_ops: 4, timeout: 3s, think: 50ms, script: "append k0 1, r k3"}
/// ```
enum RangeProtocol {
    static let parameters: [ParameterSpec] = [
        .count("keys", 1...64), .count("ranges", 1...64, note: "at most keys"),
        .count("replicas", 1...7, note: "at most nodes"), .count("split_size", 0...1_000_000),
        .timer("election_timeout"), .delay("election_jitter"), .timer("heartbeat"),
        .timer("tick"), .timer("txn_heartbeat"), .timer("expiry"), .timer("request_timeout"), .timer("push_backoff"),
        .count("attempts", 1...1000),
        .init("mutations", .words(RangeMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = [
        .count("txns", 0...1_000_000), .count("max_ops", 1...16), .timer("timeout"), .delay("think"),
        .init("script", .text),
    ]

    static let definition = ProtocolDefinition(
        name: "ranges", summary: "CockroachDB-style transactions over Raft ranges: records, write intents, pushes, splits.",
        defaultServers: 3, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let config = try config(scenario)
            let sim = Simulation<RangeProcess>(scenario: scenario, config: config, options: options)
            // One monitor per range that can exist (a range is named by its first key).
            for rid in 0..<config.keys {
                RaftInvariants.install(on: sim) { sim in
                    (0..<sim.layout.serverCount).map { sim.node(NodeID($0))?.server?.replicas[rid]?.raft }
                }
            }
            return sim
        },
        finalCheck: { run in TxnChecker.finalCheck(run.trace.history, model: .serializable) })

    static func config(_ scenario: Scenario) throws -> RangeConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = RangeConfig()
        c.keys = try p.int("keys", default: c.keys)
        c.ranges = try p.int("ranges", default: min(c.ranges, c.keys))
        if c.ranges > c.keys, let f = try p.field("ranges") { throw f.error("ranges (\(c.ranges)) must be at most keys (\(c.keys))") }
        c.replicas = try p.int("replicas", default: min(c.replicas, scenario.servers))
        if c.replicas > scenario.servers, let f = try p.field("replicas") {
            throw f.error("replicas (\(c.replicas)) must be at most nodes (\(scenario.servers))")
        }
        c.splitSize = try p.int("split_size", default: c.splitSize)
        c.raft.electionTimeout = try p.duration("election_timeout", default: c.raft.electionTimeout)
        c.raft.electionJitter = try p.duration("election_jitter", default: c.raft.electionJitter)
        c.raft.heartbeatInterval = try p.duration("heartbeat", default: c.raft.heartbeatInterval)
        c.tick = try p.duration("tick", default: c.tick)
        c.heartbeat = try p.duration("txn_heartbeat", default: c.heartbeat)
        c.expiry = try p.duration("expiry", default: c.expiry)
        c.requestTimeout = try p.duration("request_timeout", default: c.requestTimeout)
        c.pushBackoff = try p.duration("push_backoff", default: c.pushBackoff)
        c.attempts = try p.int("attempts", default: c.attempts)
        for name in try p.words("mutations") ?? [] { c.mutations.insert(RangeMutation(rawValue: name)!) }
        c.workload.txns = try w.int("txns", default: c.workload.txns)
        c.workload.maxOps = try w.int("max_ops", default: c.workload.maxOps)
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.think = try w.duration("think", default: c.workload.think)
        if let text = try w.text("script"), let field = try w.field("script") {
            guard let ops = RangeServer.parseOps(text, keys: c.keys) else {
                throw field.error("bad script '\(text)': micro-ops are `append kN VALUE` or `r kN`, comma-separated, keys k0…k\(c.keys - 1)")
            }
            c.workload.script = ops
        }
        return c
    }
}
