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
enum RaftProtocol {
    static let parameterKeys = ["election_timeout", "election_jitter", "heartbeat", "max_entries_per_append",
                                "prevote", "check_quorum", "snapshot_threshold", "read_mode", "mutations"]
    static let workloadKeys = ["ops", "keys", "values", "read_weight", "write_weight", "cas_weight", "timeout", "retry_backoff"]

    static let definition = ProtocolDefinition(
        name: "raft", summary: "Raft replicating a key-value store (Maelstrom lin-kv): elections, log replication, snapshots.",
        defaultServers: 5, defaultClients: 2,
        make: { scenario, options in
            let sim = Simulation<RaftProcess>(scenario: scenario, config: try config(scenario), options: options)
            _ = RaftInvariants.install(on: sim)
            return sim
        },
        finalCheck: { run in
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
        let p = try ParameterSection(scenario.parameters, allowed: parameterKeys)
        let w = try ParameterSection(scenario.workload, allowed: workloadKeys)
        var c = RaftConfig()
        c.electionTimeout = try p.duration("election_timeout", default: c.electionTimeout)
        c.electionJitter = try p.duration("election_jitter", default: c.electionJitter)
        c.heartbeatInterval = try p.duration("heartbeat", default: c.heartbeatInterval)
        c.maxEntriesPerAppend = try p.int("max_entries_per_append", default: c.maxEntriesPerAppend, in: 1...10_000)
        c.preVote = try p.bool("prevote", default: c.preVote)
        c.checkQuorum = try p.bool("check_quorum", default: c.checkQuorum)
        c.snapshotThreshold = try p.int("snapshot_threshold", default: c.snapshotThreshold, in: 0...1_000_000)
        c.readMode = RaftReadMode(rawValue: try p.string("read_mode", default: c.readMode.rawValue,
                                                         oneOf: RaftReadMode.allCases.map(\.rawValue)))!
        if let m = p.field("mutations") {
            for item in try m.sequence() {
                let name = try item.string()
                guard let mutation = RaftMutation(rawValue: name) else {
                    throw item.error("unknown mutation '\(name)'; mutations: \(RaftMutation.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                c.mutations.insert(mutation)
            }
        }
        c.workload.opsPerClient = try w.int("ops", default: c.workload.opsPerClient, in: 0...10_000_000)
        c.workload.keys = try w.int("keys", default: c.workload.keys, in: 1...10_000)
        c.workload.values = try w.int("values", default: c.workload.values, in: 1...1_000_000)
        c.workload.readWeight = try w.int("read_weight", default: c.workload.readWeight, in: 0...1000)
        c.workload.writeWeight = try w.int("write_weight", default: c.workload.writeWeight, in: 0...1000)
        c.workload.casWeight = try w.int("cas_weight", default: c.workload.casWeight, in: 0...1000)
        if c.workload.readWeight + c.workload.writeWeight + c.workload.casWeight == 0, let f = scenario.workload {
            throw f.error("at least one of read_weight, write_weight, cas_weight must be positive")
        }
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.retryBackoff = try w.duration("retry_backoff", default: c.workload.retryBackoff)
        return c
    }
}
