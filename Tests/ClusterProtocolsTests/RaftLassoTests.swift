import Testing
import ClusterSim
import ClusterProtocols

/// FLP felt on the built-in Raft: the lasso search finds a schedule that
/// keeps 3 servers from ever electing a leader while delivering every
/// message, and the schedule replays as an ordinary run, loop after loop.
@Suite struct RaftLassoTests {
    static let three = ClusterLayout(servers: 3)
    static let settings = SearchSettings(maxDepth: 8, maxStates: 50_000)
    static let noLeader = StateInvariant<RaftProcess>("no leader", nodes: { nodes in
        nodes.contains { $0.server?.role == .leader } ? "a leader" : nil
    })

    static func terms(_ s: SearchState<RaftProcess>?) -> [Int] { s?.nodes.compactMap { $0.server?.currentTerm } ?? [] }

    @Test func aCycleWithoutALeaderIsFoundAndEachLoopRaisesEveryTermByOne() throws {
        let search = LassoSearch<RaftProcess>(layout: Self.three, config: RaftConfig(), settings: Self.settings)
        let result = search.run(canonical: RaftTermShift.canonical, prune: RaftTermShift.hasLeader, loops: 3)
        let lasso = try #require(result.lasso, "\(result)")
        #expect(lasso.prefix.count + lasso.cycle.count <= 8, "\(lasso.prefix) \(lasso.cycle)")
        #expect(lasso.cycle.contains { $0.text.hasPrefix("fire election") }, "a new term each time round")

        let atEntry = try ScheduleReplay.simulation(layout: Self.three, config: RaftConfig(), schedule: lasso.prefix).searchState
        let end = try ScheduleReplay.simulation(layout: Self.three, config: RaftConfig(), schedule: lasso.schedule,
                                                invariants: [Self.noLeader])
        #expect(end.violation == nil, "no leader at any step of three loops")
        #expect(zip(Self.terms(end.searchState), Self.terms(atEntry)).allSatisfy { $0 - $1 == 3 },
                "\(Self.terms(atEntry)) → \(Self.terms(end.searchState))")
        let entry = try #require(atEntry), last = try #require(end.searchState)
        #expect(last.inFlight.count == entry.inFlight.count, "every message the loops sent was delivered in them")
        #expect(RaftTermShift.canonical(last) == RaftTermShift.canonical(entry))
    }

    /// Without the shift no state repeats (terms only grow): the same search
    /// finds nothing, so the lasso above is the abstraction's doing.
    @Test func withoutTheTermShiftNoLassoIsFound() {
        let search = LassoSearch<RaftProcess>(layout: Self.three, config: RaftConfig(), settings: Self.settings)
        let result = search.run(canonical: { $0 }, prune: RaftTermShift.hasLeader)
        guard case .limit = result else { Issue.record("\(result)"); return }
    }

    @Test func theRepresentativeLowersEveryTermByTheLowest() throws {
        let search = StateSearch<RaftProcess>(layout: Self.three, config: RaftConfig())
        let start = search.initialState
        #expect(RaftTermShift.canonical(start) == start, "all terms 0 already")
        let allCandidates = try ScheduleReplay.simulation(layout: Self.three, config: RaftConfig(),
                                                          schedule: [ScheduleStep<RaftProcess>]())
        for n in Self.three.all { allCandidates.perform(.fireTimer(n, "election")) }
        let s = try #require(allCandidates.searchState)
        #expect(Self.terms(s) == [1, 1, 1])
        let c = RaftTermShift.canonical(s)
        #expect(Self.terms(c) == [0, 0, 0])
        #expect(c.inFlight.count == 6 && c.inFlight.allSatisfy { $0.message.term == 0 })
        #expect(c.nodes.map { $0.server?.role } == s.nodes.map { $0.server?.role })
    }

    @Test func aStateWithALogIsLeftAsItIs() throws {
        let search = StateSearch<RaftProcess>(layout: Self.three, config: RaftConfig())
        guard case .goalReached(let schedule) = search.run(goal: RaftTermShift.hasLeader) else { Issue.record("no leader"); return }
        let s = try #require(try ScheduleReplay.simulation(layout: Self.three, config: RaftConfig(), schedule: schedule).searchState)
        #expect(Self.terms(s).min() == 0 || RaftTermShift.canonical(s) == s)
        #expect(RaftTermShift.canonical(s) == s, "the leader's no-op entry: the shift would not be honest")
    }

    /// Fixed timeouts never elect on the lab's network; randomised ones
    /// usually do, but the seeds still leaderless after t thin out with t
    /// without being gone at 1 s.
    @Test func randomisedTimeoutsDecideMostRunsButNotEveryRunQuickly() {
        let network = LinkSettings(latency: .uniform(min: 40_000, max: 140_000))
        let after: [Int64] = [500_000, 1_000_000, 1_500_000, 3_000_000]
        var fixed = RaftConfig(); fixed.electionJitter = 0
        let never = RaftElectionSweep.leaderless(servers: 3, config: fixed, network: network, seeds: 1...20, after: after)
        #expect(never == [20, 20, 20, 20], "fixed timeouts: \(never)")
        let left = RaftElectionSweep.leaderless(servers: 3, config: RaftConfig(), network: network, seeds: 1...60, after: after)
        #expect(zip(left, left.dropFirst()).allSatisfy { $0 >= $1 } && left[0] > left[2], "randomised: \(left)")
        #expect(left[1] > 0 && left[3] == 0, "randomised: \(left)")
    }
}
