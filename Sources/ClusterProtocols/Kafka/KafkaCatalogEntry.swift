import ClusterSim

/// A Kafka-style replicated log as scenario files name it: `protocol: kafka`,
/// n1 the controller and n2…nN brokers; clients produce, and with
/// `read_every` the last client reads every partition's committed log.
///
/// ```yaml
/// protocol: kafka
/// nodes: 4            # n1 controller + 3 brokers
/// clients: 2          # c1 producer, c2 reader
/// parameters: {topics: 1, partitions: 3, replication_factor: 3, acks: all, min_insync_replicas: 2,
///              replica_lag_time: 300ms, unclean_leader_election: false, idempotence: true,
///              fetch_interval: 50ms, fetch_min_records: 1, heartbeat: 50ms, session_timeout: 300ms, mutations: []}
/// workload: {records: 1000, keys: 8, interval: 20ms, retry_after: 200ms, timeout: 2s, read_every: 500ms}
/// ```
///
/// Every step checks the high watermark and the committed prefix
/// (`KafkaInvariants`); the run's final check is `KafkaLogChecker` over the
/// guarantees the settings promise (acks=all with clean elections: no lost
/// acknowledged write; idempotence: no duplicate; always: no reordering).
enum KafkaProtocol {
    static let parameters: [ParameterSpec] = [
        .count("topics", 1...100), .count("partitions", 1...1000, note: "per topic"),
        .count("replication_factor", 1...100, note: "at most the brokers (nodes - 1)"),
        .init("acks", .choice(KafkaAcks.allCases.map(\.rawValue))),
        .count("min_insync_replicas", 1...100),
        .timer("replica_lag_time"), .init("unclean_leader_election", .flag), .init("idempotence", .flag),
        .timer("fetch_interval"), .count("fetch_min_records", 1...100_000), .timer("heartbeat"), .timer("session_timeout"),
        .init("mutations", .words(KafkaMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = [
        .count("records", 0...100_000_000, note: "per producer"), .count("keys", 1...1_000_000),
        .delay("interval"), .timer("retry_after"), .timer("timeout"),
        .timer("read_every", note: "the last client reads (needs 2 clients or more)"),
    ]

    static let definition = ProtocolDefinition(
        name: "kafka", summary: "A Kafka-style replicated log: partitions, leaders and ISR, acks, high watermark, leader epochs (KIP-101), idempotent producers.",
        defaultServers: 4, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let c = try config(scenario)
            let sim = Simulation<KafkaProcess>(scenario: scenario, config: c, options: options)
            KafkaInvariants.install(on: sim, config: c)
            return sim
        },
        finalCheck: { run in
            guard let sim = run as? Simulation<KafkaProcess> else { return nil }
            return finalCheck(sim.trace.history, config: sim.config)
        })

    /// The checker's anomalies that break what the settings promise.
    static func finalCheck(_ history: [HistoryOperation], config: KafkaConfig) -> String? {
        let report = KafkaLogChecker.check(history)
        let broken = report.anomalies.filter { a in
            switch a.kind {
            case .lostAcknowledged: return config.acks == .all && !config.uncleanLeaderElection
            case .duplicate: return config.idempotence
            case .reordered: return true
            }
        }
        return broken.isEmpty ? nil : "the partitions' final reads break the producers' guarantees:\n"
            + broken.prefix(20).map { "  \($0)" }.joined(separator: "\n")
    }

    static func config(_ scenario: Scenario) throws -> KafkaConfig {
        guard scenario.servers >= 2 else {
            throw scenario.protocolField.error("kafka takes 2 nodes or more (n1 the controller, then brokers), not \(scenario.servers)")
        }
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = KafkaConfig()
        let brokers = scenario.servers - 1
        c.topics = try p.int("topics", default: c.topics)
        c.partitionsPerTopic = try p.int("partitions", default: c.partitionsPerTopic)
        c.replicationFactor = try p.int("replication_factor", default: min(c.replicationFactor, brokers))
        if c.replicationFactor > brokers, let f = try p.field("replication_factor") {
            throw f.error("replication_factor \(c.replicationFactor) is more than the \(brokers) broker(s) (nodes - 1)")
        }
        c.acks = KafkaAcks(rawValue: try p.string("acks", default: c.acks.rawValue))!
        c.minInsyncReplicas = try p.int("min_insync_replicas", default: min(c.minInsyncReplicas, c.replicationFactor))
        if c.minInsyncReplicas > c.replicationFactor, let f = try p.field("min_insync_replicas") {
            throw f.error("min_insync_replicas \(c.minInsyncReplicas) is more than replication_factor \(c.replicationFactor): acks=all could never succeed")
        }
        c.replicaLagTime = try p.duration("replica_lag_time", default: c.replicaLagTime)
        c.uncleanLeaderElection = try p.bool("unclean_leader_election", default: c.uncleanLeaderElection)
        c.idempotence = try p.bool("idempotence", default: c.idempotence)
        c.fetchInterval = try p.duration("fetch_interval", default: c.fetchInterval)
        c.fetchMinRecords = try p.int("fetch_min_records", default: c.fetchMinRecords)
        c.heartbeat = try p.duration("heartbeat", default: c.heartbeat)
        c.sessionTimeout = try p.duration("session_timeout", default: c.sessionTimeout)
        for name in try p.words("mutations") ?? [] { c.mutations.insert(KafkaMutation(rawValue: name)!) }
        c.workload.recordsPerProducer = try w.int("records", default: c.workload.recordsPerProducer)
        c.workload.keys = try w.int("keys", default: c.workload.keys)
        c.workload.interval = try w.duration("interval", default: c.workload.interval)
        c.workload.retryAfter = try w.duration("retry_after", default: c.workload.retryAfter)
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.readEvery = try w.duration("read_every")
        if c.workload.readEvery != nil, scenario.clients < 2, let f = try w.field("read_every") {
            throw f.error("read_every needs 2 clients or more (the last one reads); this scenario has \(scenario.clients)")
        }
        return c
    }
}
