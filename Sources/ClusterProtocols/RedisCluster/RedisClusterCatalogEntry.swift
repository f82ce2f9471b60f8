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
    static let parameters: [ParameterSpec] = [
        .count("masters", 1...100, note: "masters × (1 + replicas_per_master) = nodes"),
        .count("replicas_per_master", 0...8),
        .timer("ping_interval"), .timer("node_timeout"), .timer("replication_interval"),
        .count("migrate_batch", 1...10_000), .timer("migrate_interval"),
        .init("require_full_coverage", .flag),
    ]
    static let workload: [ParameterSpec] = [
        .count("ops", 0...10_000_000), .count("keys", 1...100_000),
        .count("read_weight", 0...1000), .count("write_weight", 0...1000, note: "not both weights 0"),
        .timer("timeout"), .delay("think"), .count("max_redirects", 0...100),
    ]

    static let definition = ProtocolDefinition(
        name: "redis", summary: "Redis Cluster: 16384 hash slots over masters with async replicas; MOVED/ASK, resharding, failover.",
        defaultServers: 6, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            Simulation<RedisProcess>(scenario: scenario, config: try config(scenario), options: options)
        },
        finalCheck: { run in
            guard let sim = run as? Simulation<RedisProcess> else { return nil }
            let lost = LostWriteChecker.check(sim)
            return lost.isEmpty ? nil : "lost writes (acknowledged, then gone):\n" + lost.map { "  \($0)" }.joined(separator: "\n")
        })

    static func config(_ scenario: Scenario) throws -> RedisClusterConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = RedisClusterConfig()
        c.replicasPerMaster = try p.int("replicas_per_master", default: c.replicasPerMaster)
        c.masters = try p.int("masters", default: max(1, scenario.servers / (1 + c.replicasPerMaster)))
        if c.serverCount != scenario.servers {
            let where_ = try p.field("masters") ?? p.field("replicas_per_master") ?? scenario.parameters ?? scenario.protocolField
            throw where_.error("\(c.masters) masters × (1 + \(c.replicasPerMaster) replicas) = \(c.serverCount) servers, "
                               + "but the scenario has nodes: \(scenario.servers)")
        }
        c.pingInterval = try p.duration("ping_interval", default: c.pingInterval)
        c.nodeTimeout = try p.duration("node_timeout", default: c.nodeTimeout)
        c.replicationInterval = try p.duration("replication_interval", default: c.replicationInterval)
        c.migrateBatch = try p.int("migrate_batch", default: c.migrateBatch)
        c.migrateInterval = try p.duration("migrate_interval", default: c.migrateInterval)
        c.requireFullCoverage = try p.bool("require_full_coverage", default: c.requireFullCoverage)
        c.workload.opsPerClient = try w.int("ops", default: c.workload.opsPerClient)
        c.workload.keys = try w.int("keys", default: c.workload.keys)
        c.workload.readWeight = try w.int("read_weight", default: c.workload.readWeight)
        c.workload.writeWeight = try w.int("write_weight", default: c.workload.writeWeight)
        if c.workload.readWeight + c.workload.writeWeight == 0, let f = scenario.workload {
            throw f.error("at least one of read_weight, write_weight must be positive")
        }
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.think = try w.duration("think", default: c.workload.think)
        c.workload.maxRedirects = try w.int("max_redirects", default: c.workload.maxRedirects)
        return c
    }
}
