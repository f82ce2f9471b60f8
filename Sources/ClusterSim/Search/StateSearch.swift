/// Limits and choices of a model-checking search.
public struct SearchSettings: Sendable {
    /// How the search remembers the states it has seen.
    public enum Visited: String, Sendable, Hashable, CaseIterable {
        /// Every state seen (packed): exact.
        case states
        /// 64-bit hashes only: less memory (the frontier's states are still
        /// kept) and faster, at the (tiny) risk that a collision skips a
        /// state never seen.
        case hashes
    }

    /// The longest schedule explored; states at this depth are not expanded.
    public var maxDepth = 20
    /// Distinct states after which the search stops.
    public var maxStates = 1_000_000
    /// Handler calls after which the search stops: a time budget counted in
    /// work, so a test's result does not depend on the machine.
    public var maxSteps = Int.max
    /// Also try losing each message in flight (off: the network is reliable
    /// and only reorders).
    public var dropMessages = false
    public var visited: Visited = .states
    /// Asked every 1024 states; true stops the search (`.limit`). A benchmark
    /// passes a wall-clock deadline here; the engine itself reads no clock.
    public var shouldStop: (@Sendable () -> Bool)?
    /// Seeds the generator a handler's `context.random` draws from. Every
    /// handler call starts it afresh, so a transition is a function of the state.
    public var seed: UInt64 = 0

    public init(maxDepth: Int = 20, maxStates: Int = 1_000_000, maxSteps: Int = .max, dropMessages: Bool = false,
                visited: Visited = .states, shouldStop: (@Sendable () -> Bool)? = nil) {
        self.maxDepth = maxDepth; self.maxStates = maxStates; self.maxSteps = maxSteps
        self.dropMessages = dropMessages; self.visited = visited; self.shouldStop = shouldStop
    }
}

/// A breadth-first model checker over a protocol's pure node API, as DSLabs'
/// search tests are: from the state after every node has started, it tries
/// every order of message deliveries and timer firings, checks invariants on
/// every state it reaches, and reports the shortest schedule to a violation
/// or to a goal.
///
/// States are stored packed (`StateTable`): each node's state once, a
/// state as its nodes' numbers plus its messages in flight.
///
/// Time plays no part: any pending timer may fire at any moment and any
/// message may arrive in any order (a timer's delay and jitter are ignored).
/// Nodes never crash. States are told apart by value (or by hash, see
/// `SearchSettings.visited`), so node state must be `Hashable`, and should
/// hold nothing that differs between equal situations (counters kept for
/// statistics make equal states look different and the search slower).
///
/// ```swift
/// let search = StateSearch<MyNode>(layout: ClusterLayout(servers: 3), config: .init())
/// let result = search.run(invariants: [StateInvariant("one leader", nodes: atMostOneLeader)])
/// if case .violation(let name, let why, let schedule) = result { … }
/// ```
public final class StateSearch<Node: NodeStateMachine & Hashable> where Node.Message: Hashable {
    public typealias State = SearchState<Node>

    public let layout: ClusterLayout
    public let config: Node.Config
    public let settings: SearchSettings
    /// What the last `run` did.
    public private(set) var statistics = SearchStatistics()
    /// The state the last `run` ended on: the violating or goal state.
    public private(set) var found: State?
    private var context: NodeContext<Node>

    public init(layout: ClusterLayout, config: Node.Config, settings: SearchSettings = SearchSettings()) {
        self.layout = layout; self.config = config; self.settings = settings
        context = NodeContext(id: NodeID(0), layout: layout)
    }

    /// Every node made with no durable state and started in id order, as a
    /// `Simulation` does at time 0.
    public var initialState: State {
        var s = State(nodes: layout.all.map { Node(id: $0, layout: layout, config: config, durable: nil) })
        for i in 0..<layout.count { handle(i, in: &s) { node, ctx in node.start(&ctx) } }
        return s
    }

    /// Searches breadth-first from `origin` (a run's `searchState` part-way
    /// through a scenario: the search then explores every order of what can
    /// happen next), or from `initialState`.
    ///
    /// - Parameters:
    ///   - invariants: checked on every state reached; the first to fail ends the search.
    ///   - prune: a state for which it holds is checked but not expanded
    ///     (for example, stop once a leader is elected).
    ///   - goal: a state for which it holds ends the search with `.goalReached`.
    public func run(from origin: State? = nil, invariants: [StateInvariant<Node>] = [], prune: ((State) -> Bool)? = nil,
                    goal: ((State) -> Bool)? = nil) -> SearchResult<Node> {
        statistics = SearchStatistics()
        found = nil
        var table = StateTable<Node>()
        var visited = VisitedSet<StateTable<Node>.Packed>(settings.visited)
        // The tree of first discoveries: a state's parent and the choice that
        // led to it, so a schedule is rebuilt only for the state reported.
        var trail: [(parent: Int32, choice: Int32)] = [(-1, -1)]
        let start = origin ?? initialState
        let root = table.pack(start)
        _ = visited.insert(root)
        statistics.states = 1

        func verdict(_ s: State, _ index: Int) -> SearchResult<Node>? {
            for inv in invariants {
                if let why = inv.check(s) {
                    found = s
                    return .violation(invariant: inv.name, message: why, schedule: schedule(to: index, from: start, trail, &table))
                }
            }
            if let goal, goal(s) { found = s; return .goalReached(schedule: schedule(to: index, from: start, trail, &table)) }
            return nil
        }

        if let v = verdict(start, 0) { return v }
        var frontier: [(state: StateTable<Node>.Packed, index: Int32)] = []
        if prune?(start) != true { frontier.append((root, 0)) }
        var depth = 0
        while !frontier.isEmpty {
            if depth >= settings.maxDepth { return stop(.depth) }
            var next: [(state: StateTable<Node>.Packed, index: Int32)] = []
            for (packed, index) in frontier {
                // Choices are numbered in the unpacked state, which the
                // schedule's rebuild unpacks the same way.
                let s = table.unpack(packed)
                for (c, choice) in choices(in: s).enumerated() {
                    if statistics.steps >= settings.maxSteps { return stop(.steps) }
                    statistics.steps += 1
                    var t = s
                    let changed = apply(choice, to: &t)
                    let tp = table.pack(t, from: packed, changed: changed)
                    guard visited.insert(tp) else { continue }
                    trail.append((index, Int32(c)))
                    statistics.states += 1
                    statistics.depth = depth + 1
                    if let v = verdict(t, trail.count - 1) { return v }
                    if statistics.states >= settings.maxStates { return stop(.states) }
                    if statistics.states & 1023 == 0, settings.shouldStop?() == true { return stop(.stopped) }
                    if prune?(t) != true { next.append((tp, Int32(trail.count - 1))) }
                }
            }
            frontier = next
            depth += 1
        }
        return .exhausted(states: statistics.states, depth: statistics.depth)
    }

