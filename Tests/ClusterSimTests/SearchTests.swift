import Testing
import ClusterSim

/// "Elect whoever asks": each server campaigns once (its `campaign` timer),
/// votes for itself and asks the others; one that holds a majority of votes
/// leads. The fixed version votes once; the buggy one grants every asker,
/// so two servers can both collect a majority.
struct AskFirstNode: NodeStateMachine, Hashable {
    static let protocolName = "ask-first"
    enum Message: ProtocolMessage, Hashable {
        case ask, grant, ping
        var kind: String { description }
        var isReply: Bool { self == .grant }
        var description: String {
            switch self { case .ask: return "Ask"; case .grant: return "Grant"; case .ping: return "Ping" }
        }
    }
    enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case campaign
        var description: String { rawValue }
    }
    struct Config: Sendable {
        /// The bug: a vote for every candidate that asks.
        var grantsEveryAsker = false
        /// For the duplicate test: n1 sends n2 two identical pings at start, nothing else.
        var twoPings = false
    }

    let id: NodeID
    let servers: Int
    let buggy: Bool
    let twoPings: Bool
    var votedFor: NodeID?
    var votes = 0
    var isLeader = false

    init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) {
        self.id = id; servers = layout.serverCount; buggy = config.grantsEveryAsker; twoPings = config.twoPings
    }

    mutating func start(_ context: inout NodeContext<AskFirstNode>) {
        if twoPings {
            if id.index == 0 { context.send(.ping, to: NodeID(1)); context.send(.ping, to: NodeID(1)) }
            return
        }
        context.setTimer(.campaign, after: 100_000)
    }

    mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<AskFirstNode>) {
        guard votedFor == nil || buggy else { return }
        votedFor = id
        votes = 1
        context.broadcast(.ask)
    }

    mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<AskFirstNode>) {
        switch message {
        case .ask:
            guard votedFor == nil || buggy else { return }
            if votedFor == nil { votedFor = from }
            context.send(.grant, to: from)
        case .grant:
            votes += 1
            if 2 * votes > servers { isLeader = true }
        case .ping:
            votes += 1
        }
    }

    var summary: NodeSummary { NodeSummary(role: isLeader ? "leader" : "follower") }
}

/// The model checker on a protocol small enough to reason about by hand.
@Suite struct SearchTests {
    typealias Search = StateSearch<AskFirstNode>
    static let three = ClusterLayout(servers: 3)
    static let oneLeader = StateInvariant<AskFirstNode>("at most one leader", nodes: { nodes in
        let leaders = nodes.filter(\.isLeader).map(\.id)
        return leaders.count > 1 ? "\(leaders.count) leaders" : nil
    })
    static func anyLeader(_ s: SearchState<AskFirstNode>) -> Bool { s.nodes.contains(where: \.isLeader) }

    /// Two leaders need two fires, two asks and two grants: six steps, no fewer.
    @Test func theBuggyProtocolElectsTwoLeadersInTheShortestSchedule() throws {
        let search = Search(layout: Self.three, config: .init(grantsEveryAsker: true))
        let result = search.run(invariants: [Self.oneLeader])
        guard case .violation(let name, let message, let schedule) = result else {
            Issue.record("no violation found: \(result)"); return
        }
        #expect(name == "at most one leader" && message == "2 leaders")
        #expect(schedule.count == 6, "\(schedule)")
        #expect(search.found?.nodes.filter(\.isLeader).count == 2)
    }

    @Test func theFixedProtocolIsExploredExhaustivelyWithNoViolation() {
        let search = Search(layout: Self.three, config: .init())
        let result = search.run(invariants: [Self.oneLeader])
        guard case .exhausted(let states, let depth) = result else { Issue.record("\(result)"); return }
        #expect(states == search.statistics.states && states == NaiveExplorer.countStates(Self.three, .init()))
        #expect(depth == search.statistics.depth && depth >= 6)
        #expect(search.statistics.limit == nil && search.found == nil)
    }

    /// Hashing and multiset equality neither merge different states nor split equal ones.
    @Test(arguments: [false, true])
    func everyReachableStateIsCountedOnce(buggy: Bool) {
        let config = AskFirstNode.Config(grantsEveryAsker: buggy)
        let result = Search(layout: Self.three, config: config).run()
        guard case .exhausted(let states, _) = result else { Issue.record("\(result)"); return }
        #expect(states == NaiveExplorer.countStates(Self.three, config), "buggy: \(buggy)")
    }

    /// Prune every branch at its first leader: a second leader is then out of reach.
    @Test func aPrunedBranchIsNotExpanded() {
        let search = Search(layout: Self.three, config: .init(grantsEveryAsker: true))
        let result = search.run(invariants: [Self.oneLeader], prune: Self.anyLeader)
        guard case .exhausted = result else { Issue.record("\(result)"); return }
    }

    @Test func aGoalIsReachedByTheShortestScheduleInAFixedOrder() {
        let search = Search(layout: Self.three, config: .init())
        let result = search.run(goal: Self.anyLeader)
        guard case .goalReached(let schedule) = result else { Issue.record("\(result)"); return }
        #expect(schedule.map(\.text) == ["fire campaign at n1", "deliver Ask n1→n2", "deliver Grant n2→n1"])
        #expect(result.schedule == schedule)
    }

    @Test func anUnreachableGoalExhaustsTheSearch() {
        let search = Search(layout: Self.three, config: .init())
        let result = search.run(goal: { $0.nodes.filter(\.isLeader).count == 2 })
        guard case .exhausted = result else { Issue.record("\(result)"); return }
        #expect(result.schedule.isEmpty)
    }

