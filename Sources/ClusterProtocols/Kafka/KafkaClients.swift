import ClusterSim

/// A producer: sends keyed records one at a time (the next after an
/// acknowledgement and a pause), placed by Kafka's murmur2 partitioner, and
/// records each send in the history in Jepsen's shape:
/// `send` with `[key, value, producer, sequence]`, `ok` with the offset
/// appended, `fail` when nothing was appended, `info` when unknown.
///
/// A retry (after `retry_after`, or a NOT_LEADER answer) sends the same
/// record with the same sequence number, so an idempotent leader can drop it.
public struct KafkaProducer: Sendable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let config: KafkaConfig
    public private(set) var process: Int
    public private(set) var completed = 0
    public private(set) var acknowledged = 0
    var nextSequence: [Int]
    var leaders: [Int]
    var request = 0
    var current: (request: Int, partition: Int, record: KafkaRecord, mayHaveAppended: Bool)?
    var attempts = 0

    public init(id: NodeID, layout: ClusterLayout, config: KafkaConfig) {
        self.id = id; self.layout = layout; self.config = config
        process = id.index - layout.serverCount
        nextSequence = Array(repeating: 0, count: config.partitionCount)
        leaders = (0..<config.partitionCount).map { config.replicas(of: $0, brokers: layout.serverCount - 1).first ?? 1 }
    }

    var brokers: Int { layout.serverCount - 1 }
    public var isDone: Bool { completed >= config.workload.recordsPerProducer }

    public mutating func start(_ context: inout KafkaContext) { issueNext(&context) }

    mutating func issueNext(_ context: inout KafkaContext) {
        current = nil
        guard !isDone else { return }
        let key = "k\(context.random(below: max(1, config.workload.keys)))"
        let topic = context.random(below: config.topics)
        let p = topic * config.partitionsPerTopic + KafkaPartitioner.partition(forKey: key, partitions: config.partitionsPerTopic)
        let record = KafkaRecord(producer: id.index, sequence: nextSequence[p], key: key, value: Int64(completed + 1), epoch: -1)
        nextSequence[p] += 1
        request += 1
        attempts = 0
        current = (request, p, record, false)
        context.record(HistoryOperation(process: process, type: .invoke, f: "send", key: config.partitionName(p),
                                        value: KafkaHistory.sendValue(record)))
        context.send(.produce(request: request, partition: p, record: record, acks: config.acks), to: NodeID(leaders[p]))
        if config.acks == .none { return complete(.info, error: .string("acks=0: no answer"), &context) }
        context.setTimer(.retry, after: config.workload.retryAfter)
        context.setTimer(.deliveryTimeout, after: config.workload.timeout)
    }

    public mutating func receive(_ message: KafkaMessage, from: NodeID, _ context: inout KafkaContext) {
        guard case .produceReply(let r, let p, let offset, let error, let leader) = message,
              let c = current, c.request == r, c.partition == p else { return }
        if let offset {
            leaders[p] = from.index
            return complete(.ok, offset: offset, &context)
        }
        switch error {
        case .notEnoughReplicas?:
            complete(c.mayHaveAppended ? .info : .fail, error: .string(KafkaError.notEnoughReplicas.rawValue), &context)
        case .notLeader?:
            leaders[p] = leader ?? (from.index % brokers + 1)
            context.setTimer(.retry, after: config.workload.interval)
        default:
            current!.mayHaveAppended = true
            context.setTimer(.retry, after: config.workload.interval)
        }
    }

    public mutating func timerFired(_ tag: KafkaTimer, _ context: inout KafkaContext) {
        switch tag {
        case .next: issueNext(&context)
        case .retry:
            guard let c = current else { return }
            current!.mayHaveAppended = true
            attempts += 1
            // No answer twice: the leader may be down; the next broker names the leader it knows.
            if attempts % 2 == 0 { leaders[c.partition] = leaders[c.partition] % brokers + 1 }
            context.send(.produce(request: c.request, partition: c.partition, record: c.record, acks: config.acks),
                         to: NodeID(leaders[c.partition]))
            context.setTimer(.retry, after: config.workload.retryAfter)
        case .deliveryTimeout:
            guard current != nil else { return }
            complete(.info, error: .string("timeout"), &context)
        default: break
        }
    }

    mutating func complete(_ type: HistoryOperation.Kind, offset: Int? = nil, error: HistoryValue? = nil, _ context: inout KafkaContext) {
        guard let c = current else { return }
        context.record(HistoryOperation(process: process, type: type, f: "send", key: config.partitionName(c.partition),
                                        value: KafkaHistory.sendValue(c.record, offset: offset), error: error))
        if type == .info { process += layout.clientCount } else { acknowledged += 1 }
        completed += 1
        current = nil
        context.cancelTimer(.retry); context.cancelTimer(.deliveryTimeout)
        if !isDone { context.setTimer(.next, after: config.workload.interval) }
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [
            .init("acks", config.acks.rawValue),
            .init("sent", "\(completed)/\(config.workload.recordsPerProducer)"),
        ]
        if let c = current { fields.append(.init("waiting", "\(config.partitionName(c.partition)) \(c.record.key)=\(c.record.value)")) }
        return NodeSummary(role: "producer", tone: .neutral, fields: fields,
                           details: ["producer id \(id.index), process \(process), acknowledged \(acknowledged)"])
    }
}

