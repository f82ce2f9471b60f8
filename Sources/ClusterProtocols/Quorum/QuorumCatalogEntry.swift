import ClusterSim

/// The quorum store as scenario files name it. Every run's client history is
/// checked for stale reads when it ends.
///
/// ```yaml
/// protocol: quorum
/// nodes: 5
/// clients: 2
/// parameters: {replication_factor: 3, read_consistency: quorum, write_consistency: quorum,
///              stamp_read: true, coordinator_timeout: 200ms}
/// workload: {ops: 20, keys: 2, read_weight: 1, write_weight: 1, timeout: 500ms}
/// ```
enum QuorumProtocol {
    static let parameterKeys = ["replication_factor", "read_consistency", "write_consistency", "stamp_read", "coordinator_timeout"]
    static let workloadKeys = ["ops", "keys", "read_weight", "write_weight", "timeout"]

    static let definition = ProtocolDefinition(
        name: "quorum", summary: "A Dynamo/Cassandra-style store: a hash ring, N replicas, R/W consistency levels, read repair.",
        defaultServers: 5, defaultClients: 2,
        make: { scenario, options in
            Simulation<QuorumProcess>(scenario: scenario, config: try config(scenario), options: options)
        },
        finalCheck: { run in
            let stale = StaleReadChecker.check(run.trace.history)
            return stale.isEmpty ? nil : "stale reads:\n" + stale.map { "  \($0)" }.joined(separator: "\n")
        })

    static func config(_ scenario: Scenario) throws -> QuorumConfig {
        let p = try ParameterSection(scenario.parameters, allowed: parameterKeys)
        let w = try ParameterSection(scenario.workload, allowed: workloadKeys)
        let levels = ConsistencyLevel.allCases.map(\.rawValue)
        var c = QuorumConfig()
        c.replicationFactor = try p.int("replication_factor", default: min(c.replicationFactor, scenario.servers),
                                        in: 1...max(1, scenario.servers))
        c.readConsistency = ConsistencyLevel(rawValue: try p.string("read_consistency", default: c.readConsistency.rawValue, oneOf: levels))!
        c.writeConsistency = ConsistencyLevel(rawValue: try p.string("write_consistency", default: c.writeConsistency.rawValue, oneOf: levels))!
        c.stampRead = try p.bool("stamp_read", default: c.stampRead)
        c.coordinatorTimeout = try p.duration("coordinator_timeout", default: c.coordinatorTimeout)
        c.workload.opsPerClient = try w.int("ops", default: c.workload.opsPerClient, in: 0...10_000_000)
        c.workload.keys = try w.int("keys", default: c.workload.keys, in: 1...10_000)
        c.workload.readWeight = try w.int("read_weight", default: c.workload.readWeight, in: 0...1000)
        c.workload.writeWeight = try w.int("write_weight", default: c.workload.writeWeight, in: 0...1000)
        if c.workload.readWeight + c.workload.writeWeight == 0, let f = scenario.workload {
            throw f.error("at least one of read_weight, write_weight must be positive")
        }
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        return c
    }
}
