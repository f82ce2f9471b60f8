import Testing
import ClusterSim

/// A node whose timer re-arms itself and counts its firings: it loops
/// forever, and its states repeat once the count is abstracted away.
struct TickNode: NodeStateMachine, Hashable {
    static let protocolName = "tick"
    typealias Message = IdleNode.Message  // it sends nothing
    struct Config: Sendable {
        /// The timer stops re-arming after this many firings.
        var stopAfter = Int.max
    }
    var count = 0
    let stopAfter: Int

    init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) { stopAfter = config.stopAfter }
    mutating func start(_ context: inout NodeContext<TickNode>) { context.setTimer("tick", after: 1_000) }
    mutating func timerFired(_ tag: String, _ context: inout NodeContext<TickNode>) {
        count += 1
        if count < stopAfter { context.setTimer("tick", after: 1_000) }
    }
    mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<TickNode>) {}
    var summary: NodeSummary { NodeSummary(role: "ticker") }
}

/// The lasso search finds a cycle only where one is: it finds the ticker's,
/// and none in a protocol whose every run ends, nor where the abstraction
/// keeps a counter that only grows, nor through pruned states.
@Suite struct LassoSearchTests {
    static let one = ClusterLayout(servers: 1)
    static func countless(_ s: SearchState<TickNode>) -> SearchState<TickNode> {
        s.mapped(nodes: { var n = $0; n.count = 0; return n }, messages: { $0 })
    }

    @Test func aTimerThatReArmsItselfIsACycleOfOneStep() throws {
        let search = LassoSearch<TickNode>(layout: Self.one, config: .init())
        let lasso = try #require(search.run(canonical: Self.countless, prune: { _ in false }, loops: 4).lasso)
        #expect(lasso.prefix.isEmpty && lasso.cycle.map(\.text) == ["fire tick at n1"])
        #expect(lasso.schedule.count == 4)
        let sim = try ScheduleReplay.simulation(layout: Self.one, config: .init(), schedule: lasso.schedule)
        #expect(sim.node(NodeID(0))?.count == 4, "each loop is a real step of the run")
    }

    /// Forgetting a count the node acts on is no abstraction: the search's
    /// self-loop does not survive the concrete replay, which says so.
    @Test func anAbstractionThatForgetsWhatMattersIsCaughtOnReplay() {
        let search = LassoSearch<TickNode>(layout: Self.one, config: .init(stopAfter: 3))
        let result = search.run(canonical: Self.countless, prune: { _ in false }, loops: 4)
        guard case .notAnAbstraction(let why) = result else { Issue.record("\(result)"); return }
        #expect(why.hasPrefix("after step 3:"), "the third firing sets no timer: \(why)")
        let honest = search.run(canonical: Self.countless, prune: { _ in false }, loops: 2)
        #expect(honest.lasso != nil, "two loops stay within the three firings")
    }

    @Test func withoutTheAbstractionAGrowingCounterNeverRepeats() {
        let search = LassoSearch<TickNode>(layout: Self.one, config: .init(), settings: SearchSettings(maxDepth: 30))
        let result = search.run(canonical: { $0 }, prune: { _ in false })
        guard case .limit(let states, _) = result else { Issue.record("\(result)"); return }
        #expect(states == 31 && search.statistics.limit == .depth)
    }

    @Test func aPrunedStateLiesOnNoLasso() {
        let search = LassoSearch<TickNode>(layout: Self.one, config: .init())
        let result = search.run(canonical: Self.countless, prune: { _ in true })
        guard case .exhausted(let states, _) = result else { Issue.record("\(result)"); return }
        #expect(states == 1)
    }

    /// Every run of the fixed ask-first election ends (each server campaigns
    /// once): the whole space is explored and holds no cycle.
    @Test func aProtocolWhoseRunsAllEndHasNoLasso() {
        let search = LassoSearch<AskFirstNode>(layout: SearchTests.three, config: .init())
        let result = search.run(canonical: { $0 }, prune: { $0.nodes.contains(where: \.isLeader) })
        guard case .exhausted(let states, _) = result else { Issue.record("\(result)"); return }
        #expect(states > 10)
    }
}
