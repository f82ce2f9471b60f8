import ClusterSim

/// The quorum store as scenario files name it. Every run's client history is
/// checked for stale reads when it ends.
///
/// ```yaml
/// protocol: quorum
/// nodes: 5
/// clients: 2
/// parameters: {replication_factor: 3, read_consistency: quorum, write_consistency: quorum,
///              stamp_read: true, coordinator_timeout: 200ms, speculative_retry: 50ms, read_repair_chance: 0,
///              vnodes: 8, versioning: lww,
///              hinted_handoff: false, handoff_interval: 100ms, anti_entropy: off, merkle_depth: 10,
///              gc_grace: 2s, memtable_limit: 64, compaction_threshold: 4}
/// workload: {ops: 20, keys: 2, read_weight: 1, write_weight: 1, delete_weight: 0, timeout: 500ms}
/// ```
enum QuorumProtocol {
    static let parameterKeys = ["replication_factor", "read_consistency", "write_consistency", "stamp_read", "coordinator_timeout",
                                "speculative_retry", "read_repair_chance",
                                "vnodes", "versioning", "hinted_handoff", "handoff_interval", "anti_entropy", "merkle_depth",
                                "gc_grace", "memtable_limit", "compaction_threshold"]
    static let workloadKeys = ["ops", "keys", "read_weight", "write_weight", "delete_weight", "timeout"]

    static let definition = ProtocolDefinition(
        name: "quorum", summary: "A Dynamo/Cassandra-style store: a Murmur3 ring with virtual nodes, N replicas, R/W consistency levels, LWW or vector versions, read repair, hinted handoff, Merkle anti-entropy, tombstones, a commit log/memtable/SSTable write path.",
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
        if let f = p.field("speculative_retry") {
            c.speculativeRetry = (try? f.string()) == "off" ? nil : try positive(p, "speculative_retry", 0)
        }
        c.readRepairChance = try p.probability("read_repair_chance", default: c.readRepairChance)
        c.vnodes = try p.int("vnodes", default: c.vnodes, in: 1...256)
        c.versioning = Versioning(rawValue: try p.string("versioning", default: c.versioning.rawValue,
                                                          oneOf: Versioning.allCases.map(\.rawValue)))!
        c.hintedHandoff = try p.bool("hinted_handoff", default: c.hintedHandoff)
        c.handoffInterval = try positive(p, "handoff_interval", c.handoffInterval)
        if let f = p.field("anti_entropy") {
            c.antiEntropyInterval = (try? f.string()) == "off" ? nil : try positive(p, "anti_entropy", 0)
        }
        c.merkleDepth = try p.int("merkle_depth", default: c.merkleDepth, in: 0...20)
        c.gcGrace = try p.duration("gc_grace", default: c.gcGrace)
        c.memtableLimit = try p.int("memtable_limit", default: c.memtableLimit, in: 1...1_000_000)
        c.compactionThreshold = try p.int("compaction_threshold", default: c.compactionThreshold, in: 2...1000)
        c.workload.opsPerClient = try w.int("ops", default: c.workload.opsPerClient, in: 0...10_000_000)
        c.workload.keys = try w.int("keys", default: c.workload.keys, in: 1...10_000)
        c.workload.readWeight = try w.int("read_weight", default: c.workload.readWeight, in: 0...1000)
        c.workload.writeWeight = try w.int("write_weight", default: c.workload.writeWeight, in: 0...1000)
        c.workload.deleteWeight = try w.int("delete_weight", default: c.workload.deleteWeight, in: 0...1000)
        if c.workload.readWeight + c.workload.writeWeight + c.workload.deleteWeight == 0, let f = scenario.workload {
            throw f.error("at least one of read_weight, write_weight, delete_weight must be positive")
        }
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        return c
    }

    /// A duration that must be more than zero (a zero interval would fire forever at one instant).
    static func positive(_ p: ParameterSection, _ key: String, _ value: Int64) throws -> Int64 {
        let d = try p.duration(key, default: value)
        if d <= 0, let f = p.field(key) { throw f.error("\(key) must be a positive duration" + (["anti_entropy", "speculative_retry"].contains(key) ? " (or off)" : "")) }
        return d
    }
}
