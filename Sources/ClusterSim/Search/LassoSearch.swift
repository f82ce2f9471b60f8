/// An infinite schedule written finitely: `prefix` leads from the search's
/// start to a state, and `cycle` leads from that state back to one the
/// abstraction cannot tell from it, so the cycle can be taken again, and
/// again, forever. `schedule` is the prefix followed by the cycle taken
/// `loops` times, each loop as it reads in the concrete run (a Raft loop
/// ends one term higher than it began, so its messages' terms differ from
/// the previous loop's): an ordinary schedule `ScheduleReplay` replays.
public struct Lasso<Node: NodeStateMachine & Hashable> where Node.Message: Hashable {
    public var prefix: [ScheduleStep<Node>]
    /// The first time round the cycle.
    public var cycle: [ScheduleStep<Node>]
    /// The prefix, then every time round the cycle.
    public var schedule: [ScheduleStep<Node>]
    public var loops: Int
}

/// What a lasso search found.
public enum LassoResult<Node: NodeStateMachine & Hashable> where Node.Message: Hashable {
    /// A reachable cycle that avoids every pruned state.
    case lasso(Lasso<Node>)
    /// Every reachable state short of the pruned ones was explored and none
    /// lies on a cycle: no schedule postpones the pruned states forever.
    case exhausted(states: Int, depth: Int)
    /// A limit stopped the search and the states explored hold no cycle.
    case limit(states: Int, depth: Int)
    /// The abstraction is not honest: a step of the cycle, taken in the
    /// concrete run, has no counterpart, or does not come back to an
    /// equivalent state. The text says where.
    case notAnAbstraction(String)

    public var lasso: Lasso<Node>? { if case .lasso(let l) = self { return l } else { return nil } }
}

/// Searches for infinite postponement: a schedule that loops forever
/// without reaching a state `prune` picks out (a leader, a decision), as
/// the adversary of Fischer, Lynch and Paterson's proof schedules one.
///
/// States are explored breadth-first as `StateSearch` does, but each is
/// first mapped by `canonical`: a representative of the states that behave
/// alike from here on (Raft's leaderless states modulo a shift of every
/// term). The explored graph's transitions are real steps, so a cycle in it
/// is a real lasso: the search finds the strongly connected components of
/// the graph minus the pruned states, takes the component state reached by
/// the shortest prefix, and the shortest cycle through it.
///
/// `canonical` must keep the order of messages and timers (it maps values
/// in place) and must commute with the protocol's steps. The search checks
/// the second on what it reports: it replays the lasso in concrete states,
/// matching each step by its canonical form, and checks that every loop
/// returns to the cycle's canonical state (`.notAnAbstraction` otherwise).
public final class LassoSearch<Node: NodeStateMachine & Hashable> where Node.Message: Hashable {
    public typealias State = SearchState<Node>
    private let steps: StateSearch<Node>
    public var settings: SearchSettings { steps.settings }
    public private(set) var statistics = SearchStatistics()

    public init(layout: ClusterLayout, config: Node.Config, settings: SearchSettings = SearchSettings()) {
        steps = StateSearch(layout: layout, config: config, settings: settings)
    }

    public var initialState: State { steps.initialState }

    /// - Parameters:
    ///   - origin: where to start (a run's `searchState`), or the initial state.
    ///   - canonical: the abstraction, as a representative state.
    ///   - prune: states that end the postponement (a decision) or that the
    ///     search should not expand (a bound); no lasso goes through one.
    ///   - loops: how many times `schedule` goes round the cycle (at least 1).
    public func run(from origin: State? = nil, canonical: (State) -> State, prune: (State) -> Bool,
                    loops: Int = 1) -> LassoResult<Node> {
        statistics = SearchStatistics()
        let start = origin ?? initialState
        var graph = ExploredGraph<Node>()
        let root = graph.add(canonical(start), parent: -1, choice: -1, depth: 0)
        var frontier = [root]
        var depth = 0
        func finish(_ limit: SearchStatistics.Limit?) -> LassoResult<Node> {
            statistics.limit = limit
            guard let (entry, cycle) = graph.shortestLasso() else {
                return limit == nil ? .exhausted(states: statistics.states, depth: statistics.depth)
                    : .limit(states: statistics.states, depth: statistics.depth)
            }
            return concrete(graph, start: start, entry: entry, cycle: cycle, canonical: canonical, loops: max(1, loops))
        }
        statistics.states = 1
        while !frontier.isEmpty {
            if depth >= settings.maxDepth { return finish(.depth) }
            var next: [Int] = []
            for index in frontier {
                let s = graph.state(index)
                if prune(s) { graph.pruned.insert(index); continue }
                for (c, choice) in steps.choices(in: s).enumerated() {
                    if statistics.steps >= settings.maxSteps { return finish(.steps) }
                    statistics.steps += 1
                    var t = s
                    steps.apply(choice, to: &t)
                    let (to, isNew) = graph.find(canonical(t), parent: index, choice: c, depth: depth + 1)
                    graph.edges[index].append((choice: Int32(c), to: Int32(to)))
                    guard isNew else { continue }
                    statistics.states += 1
                    statistics.depth = depth + 1
                    next.append(to)
                    if statistics.states >= settings.maxStates { return finish(.states) }
                    if statistics.states & 1023 == 0, settings.shouldStop?() == true { return finish(.stopped) }
                }
            }
            frontier = next
            depth += 1
        }
        return finish(nil)
    }

