import Testing
import ClusterSim
import ClusterProtocols

/// The model checker on the built-in Raft's leader election (3 servers, no
/// clients): it finds the double vote by the shortest schedule, replays it
/// as an ordinary run, and finds nothing wrong with the real protocol.
@Suite struct RaftSearchTests {
    static let three = ClusterLayout(servers: 3)

    static func config(_ mutations: Set<RaftMutation> = []) -> RaftConfig {
        var c = RaftConfig(); c.mutations = mutations; return c
    }

    /// Two candidates of term 1, one voter granting both: two fires, two
    /// requests, two replies.
    @Test func aVoteGrantedTwiceIsFoundInSixSteps() throws {
        let search = StateSearch<RaftProcess>(layout: Self.three, config: Self.config([.voteTwiceInOneTerm]))
        let result = search.run(invariants: [RaftProcess.electionSafety])
        guard case .violation(let name, let message, let schedule) = result else { Issue.record("\(result)"); return }
        #expect(name == "election safety" && message.hasSuffix("are both leaders of term 1"), "\(message)")
        #expect(schedule.count == 6, "\(schedule)")
        #expect(schedule.filter { $0.text.hasPrefix("fire election at") }.count == 2, "\(schedule)")

        let sim = try ScheduleReplay.simulation(layout: Self.three, config: Self.config([.voteTwiceInOneTerm]),
                                                schedule: schedule)
        #expect(Self.three.all.map { sim.node($0) } == search.found?.nodes)
    }

    @Test func theRealProtocolElectsOneLeaderPerTermInEveryOrderExplored() {
        let search = StateSearch<RaftProcess>(layout: Self.three, config: Self.config(),
                                              settings: SearchSettings(maxDepth: 6))
        let result = search.run(invariants: [RaftProcess.electionSafety])
        guard case .limit = result else { Issue.record("\(result)"); return }
        #expect(search.statistics.limit == .depth && search.statistics.depth == 6, "as deep as the double vote is found")
    }

    /// A leader is reachable in three steps: a timeout, a request, a vote.
    @Test func aLeaderIsReachableInThreeSteps() {
        let search = StateSearch<RaftProcess>(layout: Self.three, config: Self.config())
        let hasLeader: (SearchState<RaftProcess>) -> Bool = { $0.nodes.contains { $0.server?.role == .leader } }
        let result = search.run(goal: hasLeader)
        #expect(result.schedule.map(\.text) == ["fire election at n1", "deliver RequestVote(t1, last 0@t0) n1→n2",
                                                 "deliver RequestVoteReply(t1, granted) n2→n1"])
    }
}
