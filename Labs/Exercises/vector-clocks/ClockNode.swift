import ClusterSim
import ExerciseKit

/// A node that chatters with its peers (the workload, `Chatter`, is given)
/// and keeps a vector clock: your part is the clock.
///
/// A pure state machine: handlers read only the node's state and their
/// input, and act only through `context`. Don't log from the handlers: a
/// log line is an event of its own in the engine's causal order, and your
/// stamps would no longer line up with the engine's.
public struct ClockNode: VectorClockNode {
    public static let protocolName = "vector-clocks"

    /// A chatter message; it carries the sender's clock.
    public struct Message: ProtocolMessage, Hashable {
        public var clock: [Int]
        public var kind: String { "Chat" }
        public var description: String { "Chat" + ClockNode.text(clock) }
    }

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case chat
        public var description: String { rawValue }
    }

    public let id: NodeID
    let config: VectorClocksConfig
    /// One entry per node of the run, by node index.
    public private(set) var clock: [Int]
    /// The clock of each of this node's events, in order.
    public private(set) var stamps: [[Int]] = []

    public init(id: NodeID, layout: ClusterLayout, config: VectorClocksConfig, durable: NoDurableState?) {
        self.id = id; self.config = config
        clock = Array(repeating: 0, count: layout.count)
    }

    // MARK: The workload (given): who talks to whom, when.

    public mutating func start(_ context: inout NodeContext<ClockNode>) {
        localEvent(&context)
        context.setTimer(.chat, after: Chatter.nextDelay(&context, config))
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<ClockNode>) {
        let plan = Chatter.onTimer(&context, config)
        localEvent(&context)
        for peer in plan.sendTo { send(to: peer, &context) }
        context.setTimer(.chat, after: plan.next)
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<ClockNode>) {
        received(message.clock, from: from, &context)
        if Chatter.replies(&context, config) { send(to: from, &context) }
    }

    // MARK: The clock (yours).

    /// A local event of this node (its start, a timer): update the clock and stamp the event.
    mutating func localEvent(_ context: inout NodeContext<ClockNode>) {
        todo("a local event: tick this node's entry and stamp the event", &context)
    }

    /// A send to `peer`: update the clock, stamp the event, and send the clock on the message.
    mutating func send(to peer: NodeID, _ context: inout NodeContext<ClockNode>) {
        todo("a send: tick, stamp, and send the clock on a message", &context)
    }

    /// A message carrying `theirs` arrived from `from`: update the clock and stamp the event.
    mutating func received(_ theirs: [Int], from: NodeID, _ context: inout NodeContext<ClockNode>) {
        todo("a receive: merge the message's clock, tick, and stamp", &context)
    }

    /// How the event stamped `a` is related to the event stamped `b`.
    public func order(_ a: [Int], _ b: [Int]) -> CausalOrder {
        // TODO: compare the two vectors entrywise.
        return .same
    }

    public var summary: NodeSummary {
        NodeSummary(role: "clock", tone: .follower, fields: [.init("clock", ClockNode.text(clock)), .init("events", "\(stamps.count)")],
                    details: stamps.suffix(20).enumerated().map { "event \(stamps.count - min(20, stamps.count) + $0.offset + 1): \(ClockNode.text($0.element))" })
    }

    static func text(_ v: [Int]) -> String { "[" + v.map(String.init).joined(separator: ",") + "]" }
}
