import ClusterSim

/// What a student's vector-clock node is: a node that runs the given
/// chatter workload (`Chatter`) and keeps its own vector clock by the
/// update rules, stamping every event; the suite compares each stamp with
/// the causal order the engine itself records.
public protocol VectorClockNode: NodeStateMachine where Config == VectorClocksConfig {
    /// This node's vector clock now: one entry per node of the run, by node index.
    var clock: [Int] { get }
    /// The clock of each of this node's events so far, in order. Its start,
    /// every timer it handles, every message it receives and every message
    /// it sends is one event.
    var stamps: [[Int]] { get }
    /// How the event stamped `a` is related to the event stamped `b` (any
    /// node answers; the suite asks the first).
    func order(_ a: [Int], _ b: [Int]) -> CausalOrder
}

/// How two events are related in the causal (happened-before) order.
public enum CausalOrder: String, Sendable, Hashable, CaseIterable {
    /// The first happened before the second.
    case before
    /// The second happened before the first.
    case after
    /// Neither happened before the other.
    case concurrent
    /// They are the same event.
    case same
}

/// The run's parameters, shared by every node: the chatter's pace and mix.
public struct VectorClocksConfig: Sendable, Hashable {
    /// Mean time between a node's chatter timers; each is drawn from half to one and a half of it.
    public var interval: Int64
    /// On a timer, the chance the node sends (to one random peer, sometimes two); otherwise the timer is a local event only.
    public var sendChance: Double
    /// On receiving, the chance the node answers the sender at once.
    public var replyChance: Double
    /// nil for students; instructors' known-buggy variants of the reference solution read it.
    public var variant: String?

    public init(interval: Int64 = 50_000, sendChance: Double = 0.6, replyChance: Double = 0.3, variant: String? = nil) {
        self.interval = interval; self.sendChance = sendChance; self.replyChance = replyChance; self.variant = variant
    }
}

/// The workload the node runs (given, not the student's job): it decides,
/// from the run's generator, whom a node talks to and when. Call it exactly
/// where the starter code does, so every solution runs the same chatter.
public enum Chatter {
    /// On a chatter timer: the peers to send to now (none: a local event
    /// only), and the delay until the next timer.
    public static func onTimer<N: VectorClockNode>(_ context: inout NodeContext<N>, _ config: VectorClocksConfig) -> (sendTo: [NodeID], next: Int64) {
        var sendTo: [NodeID] = []
        if context.chance(config.sendChance) {
            sendTo.append(randomPeer(&context))
            if context.chance(0.25) { sendTo.append(randomPeer(&context)) }
        }
        return (sendTo, nextDelay(&context, config))
    }

    /// The delay until a node's first chatter timer (and every later one).
    public static func nextDelay<N: VectorClockNode>(_ context: inout NodeContext<N>, _ config: VectorClocksConfig) -> Int64 {
        let half = max(1, config.interval / 2)
        return half + Int64(context.random(below: Int(2 * half)))
    }

    /// On receiving from `from`: whether to answer it at once.
    public static func replies<N: VectorClockNode>(_ context: inout NodeContext<N>, _ config: VectorClocksConfig) -> Bool {
        context.chance(config.replyChance)
    }

    static func randomPeer<N: VectorClockNode>(_ context: inout NodeContext<N>) -> NodeID {
        let servers = context.layout.serverCount
        let r = context.random(below: max(1, servers - 1))
        return NodeID(r >= context.id.index ? r + 1 : r)
    }
}
