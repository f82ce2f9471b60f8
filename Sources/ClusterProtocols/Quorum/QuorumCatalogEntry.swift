import ClusterSim

/// The quorum store as scenario files name it. Every run's client history is
/// checked for stale reads when it ends (and resurrected deletes named).
///
/// ```yaml
/// protocol: quorum
/// nodes: 5
/// clients: 2
/// parameters: {replication_factor: 3, read_consistency: quorum, write_consistency: quorum,
///              stamp_read: true, coordinator_timeout: 200ms, speculative_retry: 50ms, read_repair_chance: 0,
///              vnodes: 8, versioning: lww,
///              hinted_handoff: false, handoff_interval: 100ms, anti_entropy: off, merkle_depth: 10,
///              gc_grace: 2s, memtable_limit: 64, compaction_threshold: 4, max_compaction_threshold: 32,
///              bucket_low: 0.5, bucket_high: 1.5, min_sstable_size: 0, bloom_filter_fp_chance: 0.01}
/// workload: {ops: 20, keys: 2, read_weight: 1, write_weight: 1, delete_weight: 0, timeout: 500ms}
/// ```
///
/// With `cart: {carts: 2, items: 6, add_weight: 2, remove_weight: 1, pause: 20ms}`
/// under `workload:`, the clients run the shopping cart instead (`QuorumCartClient`).
enum QuorumProtocol {
    static let parameters: [ParameterSpec] = [
        .count("replication_factor", 1...64, note: "at most nodes"),
        .init("read_consistency", .choice(ConsistencyLevel.allCases.map(\.rawValue))),
        .init("write_consistency", .choice(ConsistencyLevel.allCases.map(\.rawValue))),
        .init("stamp_read", .flag), .timer("coordinator_timeout"),
        .init("speculative_retry", .durationOrOff(ParameterSpec.timerRange), note: "ask one more replica after this wait"),
        .init("read_repair_chance", .probability, note: "background repair of every replica (removed in Cassandra 4.0)"),
        .count("vnodes", 1...256),
        .init("versioning", .choice(Versioning.allCases.map(\.rawValue))),
        .init("hinted_handoff", .flag), .timer("handoff_interval"),
        .init("anti_entropy", .durationOrOff(ParameterSpec.timerRange)), .count("merkle_depth", 0...20),
        .init("gc_grace", .duration(0...86_400_000_000)), .count("memtable_limit", 1...1_000_000),
        .count("compaction_threshold", 2...1000, note: "size-tiered min_threshold"),
        .count("max_compaction_threshold", 2...1000, note: "size-tiered max_threshold, at least compaction_threshold"),
        .init("bucket_low", .number(0.01...1)), .init("bucket_high", .number(1...100)),
        .count("min_sstable_size", 0...1_000_000, note: "rows"),
        .init("bloom_filter_fp_chance", .number(0.000001...1), note: "1: no Bloom filter"),
    ]
    static let workload: [ParameterSpec] = [
        .count("ops", 0...10_000_000), .count("keys", 1...10_000),
        .count("read_weight", 0...1000), .count("write_weight", 0...1000),
        .count("delete_weight", 0...1000, note: "not all three weights 0"), .timer("timeout"), CartWorkload.spec,
    ]

    static let definition = ProtocolDefinition(
        name: "quorum", summary: "A Dynamo/Cassandra-style store: a Murmur3 ring with virtual nodes, N replicas, R/W consistency levels, LWW or vector versions, read repair, hinted handoff, Merkle anti-entropy, tombstones, a commit log/memtable/SSTable write path.",
        defaultServers: 5, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            Simulation<QuorumProcess>(scenario: scenario, config: try config(scenario), options: options)
        },
        finalCheck: { run in
            // Carts that lose changes are what the cart workload shows here, not a fault of the store.
            if CartChecker.isCartHistory(run.trace.history) { return nil }
            let stale = StaleReadChecker.check(run.trace.history)
            guard !stale.isEmpty else { return nil }
            let zombies = ResurrectionChecker.check(run.trace.history)
            return "stale reads:\n" + stale.map { "  \($0)" }.joined(separator: "\n")
                + (zombies.isEmpty ? "" : "\nresurrected (deleted values read back):\n" + zombies.map { "  \($0)" }.joined(separator: "\n"))
        })

    static func config(_ scenario: Scenario) throws -> QuorumConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = QuorumConfig()
        c.replicationFactor = try p.int("replication_factor", default: min(c.replicationFactor, scenario.servers),
                                        within: 1...max(1, scenario.servers))
        c.readConsistency = ConsistencyLevel(rawValue: try p.string("read_consistency", default: c.readConsistency.rawValue))!
        c.writeConsistency = ConsistencyLevel(rawValue: try p.string("write_consistency", default: c.writeConsistency.rawValue))!
        c.stampRead = try p.bool("stamp_read", default: c.stampRead)
        c.coordinatorTimeout = try p.duration("coordinator_timeout", default: c.coordinatorTimeout)
        c.speculativeRetry = try p.durationOrOff("speculative_retry", default: c.speculativeRetry)
        c.readRepairChance = try p.probability("read_repair_chance", default: c.readRepairChance)
        c.vnodes = try p.int("vnodes", default: c.vnodes)
        c.versioning = Versioning(rawValue: try p.string("versioning", default: c.versioning.rawValue))!
        c.hintedHandoff = try p.bool("hinted_handoff", default: c.hintedHandoff)
        c.handoffInterval = try p.duration("handoff_interval", default: c.handoffInterval)
        c.antiEntropyInterval = try p.durationOrOff("anti_entropy", default: c.antiEntropyInterval)
        c.merkleDepth = try p.int("merkle_depth", default: c.merkleDepth)
        c.gcGrace = try p.duration("gc_grace", default: c.gcGrace)
        c.memtableLimit = try p.int("memtable_limit", default: c.memtableLimit)
        c.compactionThreshold = try p.int("compaction_threshold", default: c.compactionThreshold)
        c.maxCompactionThreshold = try p.int("max_compaction_threshold", default: max(c.maxCompactionThreshold, c.compactionThreshold),
                                             within: c.compactionThreshold...1000)
        c.bucketLow = try p.double("bucket_low", default: c.bucketLow)
        c.bucketHigh = try p.double("bucket_high", default: c.bucketHigh)
        c.minSSTableSize = try p.int("min_sstable_size", default: c.minSSTableSize)
        c.bloomFilterFPChance = try p.double("bloom_filter_fp_chance", default: c.bloomFilterFPChance)
        c.workload.opsPerClient = try w.int("ops", default: c.workload.opsPerClient)
        c.workload.keys = try w.int("keys", default: c.workload.keys)
        c.workload.readWeight = try w.int("read_weight", default: c.workload.readWeight)
        c.workload.writeWeight = try w.int("write_weight", default: c.workload.writeWeight)
        c.workload.deleteWeight = try w.int("delete_weight", default: c.workload.deleteWeight)
        if c.workload.readWeight + c.workload.writeWeight + c.workload.deleteWeight == 0, let f = scenario.workload {
            throw f.error("at least one of read_weight, write_weight, delete_weight must be positive")
        }
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.cart = try CartWorkload.read(w)
        return c
    }
}