/// The reader: every `read_every`, reads each partition's committed log
/// (below the leader's high watermark) in turn and records it as a `read`
/// of `[[producer, sequence, value], …]` in offset order.
public struct KafkaReader: Sendable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let config: KafkaConfig
    public private(set) var process: Int
    public private(set) var reads = 0
    var leaders: [Int]
    var request = 0
    var current: (request: Int, partition: Int)?

    public init(id: NodeID, layout: ClusterLayout, config: KafkaConfig) {
        self.id = id; self.layout = layout; self.config = config
        process = id.index - layout.serverCount
        leaders = (0..<config.partitionCount).map { config.replicas(of: $0, brokers: layout.serverCount - 1).first ?? 1 }
    }

    public mutating func start(_ context: inout KafkaContext) {
        if let every = config.workload.readEvery { context.setTimer(.read, after: every) }
    }

    mutating func read(_ p: Int, _ context: inout KafkaContext) {
        request += 1
        current = (request, p)
        context.record(HistoryOperation(process: process, type: .invoke, f: "read", key: config.partitionName(p), value: .null))
        context.send(.readCommitted(request: request, partition: p), to: NodeID(leaders[p]))
        context.setTimer(.retry, after: config.workload.retryAfter)
    }

    public mutating func receive(_ message: KafkaMessage, from: NodeID, _ context: inout KafkaContext) {
        guard case .readReply(let r, let p, let records, let leader) = message, let c = current, c.request == r else { return }
        if let records {
            finish(.ok, KafkaHistory.readValue(records), &context)
        } else {
            if let leader { leaders[p] = leader } else { leaders[p] = from.index % (layout.serverCount - 1) + 1 }
            finish(.fail, .null, &context)
        }
    }

    public mutating func timerFired(_ tag: KafkaTimer, _ context: inout KafkaContext) {
        switch tag {
        case .read:
            read(0, &context)
        case .retry:
            guard let c = current else { return }
            leaders[c.partition] = leaders[c.partition] % (layout.serverCount - 1) + 1
            finish(.info, .null, &context)
        default: break
        }
    }

    mutating func finish(_ type: HistoryOperation.Kind, _ value: HistoryValue, _ context: inout KafkaContext) {
        guard let c = current else { return }
        context.record(HistoryOperation(process: process, type: type, f: "read", key: config.partitionName(c.partition), value: value))
        if type == .info { process += layout.clientCount }
        context.cancelTimer(.retry)
        reads += 1
        current = nil
        if c.partition + 1 < config.partitionCount { read(c.partition + 1, &context) }
        else if let every = config.workload.readEvery { context.setTimer(.read, after: every) }
    }

    public var summary: NodeSummary {
        NodeSummary(role: "reader", tone: .neutral, fields: [.init("reads", String(reads))],
                    details: ["reads every partition's committed log every " + (config.workload.readEvery.map(DurationText.format) ?? "never")])
    }
}

/// How sends and reads are written in the history.
public enum KafkaHistory {
    public static func sendValue(_ r: KafkaRecord, offset: Int? = nil) -> HistoryValue {
        var v: [HistoryValue] = [.string(r.key), .int(r.value), .int(Int64(r.producer)), .int(Int64(r.sequence))]
        if let offset { v.append(.int(Int64(offset))) }
        return .list(v)
    }

    public static func readValue(_ records: [KafkaRecord]) -> HistoryValue {
        .list(records.map { .list([.int(Int64($0.producer)), .int(Int64($0.sequence)), .int($0.value)]) })
    }
}