    /// Walks the lasso in concrete states from `start`: each step is the
    /// choice whose canonical form is the graph's, and each loop must end
    /// where the cycle began, canonically.
    private func concrete(_ graph: ExploredGraph<Node>, start: State, entry: Int, cycle: [(choice: Int32, to: Int32)],
                          canonical: (State) -> State, loops: Int) -> LassoResult<Node> {
        var current = start
        var out: [ScheduleStep<Node>] = []
        func take(from index: Int, choice: Int32) -> String? {
            let stored = graph.state(index)
            let wanted = steps.step(steps.choices(in: stored)[Int(choice)], in: stored).action
            let here = canonical(current)
            guard here == stored else { return "step \(out.count + 1): the run is not in the state the search explored" }
            let options = steps.choices(in: here)
            guard let i = options.indices.first(where: { steps.step(options[$0], in: here).action == wanted }) else {
                return "step \(out.count + 1): nothing in the run matches \(steps.step(steps.choices(in: stored)[Int(choice)], in: stored))"
            }
            out.append(steps.step(options[i], in: current))
            steps.apply(options[i], to: &current)
            return nil
        }
        for (index, choice) in graph.path(to: entry) {
            if let problem = take(from: index, choice: choice) { return .notAnAbstraction(problem) }
        }
        let prefixCount = out.count
        for _ in 0..<loops {
            var at = entry
            for edge in cycle {
                if let problem = take(from: at, choice: edge.choice) { return .notAnAbstraction(problem) }
                at = Int(edge.to)
            }
            guard canonical(current) == graph.state(entry) else {
                return .notAnAbstraction("after step \(out.count): the cycle does not come back to an equivalent state")
            }
        }
        return .lasso(Lasso(prefix: Array(out[..<prefixCount]), cycle: Array(out[prefixCount..<(prefixCount + cycle.count)]),
                            schedule: out, loops: loops))
    }
}

/// The states a lasso search reached (canonical, packed), the tree of
/// first discoveries, and every transition tried between them.
struct ExploredGraph<Node: NodeStateMachine & Hashable> where Node.Message: Hashable {
    typealias Edge = (choice: Int32, to: Int32)
    private var table = StateTable<Node>()
    private var packed: [StateTable<Node>.Packed] = []
    private var numbers: [StateTable<Node>.Packed: Int] = [:]
    private var tree: [(parent: Int32, choice: Int32)] = []
    var edges: [[Edge]] = []
    var pruned: Set<Int> = []

    func state(_ i: Int) -> SearchState<Node> { table.unpack(packed[i]) }

    mutating func add(_ s: SearchState<Node>, parent: Int, choice: Int, depth: Int) -> Int {
        find(s, parent: parent, choice: choice, depth: depth).index
    }

    /// The state's number, and whether it is new (then recorded as reached from `parent` by `choice`).
    mutating func find(_ s: SearchState<Node>, parent: Int, choice: Int, depth: Int) -> (index: Int, isNew: Bool) {
        let p = table.pack(s)
        if let i = numbers[p] { return (i, false) }
        let i = packed.count
        packed.append(p); numbers[p] = i
        tree.append((Int32(parent), Int32(choice)))
        edges.append([])
        return (i, true)
    }

    /// The tree's path from the root to `index`, as (state, choice) pairs.
    func path(to index: Int) -> [(Int, Int32)] {
        var out: [(Int, Int32)] = []
        var i = index
        while tree[i].parent >= 0 { out.append((Int(tree[i].parent), tree[i].choice)); i = Int(tree[i].parent) }
        return out.reversed()
    }

    /// The cycle state discovered first (so with the shortest prefix: states
    /// are numbered breadth-first) and the shortest cycle through it.
    func shortestLasso() -> (entry: Int, cycle: [Edge])? {
        let component = components()
        var size: [Int: Int] = [:]
        for c in component where c >= 0 { size[c, default: 0] += 1 }
        for v in packed.indices where component[v] >= 0 {
            let selfLoop = edges[v].contains { Int($0.to) == v }
            guard selfLoop || size[component[v]]! > 1 else { continue }
            return (v, shortestCycle(through: v, within: component[v], component))
        }
        return nil
    }

    /// Breadth-first from `v` inside its component back to `v`.
    private func shortestCycle(through v: Int, within c: Int, _ component: [Int]) -> [Edge] {
        var via: [Int: (from: Int, edge: Edge)] = [:]
        var queue = [v]
        var head = 0
        while head < queue.count {
            let u = queue[head]; head += 1
            for e in edges[u] where component[Int(e.to)] == c {
                let w = Int(e.to)
                if w == v {
                    var cycle = [e]
                    var x = u
                    while x != v { let step = via[x]!; cycle.append(step.edge); x = step.from }
                    return cycle.reversed()
                }
                guard via[w] == nil else { continue }
                via[w] = (u, e)
                queue.append(w)
            }
        }
        preconditionFailure("a component of more than one state has a cycle through each of its states")
    }

    /// The strongly connected components of the graph without the pruned
    /// states; -1 for a pruned state.
    private func components() -> [Int] {
        StrongComponents.label(vertexCount: packed.count, includes: { !pruned.contains($0) },
                               degree: { edges[$0].count }, successor: { Int(edges[$0][$1].to) }).component
    }
}

extension SearchState {
    /// The same state with every node and every message in flight mapped in
    /// place (order kept): how an abstraction such as "terms shifted"
    /// builds its representative.
    public func mapped(nodes node: (Node) -> Node, messages message: (Node.Message) -> Node.Message) -> SearchState {
        var s = self
        s.nodes = nodes.map(node)
        s.network = Bag(mapping: network.elements) { InFlightPacket(from: $0.from, to: $0.to, message: message($0.message)) }
        return s
    }
}

extension Bag {
    init<T>(mapping elements: [T], _ transform: (T) -> Element) {
        self.init()
        for e in elements { append(transform(e)) }
    }
}
