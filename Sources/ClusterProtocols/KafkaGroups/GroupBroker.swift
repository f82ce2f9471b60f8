import ClusterSim

/// A broker: it leads some partitions of the topics (their records are
/// just offsets here; replication is left to the `kafka` protocol) and
/// serves fetches. The coordinator broker also runs the group coordinator.
public struct GroupBroker: Sendable, Hashable {
    public let config: KafkaGroupConfig
    /// The end offset of each partition this broker leads.
    public private(set) var logEnd: GroupOffsets = [:]
    public var coordinator: GroupCoordinator?

    init(id: NodeID, config: KafkaGroupConfig, durable: KafkaGroupDurable?) {
        self.config = config
        for p in config.allPartitions where config.leader(of: p) == id { logEnd[p] = durable?.logEnd[p] ?? config.prefill }
        if config.coordinator == id { coordinator = GroupCoordinator(config: config, durable: durable) }
    }

    var durable: KafkaGroupDurable {
        KafkaGroupDurable(committed: coordinator?.committed ?? [:], outputs: coordinator?.outputs ?? 0, logEnd: logEnd)
    }

    mutating func start(_ context: inout KafkaGroupContext) {
        if let every = config.produceEvery, !logEnd.isEmpty { context.setTimer(.produce, after: every) }
    }

    mutating func receive(_ message: KafkaGroupMessage, from: NodeID, _ context: inout KafkaGroupContext) {
        if case .fetch(let p, let offset, let max) = message {
            let end = logEnd[p] ?? 0
            let from0 = Swift.min(Swift.max(offset, 0), end)
            context.send(.records(partition: p, offsets: Array(from0..<Swift.min(end, from0 + max))), to: from)
            return
        }
        coordinator?.receive(message, from: from, &context)
    }

    mutating func timerFired(_ tag: KafkaGroupTimer, _ context: inout KafkaGroupContext) {
        if tag == .produce, let every = config.produceEvery {
            for p in logEnd.keys { logEnd[p]! += 1 }
            context.setTimer(.produce, after: every)
            return
        }
        coordinator?.timerFired(tag, &context)
    }

    /// `produce N`: the producer appends N records to every partition this broker leads.
    mutating func produce(_ n: Int, _ context: inout KafkaGroupContext) {
        for p in logEnd.keys { logEnd[p]! += n }
        context.log("appends \(n) record(s) to \(KafkaGroupMessage.list(Array(logEnd.keys)))")
    }

    public var summary: NodeSummary {
        let logs = logEnd.keys.sorted().map { "\($0) 0..\(logEnd[$0]! - 1)" }
        guard let c = coordinator else {
            return NodeSummary(role: "broker", fields: [.init("leads", KafkaGroupMessage.list(Array(logEnd.keys)))],
                               details: ["leads " + (logs.isEmpty ? "-" : logs.joined(separator: ", ")),
                                         "replication is left out here (see the kafka protocol)"])
        }
        let tone: NodeSummary.Tone = c.state == .stable ? .leader : c.state == .empty ? .neutral : .warning
        return NodeSummary(role: "coordinator", tone: tone, epoch: c.generation, fields: [
            .init("group", c.state.short), .init("gen", "\(c.generation)"),
            .init("members", c.members.keys.sorted().joined(separator: ",")),
            .init("committed", c.committed.isEmpty ? "-" : c.committed.keys.sorted().map { "\($0.index):\(c.committed[$0]!)" }.joined(separator: " ")),
            .init("fenced", "\(c.fenced)"),
            .init("leads", KafkaGroupMessage.list(Array(logEnd.keys))),
        ], details: c.details + ["leads " + (logs.isEmpty ? "-" : logs.joined(separator: ", ")),
                                 "replication is left out here (see the kafka protocol)"])
    }
}
