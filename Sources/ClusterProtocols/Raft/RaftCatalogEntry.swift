import ClusterSim

/// Raft as scenario files name it: `protocol: raft`, its settings under
/// `parameters:` and the clients' under `workload:`. A run checks the four
/// safety properties on every event and, when it ends, the linearizability
/// of the client history.
///
/// ```yaml
/// protocol: raft
/// nodes: 5
/// clients: 2
/// parameters: {election_timeout: 150ms, election_jitter: 150ms, heartbeat: 50ms,
///              prevote: false, check_quorum: false, snapshot_threshold: 0, read_mode: log}
/// workload: {ops: 20, keys: 3, values: 5, read_weight: 2, write_weight: 2, cas_weight: 1,
///            timeout: 1s, retry_backoff: 20ms}
/// ```
///
/// With `cart: {carts: 2, items: 6, add_weight: 2, remove_weight: 1, pause: 20ms}`
/// under `workload:`, the clients run the shopping cart instead (`RaftCartClient`),
/// and the run's final check is `CartChecker`.
enum RaftProtocol {
    static let parameters: [ParameterSpec] = [
        .timer("election_timeout"), .delay("election_jitter"), .timer("heartbeat"),
        .count("max_entries_per_append", 1...10_000),
        .init("prevote", .flag), .init("check_quorum", .flag),
        .count("snapshot_threshold", 0...1_000_000),
        .init("read_mode", .choice(RaftReadMode.allCases.map(\.rawValue))),
        .init("mutations", .words(RaftMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = [
        .count("ops", 0...10_000_000), .count("keys", 1...10_000), .count("values", 1...1_000_000),
        .count("read_weight", 0...1000, note: "not all three weights 0"), .count("write_weight", 0...1000),
        .count("cas_weight", 0...1000), .timer("timeout"), .delay("retry_backoff"), CartWorkload.spec,
    ]

    static let definition = ProtocolDefinition(
        name: "raft", summary: "Raft replicating a key-value store (Maelstrom lin-kv): elections, log replication, snapshots.",
        defaultServers: 5, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let sim = Simulation<RaftProcess>(scenario: scenario, config: try config(scenario), options: options)
            _ = RaftInvariants.install(on: sim)
            return sim
        },
        finalCheck: { run in
            if CartChecker.isCartHistory(run.trace.history) {
                let report = CartChecker.check(run.trace.history)
                return report.isValid ? nil : "the carts lost acknowledged changes:\n" + report.anomalies.map { "  \($0)" }.joined(separator: "\n")
            }
            do {
                switch try LinearizabilityChecker.check(run.trace.history) {
                case .linearizable: return nil
                case .notLinearizable(let key, let window):
                    return "the client history is not linearizable on key \(key); these operations cannot be ordered:\n"
                        + window.map { "  " + HistoryFile.jsonLine($0) }.joined(separator: "\n")
                }
            } catch {
                return "the client history could not be checked: \(error)"
            }
        })

    static func config(_ scenario: Scenario) throws -> RaftConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = RaftConfig()
        c.electionTimeout = try p.duration("election_timeout", default: c.electionTimeout)
        c.electionJitter = try p.duration("election_jitter", default: c.electionJitter)
        c.heartbeatInterval = try p.duration("heartbeat", default: c.heartbeatInterval)
        c.maxEntriesPerAppend = try p.int("max_entries_per_append", default: c.maxEntriesPerAppend)
        c.preVote = try p.bool("prevote", default: c.preVote)
        c.checkQuorum = try p.bool("check_quorum", default: c.checkQuorum)
        c.snapshotThreshold = try p.int("snapshot_threshold", default: c.snapshotThreshold)
        c.readMode = RaftReadMode(rawValue: try p.string("read_mode", default: c.readMode.rawValue))!
        for name in try p.words("mutations") ?? [] { c.mutations.insert(RaftMutation(rawValue: name)!) }
        c.workload.opsPerClient = try w.int("ops", default: c.workload.opsPerClient)
        c.workload.keys = try w.int("keys", default: c.workload.keys)
        c.workload.values = try w.int("values", default: c.workload.values)
        c.workload.readWeight = try w.int("read_weight", default: c.workload.readWeight)
        c.workload.writeWeight = try w.int("write_weight", default: c.workload.writeWeight)
        c.workload.casWeight = try w.int("cas_weight", default: c.workload.casWeight)
        if c.workload.readWeight + c.workload.writeWeight + c.workload.casWeight == 0, let f = scenario.workload {
            throw f.error("at least one of read_weight, write_weight, cas_weight must be positive")
        }
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.retryBackoff = try w.duration("retry_backoff", default: c.workload.retryBackoff)
        c.workload.cart = try CartWorkload.read(w)
        return c
    }
}
