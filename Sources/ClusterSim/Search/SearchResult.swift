/// A safety property of a model-checking state.
public struct StateInvariant<Node: NodeStateMachine & Hashable>: Sendable where Node.Message: Hashable {
    public var name: String
    /// A description of what is wrong, or nil when the property holds.
    public var check: @Sendable (SearchState<Node>) -> String?

    public init(_ name: String, check: @escaping @Sendable (SearchState<Node>) -> String?) {
        self.name = name; self.check = check
    }

    /// An invariant over the nodes' states alone (what most are).
    public init(_ name: String, nodes check: @escaping @Sendable ([Node]) -> String?) {
        self.init(name) { check($0.nodes) }
    }
}

/// One choice of a schedule: a message delivered, a timer fired, or (when
/// the search may drop messages) a message lost.
public struct ScheduleStep<Node: NodeStateMachine & Hashable>: Hashable, CustomStringConvertible where Node.Message: Hashable {
    public enum Action: Hashable {
        case deliver(InFlightPacket<Node.Message>)
        case fire(NodeID, Node.TimerTag)
        case drop(InFlightPacket<Node.Message>)
    }

    public var action: Action
    /// How the step reads: `deliver RequestVote(t2, last 0@t0) n1→n3`, `fire election at n2`.
    public var text: String

    init(_ action: Action, layout: ClusterLayout) {
        self.action = action
        switch action {
        case .deliver(let p): text = "deliver \(p.message) \(layout.name(p.from))→\(layout.name(p.to))"
        case .fire(let n, let tag): text = "fire \(tag) at \(layout.name(n))"
        case .drop(let p): text = "drop \(p.message) \(layout.name(p.from))→\(layout.name(p.to))"
        }
    }

    public var description: String { text }
}

/// What a search found.
public enum SearchResult<Node: NodeStateMachine & Hashable> where Node.Message: Hashable {
    /// An invariant broke; the schedule is a shortest one that breaks it
    /// (breadth-first: no shorter schedule reaches a violating state).
    case violation(invariant: String, message: String, schedule: [ScheduleStep<Node>])
    /// A goal state is reachable; the schedule is a shortest way there.
    case goalReached(schedule: [ScheduleStep<Node>])
    /// Every reachable state (short of pruned branches) was explored.
    case exhausted(states: Int, depth: Int)
    /// A limit (depth, states, steps, or the caller's stop) ended the search first.
    case limit(states: Int, depth: Int)

    /// The schedule found (empty when the search found nothing).
    public var schedule: [ScheduleStep<Node>] {
        switch self {
        case .violation(_, _, let s), .goalReached(let s): return s
        case .exhausted, .limit: return []
        }
    }
}

/// What a search did, for its report: states explored, how deep it got,
/// handler calls made, and the limit that stopped it, if one did.
public struct SearchStatistics: Sendable, Hashable {
    public enum Limit: String, Sendable, Hashable {
        case depth, states, steps, stopped
    }
    /// Distinct states reached (the initial state included).
    public var states = 0
    /// The length of the longest schedule explored.
    public var depth = 0
    /// Handler calls made (one per transition tried).
    public var steps = 0
    public var limit: Limit?

    /// States per second over `seconds` measured by the caller (the engine reads no clock).
    public func statesPerSecond(_ seconds: Double) -> Double { seconds > 0 ? Double(states) / seconds : 0 }
}
