import ClusterSim

/// The node type the engine runs for `protocol: 2pc`: coordinator (or its
/// Raft replicas) n1…nK, participants after them, then the clients.
public struct TwoPCProcess: NodeStateMachine {
    public typealias Message = TwoPCMessage
    public typealias TimerTag = TwoPCTimer
    public typealias Durable = TwoPCDurable
    public typealias Config = TwoPCConfig

    public static let protocolName = "2pc"

    public private(set) var coordinator: TwoPCCoordinator?
    public private(set) var participant: TwoPCParticipant?
    public private(set) var client: TwoPCClient?

    public init(id: NodeID, layout: ClusterLayout, config: TwoPCConfig, durable: TwoPCDurable?) {
        if layout.isClient(id) {
            client = TwoPCClient(id: id, layout: layout, config: config)
        } else if config.isCoordinator(id) {
            coordinator = TwoPCCoordinator(id: id, layout: layout, config: config, durable: durable)
        } else {
            guard case .participant(let d)? = durable else {
                participant = TwoPCParticipant(id: id, layout: layout, config: config, durable: nil); return
            }
            participant = TwoPCParticipant(id: id, layout: layout, config: config, durable: d)
        }
    }

    public mutating func start(_ context: inout TwoPCContext) {
        coordinator?.start(&context); participant?.start(&context); client?.start(&context)
    }

    public mutating func receive(_ message: TwoPCMessage, from: NodeID, _ context: inout TwoPCContext) {
        coordinator?.receive(message, from: from, &context)
        participant?.receive(message, from: from, &context)
        client?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: TwoPCTimer, _ context: inout TwoPCContext) {
        if case .inquire(let t) = tag { participant?.inquire(t, &context) }
        coordinator?.timerFired(tag, &context)
        client?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout TwoPCContext) {
        if coordinator != nil { return coordinator!.command(text, &context) }
        context.log("ignores command '\(text)': submit transactions at the coordinator"
                    + (client != nil ? "; clients run their own workload" : ""))
    }

    public static let commands = [
        CommandUsage("submit", ["[KEY=VALUE …]"], example: "submit k0=1 k1=2",
                     help: "the coordinator runs a transaction (no writes: random keys)"),
    ]
    /// Servers only; a participant logs that it takes none (the layout does not say which servers coordinate).
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }
}

/// What survives a crash: the coordinator's decision log, a replica's Raft
/// state (its decisions are replayed from the log), or a participant's
/// data, prepare records and outcomes.
public enum TwoPCDurable: Sendable, Hashable {
    case coordinator(TwoPCCoordinatorLog)
    case replica(RaftDurable)
    case participant(TwoPCParticipantLog)
}
