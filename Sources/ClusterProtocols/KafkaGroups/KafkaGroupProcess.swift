import ClusterSim

public typealias KafkaGroupContext = NodeContext<KafkaGroupProcess>

/// The node type the engine runs for `protocol: kafka-groups`: servers are
/// brokers (one of them the group's coordinator), clients are the group's consumers.
public struct KafkaGroupProcess: NodeStateMachine, Hashable {
    public typealias Message = KafkaGroupMessage
    public typealias TimerTag = KafkaGroupTimer
    public typealias Durable = KafkaGroupDurable
    public typealias Config = KafkaGroupConfig

    public static let protocolName = "kafka-groups"

    public private(set) var broker: GroupBroker?
    public private(set) var consumer: GroupConsumer?

    public init(id: NodeID, layout: ClusterLayout, config: KafkaGroupConfig, durable: KafkaGroupDurable?) {
        if layout.isClient(id) {
            consumer = GroupConsumer(config: config, process: id.index - layout.serverCount)
        } else {
            broker = GroupBroker(id: id, config: config, durable: durable)
        }
    }

    public mutating func start(_ context: inout KafkaGroupContext) {
        broker?.start(&context); consumer?.start(&context)
    }

    public mutating func receive(_ message: KafkaGroupMessage, from: NodeID, _ context: inout KafkaGroupContext) {
        consumer?.receive(message, from: from, &context)
        if broker != nil {
            broker!.receive(message, from: from, &context)
            context.persist(broker!.durable)
        }
    }

    public mutating func timerFired(_ tag: KafkaGroupTimer, _ context: inout KafkaGroupContext) {
        consumer?.timerFired(tag, &context)
        if broker != nil {
            broker!.timerFired(tag, &context)
            context.persist(broker!.durable)
        }
    }

    public mutating func command(_ text: String, _ context: inout KafkaGroupContext) {
        let words = text.split(separator: " ")
        guard broker != nil, words.first == "produce" else {
            context.log("ignores '\(text)': brokers take `produce [N]`"); return
        }
        let n = words.count > 1 ? Int(words[1]) ?? 1 : 1
        broker!.produce(max(1, min(n, 10_000)), &context)
        context.persist(broker!.durable)
    }

    public static let commands = [
        CommandUsage("produce", ["[N]"], example: "produce 5", help: "a producer appends N records (default 1) to each partition this broker leads"),
    ]

    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }

    public var summary: NodeSummary {
        broker?.summary ?? consumer?.summary ?? NodeSummary(role: "idle")
    }
}
