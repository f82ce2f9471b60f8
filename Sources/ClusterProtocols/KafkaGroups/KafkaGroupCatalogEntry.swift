import ClusterSim

/// Kafka consumer groups as scenario files name them: `protocol:
/// kafka-groups`; servers n1… are brokers (one is the group coordinator),
/// clients c1… the consumers of one group. The log itself is taken as given
/// (replication is the `kafka` protocol's subject).
///
/// ```yaml
/// protocol: kafka-groups
/// nodes: 3
/// clients: 3
/// parameters: {topics: 1, partitions: 6, prefill: 20, assignor: range, commit: after-processing,
///              session_timeout: 300ms, heartbeat: 100ms, batch: 5, process_time: 20ms}
/// ```
enum KafkaGroupProtocol {
    static let parameters: [ParameterSpec] = [
        .count("topics", 1...8), .count("partitions", 1...64),
        .count("prefill", 0...100_000, note: "records already in each partition"),
        .init("produce_every", .durationOrOff(ParameterSpec.timerRange)),
        .init("group", .text), .count("offsets_partitions", 1...1000, note: "partitions of __consumer_offsets (50 in Kafka)"),
        .init("assignor", .choice(KafkaGroupAssignor.allCases.map(\.rawValue))),
        .init("commit", .choice(GroupCommitMode.allCases.map(\.rawValue))),
        .timer("session_timeout"), .timer("heartbeat"), .timer("rebalance_timeout"),
        .count("batch", 1...10_000, note: "max.poll.records"), .delay("process_time"), .timer("poll_wait"),
        .init("mutations", .words(KafkaGroupMutation.allCases.map(\.rawValue))),
    ]

    static let definition = ProtocolDefinition(
        name: "kafka-groups",
        summary: "Kafka consumer groups: coordinator, join/sync, rebalances, range/roundrobin/cooperative-sticky, committed offsets.",
        defaultServers: 3, defaultClients: 3,
        parameters: parameters, workload: [],
        make: { scenario, options in
            let sim = Simulation<KafkaGroupProcess>(scenario: scenario, config: try config(scenario), options: options)
            GroupInvariants.install(on: sim)
            return sim
        },
        finalCheck: { GroupDeliveryChecker.finalCheck($0) })

    static func config(_ scenario: Scenario) throws -> KafkaGroupConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        _ = try ParameterSection(scenario.workload, declared: [])
        var c = KafkaGroupConfig()
        c.brokers = scenario.servers
        c.topics = try p.int("topics", default: c.topics)
        c.partitions = try p.int("partitions", default: c.partitions)
        c.prefill = try p.int("prefill", default: c.prefill)
        c.produceEvery = try p.durationOrOff("produce_every", default: nil)
        c.groupID = try p.text("group") ?? c.groupID
        c.offsetsPartitions = try p.int("offsets_partitions", default: c.offsetsPartitions)
        c.assignor = KafkaGroupAssignor(rawValue: try p.string("assignor", default: c.assignor.rawValue))!
        c.commit = GroupCommitMode(rawValue: try p.string("commit", default: c.commit.rawValue))!
        c.sessionTimeout = try p.duration("session_timeout", default: c.sessionTimeout)
        c.heartbeat = try p.duration("heartbeat", default: c.heartbeat)
        c.rebalanceTimeout = try p.duration("rebalance_timeout", default: c.sessionTimeout)
        c.batch = try p.int("batch", default: c.batch)
        c.processTime = try p.duration("process_time", default: c.processTime)
        c.pollWait = try p.duration("poll_wait", default: c.pollWait)
        for name in try p.words("mutations") ?? [] { c.mutations.insert(KafkaGroupMutation(rawValue: name)!) }
        if c.heartbeat >= c.sessionTimeout, let f = try p.field("heartbeat") ?? p.field("session_timeout") {
            throw f.error("heartbeat (\(c.heartbeat)µs) must be shorter than session_timeout (\(c.sessionTimeout)µs), as Kafka requires")
        }
        return c
    }
}
