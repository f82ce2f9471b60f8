import ClusterSim

/// The node type the engine runs for `protocol: kafka`: n1 the controller,
/// n2…nN brokers, clients producers, and the last client a reader when the
/// workload sets `read_every` and there are two clients or more.
public struct KafkaProcess: NodeStateMachine {
    public typealias Message = KafkaMessage
    public typealias TimerTag = KafkaTimer
    public typealias Durable = KafkaDurable
    public typealias Config = KafkaConfig

    public static let protocolName = "kafka"

    public private(set) var controller: KafkaController?
    public private(set) var broker: KafkaBroker?
    public private(set) var producer: KafkaProducer?
    public private(set) var reader: KafkaReader?
    /// Messages this process has received (for benchmarks).
    public private(set) var received = 0

    public init(id: NodeID, layout: ClusterLayout, config: KafkaConfig, durable: KafkaDurable?) {
        if id.index == 0 {
            controller = KafkaController(config: config, layout: layout, durable: durable)
        } else if !layout.isClient(id) {
            broker = KafkaBroker(id: id, config: config, durable: durable)
        } else if config.workload.readEvery != nil, layout.clientCount > 1, id.index == layout.serverCount + layout.clientCount - 1 {
            reader = KafkaReader(id: id, layout: layout, config: config)
        } else {
            producer = KafkaProducer(id: id, layout: layout, config: config)
        }
    }

    public mutating func start(_ context: inout KafkaContext) {
        controller?.start(&context); broker?.start(&context); producer?.start(&context); reader?.start(&context)
    }

    public mutating func receive(_ message: KafkaMessage, from: NodeID, _ context: inout KafkaContext) {
        received &+= 1
        controller?.receive(message, from: from, &context)
        broker?.receive(message, from: from, &context)
        producer?.receive(message, from: from, &context)
        reader?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: KafkaTimer, _ context: inout KafkaContext) {
        controller?.timerFired(tag, &context)
        broker?.timerFired(tag, &context)
        producer?.timerFired(tag, &context)
        reader?.timerFired(tag, &context)
    }

    public var summary: NodeSummary {
        controller?.summary ?? broker?.summary ?? producer?.summary ?? reader?.summary ?? NodeSummary(role: "?")
    }
}