    @Test(arguments: [(SearchSettings(maxDepth: 2), SearchStatistics.Limit.depth),
                      (SearchSettings(maxStates: 10), .states),
                      (SearchSettings(maxSteps: 7), .steps)])
    func aLimitIsReported(settings: SearchSettings, limit: SearchStatistics.Limit) {
        let search = Search(layout: Self.three, config: .init(), settings: settings)
        let result = search.run(invariants: [Self.oneLeader])
        guard case .limit(let states, let depth) = result else { Issue.record("\(result)"); return }
        #expect(search.statistics.limit == limit)
        #expect(states == search.statistics.states && depth == search.statistics.depth)
        switch limit {
        case .depth: #expect(depth == 2)
        case .states: #expect(states == 10)
        case .steps: #expect(search.statistics.steps == 7)
        case .stopped: break
        }
    }

    @Test func theCallersStopEndsTheSearch() {
        let settings = SearchSettings(shouldStop: { true })
        let search = Search(layout: Self.three, config: .init(grantsEveryAsker: true), settings: settings)
        let result = search.run(prune: { _ in false })
        // The buggy protocol has more than 1024 states; the stop is asked every 1024.
        guard case .limit(let states, _) = result else { Issue.record("\(result)"); return }
        #expect(states == 1024 && search.statistics.limit == .stopped)
    }

    /// Two equal messages on one link are one choice, not two.
    @Test func duplicateMessagesCollapseIntoOneChoice() {
        let search = Search(layout: ClusterLayout(servers: 2), config: .init(twoPings: true))
        let result = search.run()
        guard case .exhausted(let states, let depth) = result else { Issue.record("\(result)"); return }
        #expect(states == 3 && depth == 2)
        #expect(search.statistics.steps == 2, "one delivery tried per state")
    }

    @Test func droppingMessagesIsAChoiceWhenAskedFor() {
        let search = Search(layout: ClusterLayout(servers: 2), config: .init(twoPings: true),
                            settings: SearchSettings(dropMessages: true))
        let result = search.run(goal: { $0.inFlight.isEmpty && $0.nodes[1].votes == 0 })
        #expect(result.schedule.map(\.text) == ["drop Ping n1→n2", "drop Ping n1→n2"])
    }

    /// The checker can fail on the very first state.
    @Test func anInvariantBrokenAtTheStartHasAnEmptySchedule() {
        let search = Search(layout: Self.three, config: .init())
        let result = search.run(invariants: [StateInvariant("never", check: { _ in "broken from the start" })])
        guard case .violation(_, let message, let schedule) = result else { Issue.record("\(result)"); return }
        #expect(message == "broken from the start" && schedule.isEmpty)
    }

    @Test func storingHashesFindsTheSameShortestViolation() {
        let exact = Search(layout: Self.three, config: .init(grantsEveryAsker: true))
        let hashed = Search(layout: Self.three, config: .init(grantsEveryAsker: true),
                            settings: SearchSettings(visited: .hashes))
        let a = exact.run(invariants: [Self.oneLeader]), b = hashed.run(invariants: [Self.oneLeader])
        #expect(a.schedule == b.schedule && !a.schedule.isEmpty)
        #expect(exact.statistics == hashed.statistics)
    }
}

/// An independent count of reachable states: every schedule tried depth
/// first, states told apart by a sorted text of nodes, messages and timers.
/// Slow and simple, to check the search's hashing and multiset equality.
enum NaiveExplorer {
    struct State {
        var nodes: [AskFirstNode]
        var messages: [(from: NodeID, to: NodeID, message: AskFirstNode.Message)] = []
        var timers: [[AskFirstNode.Timer]]

        var key: String {
            "\(nodes)|" + messages.map { "\($0.from)>\($0.to):\($0.message)" }.sorted().joined(separator: ",")
                + "|" + timers.map { $0.map(\.rawValue).sorted().joined(separator: ",") }.joined(separator: ";")
        }

        mutating func run(_ p: Int, _ layout: ClusterLayout,
                          _ body: (inout AskFirstNode, inout NodeContext<AskFirstNode>) -> Void) {
            var ctx = NodeContext<AskFirstNode>(id: NodeID(p), layout: layout)
            body(&nodes[p], &ctx)
            for t in ctx.timersCancelled { timers[p].removeAll { $0 == t } }
            for t in ctx.timersSet where !timers[p].contains(t.tag) { timers[p].append(t.tag) }
            for s in ctx.sends { messages.append((NodeID(p), s.to, s.message)) }
        }
    }

    static func countStates(_ layout: ClusterLayout, _ config: AskFirstNode.Config) -> Int {
        var start = State(nodes: layout.all.map { AskFirstNode(id: $0, layout: layout, config: config, durable: nil) },
                          timers: Array(repeating: [], count: layout.count))
        for p in 0..<layout.count { start.run(p, layout) { n, c in n.start(&c) } }
        var seen: Set<String> = [start.key]
        var stack = [start]
        while let s = stack.popLast() {
            var next: [State] = []
            for i in s.messages.indices {
                var t = s
                let m = t.messages.remove(at: i)
                t.run(m.to.index, layout) { n, c in n.receive(m.message, from: m.from, &c) }
                next.append(t)
            }
            for p in s.timers.indices {
                for i in s.timers[p].indices {
                    var t = s
                    let tag = t.timers[p].remove(at: i)
                    t.run(p, layout) { n, c in n.timerFired(tag, &c) }
                    next.append(t)
                }
            }
            for t in next where seen.insert(t.key).inserted { stack.append(t) }
        }
        return seen.count
    }
}
