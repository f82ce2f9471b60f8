import ClusterSim
import ExerciseKit

/// Reference solution of `vector-clocks`: the Fidge–Mattern rules. Tick
/// the own entry on a local event and a send (the message carries the clock
/// after the tick); on a receive, merge entrywise then tick the own entry.
///
/// Known-buggy variants (`config.variant`):
/// - `merge-without-tick`: a receive merges but does not tick.
/// - `tick-sender-entry`: a receive merges, then ticks the sender's entry instead of its own.
/// - `sum-order`: `order` compares the sums of the vectors, as if they were Lamport clocks.
/// - `order-unwritten`: `order` as the starter ships it (always `same`), to prove it reads "not implemented yet".
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
        tick(id)
    }

    /// A send to `peer`: update the clock, stamp the event, and send the clock on the message.
    mutating func send(to peer: NodeID, _ context: inout NodeContext<ClockNode>) {
        tick(id)
        context.send(Message(clock: clock), to: peer)
    }

    /// A message carrying `theirs` arrived from `from`: update the clock and stamp the event.
    mutating func received(_ theirs: [Int], from: NodeID, _ context: inout NodeContext<ClockNode>) {
        for k in clock.indices where k < theirs.count { clock[k] = max(clock[k], theirs[k]) }
        if config.variant == "merge-without-tick" { stamps.append(clock); return }
        tick(config.variant == "tick-sender-entry" ? from : id)
    }

    /// Adds one to `entry`'s count and stamps the event.
    mutating func tick(_ entry: NodeID) {
        clock[entry.index] += 1
        stamps.append(clock)
    }

    /// How the event stamped `a` is related to the event stamped `b`.
    public func order(_ a: [Int], _ b: [Int]) -> CausalOrder {
        if a == b || config.variant == "order-unwritten" { return .same }
        if config.variant == "sum-order" {
            let sa = a.reduce(0, +), sb = b.reduce(0, +)
            return sa < sb ? .before : sa > sb ? .after : .concurrent
        }
        let aBelow = zip(a, b).allSatisfy { $0 <= $1 }, bBelow = zip(a, b).allSatisfy { $0 >= $1 }
        return aBelow ? .before : bBelow ? .after : .concurrent
    }

    public var summary: NodeSummary {
        NodeSummary(role: "clock", tone: .follower, fields: [.init("clock", ClockNode.text(clock)), .init("events", "\(stamps.count)")],
                    details: stamps.suffix(20).enumerated().map { "event \(stamps.count - min(20, stamps.count) + $0.offset + 1): \(ClockNode.text($0.element))" })
    }

    static func text(_ v: [Int]) -> String { "[" + v.map(String.init).joined(separator: ",") + "]" }
}