    private func stop(_ limit: SearchStatistics.Limit) -> SearchResult<Node> {
        statistics.limit = limit
        return .limit(states: statistics.states, depth: statistics.depth)
    }

    // MARK: Transitions

    enum Choice {
        case deliver(Int)
        case fire(node: Int, Int)
        case drop(Int)
    }

    /// Every distinct thing that can happen next, in a fixed order:
    /// deliveries, then timers node by node, then losses.
    func choices(in s: State) -> [Choice] {
        var out: [Choice] = []
        for i in s.network.elements.indices where !s.network.repeatsEarlier(i) { out.append(.deliver(i)) }
        for (n, timers) in s.pending.enumerated() {
            for i in timers.elements.indices { out.append(.fire(node: n, i)) }
        }
        if settings.dropMessages {
            for i in s.network.elements.indices where !s.network.repeatsEarlier(i) { out.append(.drop(i)) }
        }
        return out
    }

    /// Takes the step; returns the node whose state or timers it changed.
    @discardableResult
    func apply(_ choice: Choice, to s: inout State) -> Int? {
        switch choice {
        case .deliver(let i):
            let p = s.network.remove(at: i)
            handle(p.to.index, in: &s) { node, ctx in node.receive(p.message, from: p.from, &ctx) }
            return p.to.index
        case .fire(let n, let i):
            let tag = s.pending[n].remove(at: i)
            handle(n, in: &s) { node, ctx in node.timerFired(tag, &ctx) }
            return n
        case .drop(let i):
            s.network.remove(at: i)
            return nil
        }
    }

    func step(_ choice: Choice, in s: State) -> ScheduleStep<Node> {
        switch choice {
        case .deliver(let i): return ScheduleStep(.deliver(s.network.elements[i]), layout: layout)
        case .fire(let n, let i): return ScheduleStep(.fire(NodeID(n), s.pending[n].elements[i]), layout: layout)
        case .drop(let i): return ScheduleStep(.drop(s.network.elements[i]), layout: layout)
        }
    }

    /// Calls one handler and applies its effects the way `Simulation` does:
    /// cancelled timers go, then set ones are added, then sends join the network.
    private func handle(_ p: Int, in s: inout State, _ body: (inout Node, inout NodeContext<Node>) -> Void) {
        context.reset(for: NodeID(p), lamport: 0)
        context.random = SeededRandom(seed: settings.seed)
        body(&s.nodes[p], &context)
        for tag in context.timersCancelled { s.pending[p].removeFirst(tag) }
        for t in context.timersSet { s.pending[p].insertOnce(t.tag) }
        for send in context.sends {
            precondition(send.to.index >= 0 && send.to.index < layout.count,
                         "node \(layout.name(NodeID(p))) sent to unknown node #\(send.to.index)")
            s.network.append(InFlightPacket(from: NodeID(p), to: send.to, message: send.message))
        }
    }

    /// The schedule to the state discovered `index`-th, rebuilt by replaying
    /// the recorded choices from the initial state, packing and unpacking
    /// each state as the search did so the choices are numbered the same.
    private func schedule(to index: Int, from start: State, _ trail: [(parent: Int32, choice: Int32)],
                          _ table: inout StateTable<Node>) -> [ScheduleStep<Node>] {
        var picks: [Int] = []
        var i = index
        while i > 0 { picks.append(Int(trail[i].choice)); i = Int(trail[i].parent) }
        var packed = table.pack(start)
        var out: [ScheduleStep<Node>] = []
        for c in picks.reversed() {
            var s = table.unpack(packed)
            let choice = choices(in: s)[c]
            out.append(step(choice, in: s))
            let changed = apply(choice, to: &s)
            packed = table.pack(s, from: packed, changed: changed)
        }
        return out
    }
}

/// The states a search has seen, whole or as hashes.
///
/// Whole states are kept with their hash computed once, so the set's growth
/// rehashes an integer, not every node's state again.
struct VisitedSet<State: Hashable> {
    struct Hashed: Hashable {
        let hash: Int
        let state: State
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (a: Hashed, b: Hashed) -> Bool { a.hash == b.hash && a.state == b.state }
    }
    private var states: Set<Hashed> = []
    private var hashes: Set<Int> = []
    private let whole: Bool

    init(_ kind: SearchSettings.Visited) { whole = kind == .states }

    /// Adds `s`; false if it was seen before.
    mutating func insert(_ s: State) -> Bool {
        let h = s.hashValue
        return whole ? states.insert(Hashed(hash: h, state: s)).inserted : hashes.insert(h).inserted
    }
}
