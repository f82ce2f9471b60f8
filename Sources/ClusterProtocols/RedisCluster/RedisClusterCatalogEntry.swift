import ClusterSim

/// Redis Cluster as scenario files name it. Every run ends with the lost-write check.
///
/// ```yaml
/// protocol: redis
/// nodes: 6              # masters × (1 + replicas_per_master)
/// clients: 2
/// parameters: {masters: 3, replicas_per_master: 1, ping_interval: 100ms, node_timeout: 500ms,
///              replication_interval: 10ms, migrate_batch: 1, migrate_interval: 40ms,
///              require_full_coverage: true}
/// workload: {ops: 200, keys: 40, read_weight: 1, write_weight: 1, timeout: 300ms, think: 5ms, max_redirects: 5}
/// ```
enum RedisClusterProtocol {
    static let parameterKeys = ["masters", "replicas_per_master", "ping_interval", "node_timeout",
                                "replication_interval", "migrate_batch", "migrate_interval", "require_full_coverage"]
    static let workloadKeys = ["ops", "keys", "read_weight", "write_weight", "timeout", "think", "max_redirects"]

    static let definition = ProtocolDefinition(
        name: "redis", summary: "Redis Cluster: 16384 hash slots over masters with async replicas; MOVED/ASK, resharding, failover.",
        defaultServers: 6, defaultClients: 2,
        make: { scenario, options in
            Simulation<RedisProcess>(scenario: scenario, config: try config(scenario), options: options)
        },
        finalCheck: { run in
            guard let sim = run as? Simulation<RedisProcess> else { return nil }
            let lost = LostWriteChecker.check(sim)
            return lost.isEmpty ? nil : "lost writes (acknowledged, then gone):\n" + lost.map { "  \($0)" }.joined(separator: "\n")
        })

    static func config(_ scenario: Scenario) throws -> RedisClusterConfig {
        let p = try ParameterSection(scenario.parameters, allowed: parameterKeys)
        let w = try ParameterSection(scenario.workload, allowed: workloadKeys)
        var c = RedisClusterConfig()
        c.replicasPerMaster = try p.int("replicas_per_master", default: c.replicasPerMaster, in: 0...8)
        c.masters = try p.int("masters", default: max(1, scenario.servers / (1 + c.replicasPerMaster)), in: 1...100)
        if c.serverCount != scenario.servers {
            let where_ = p.field("masters") ?? p.field("replicas_per_master") ?? scenario.parameters ?? scenario.protocolField
            throw where_.error("\(c.masters) masters × (1 + \(c.replicasPerMaster) replicas) = \(c.serverCount) servers, "
                               + "but the scenario has nodes: \(scenario.servers)")
        }
        c.pingInterval = try positive(p, "ping_interval", c.pingInterval)
        c.nodeTimeout = try positive(p, "node_timeout", c.nodeTimeout)
        c.replicationInterval = try positive(p, "replication_interval", c.replicationInterval)
        c.migrateBatch = try p.int("migrate_batch", default: c.migrateBatch, in: 1...10_000)
        c.migrateInterval = try positive(p, "migrate_interval", c.migrateInterval)
        c.requireFullCoverage = try p.bool("require_full_coverage", default: c.requireFullCoverage)
        c.workload.opsPerClient = try w.int("ops", default: c.workload.opsPerClient, in: 0...10_000_000)
        c.workload.keys = try w.int("keys", default: c.workload.keys, in: 1...100_000)
        c.workload.readWeight = try w.int("read_weight", default: c.workload.readWeight, in: 0...1000)
        c.workload.writeWeight = try w.int("write_weight", default: c.workload.writeWeight, in: 0...1000)
        if c.workload.readWeight + c.workload.writeWeight == 0, let f = scenario.workload {
            throw f.error("at least one of read_weight, write_weight must be positive")
        }
        c.workload.timeout = try positive(w, "timeout", c.workload.timeout)
        c.workload.think = try w.duration("think", default: c.workload.think)
        c.workload.maxRedirects = try w.int("max_redirects", default: c.workload.maxRedirects, in: 0...100)
        return c
    }

    static func positive(_ p: ParameterSection, _ key: String, _ value: Int64) throws -> Int64 {
        let v = try p.duration(key, default: value)
        if v <= 0, let f = p.field(key) { throw f.error("\(key) must be positive") }
        return v
    }
}
