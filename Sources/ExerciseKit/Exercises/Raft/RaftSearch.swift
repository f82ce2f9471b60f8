import ClusterSim
import Foundation

/// The Raft suites' model-checking tests: breadth-first over every order of
/// message deliveries and timer firings (`StateSearch`), with safety checked
/// on every state, as DSLabs's search tests do.
public enum RaftSearch {
    /// Election safety from the start: at most one leader per term.
    public static func electionSafety<N: RaftExerciseNode>() -> StateInvariant<N> {
        StateInvariant("election safety", nodes: { nodes in
            var leaders: [Int: Int] = [:]
            for (i, n) in nodes.enumerated() {
                guard let v = n.raft, v.role == .leader else { continue }
                if let other = leaders[v.currentTerm] { return "two leaders in term \(v.currentTerm): n\(other + 1) and n\(i + 1)" }
                leaders[v.currentTerm] = i
            }
            return nil
        })
    }

    /// Leader completeness in a form a single state shows: a leader whose
    /// term is at least a server's holds, at the same indexes, every entry
    /// that server has committed (that server learned of the commit in a
    /// term no later than its own, so the entry was committed in a term no
    /// later than the leader's: §5.4's Leader Completeness Property).
    public static func leaderCompleteness<N: RaftExerciseNode>() -> StateInvariant<N> {
        StateInvariant("leader completeness", nodes: { nodes in
            for (l, leader) in nodes.enumerated() {
                guard let lv = leader.raft, lv.role == .leader else { continue }
                for (s, server) in nodes.enumerated() where s != l {
                    guard let sv = server.raft, sv.currentTerm <= lv.currentTerm else { continue }
                    for i in 0..<min(sv.commitIndex, sv.log.count) where i >= lv.log.count || lv.log[i] != sv.log[i] {
                        let has = i < lv.log.count ? lv.log[i].description : "nothing"
                        return "n\(l + 1), leader of term \(lv.currentTerm), has \(has) at index \(i + 1), where n\(s + 1) (term \(sv.currentTerm)) committed \(sv.log[i])"
                    }
                }
            }
            return nil
        })
    }

    /// The search's verdict as a test's: the shortest schedule that breaks a
    /// property, with the run that replays it (`prefix` is the run the search
    /// started from, or nil for a search from the start).
    static func verdict<N: RaftExerciseNode>(_ result: SearchResult<N>, _ search: StateSearch<N>, explored: Int,
                                             invariants: [StateInvariant<N>], prefix: Simulation<N>?,
                                             config: RaftExerciseConfig) -> SearchVerdict<N> {
        guard case .violation(let name, let message, let schedule) = result else {
            return SearchVerdict(failure: nil, schedule: [], statesExplored: explored, depth: search.statistics.depth,
                                 exhausted: { if case .exhausted = result { return true } else { return false } }(), replay: nil)
        }
        var replay: Simulation<N>?
        if let prefix {
            for inv in invariants { prefix.addInvariant(Invariant(inv)) }
            // A schedule that does not replay means handlers that are not a function of state and input.
            if (try? ScheduleReplay.perform(schedule, on: prefix)) != nil { replay = prefix }
        } else {
            replay = try? ScheduleReplay.simulation(layout: search.layout, config: config, schedule: schedule, invariants: invariants)
        }
        let step = replay?.stepCount ?? Int64(schedule.count)
        let failure = TestFailure(property: name, message: message, step: step, time: replay?.now.microseconds ?? 0)
        return SearchVerdict(failure: failure, schedule: schedule.map(\.text), statesExplored: explored,
                             depth: search.statistics.depth, exhausted: false, replay: replay)
    }

    /// A failure for a search that found nothing to check: what the starter
    /// code has not implemented, seen in an ordinary run of the same config.
    static func unreachable<N: RaftExerciseNode>(_ property: String, _ message: String, config: RaftExerciseConfig,
                                                 explored: Int, depth: Int, replay: Simulation<N>? = nil) -> SearchVerdict<N> {
        let probe = RaftRun.make(N.self, servers: 3, seed: 1, config: config)
        probe.run(until: VirtualTime(microseconds: 1_000_000))
        let failure = TestFailure(property: property, message: message, step: replay?.stepCount ?? 0,
                                  time: replay?.now.microseconds ?? 0, todo: TestHarness.firstTodo(in: probe))
        return SearchVerdict(failure: failure, schedule: [], statesExplored: explored, depth: depth, exhausted: false,
                             replay: replay ?? probe)
    }

    /// raft-election's search: 3 servers from the start. First a goal search
    /// (a leader must be reachable, or safety would hold vacuously), then
    /// every order of deliveries and timeouts to `maxDepth`, terms up to 2,
    /// with election safety on every state.
    public static func election<N: RaftExerciseNode>(_: N.Type, config: RaftExerciseConfig,
                                                     maxDepth: Int = 9, maxStates: Int = 60_000) -> SearchVerdict<N> {
        let layout = ClusterLayout(servers: 3)
        let search = StateSearch<N>(layout: layout, config: config,
                                    settings: SearchSettings(maxDepth: maxDepth, maxStates: maxStates))
        let invariants: [StateInvariant<N>] = [electionSafety()]
        let reach = search.run(invariants: invariants, goal: { s in s.nodes.contains { $0.raft?.role == .leader } })
        var explored = search.statistics.states
        switch reach {
        case .violation: return verdict(reach, search, explored: explored, invariants: invariants, prefix: nil, config: config)
        case .goalReached: break
        case .exhausted, .limit:
            return unreachable("a leader can be elected", "no order of deliveries and timeouts up to \(search.statistics.depth) steps elects a leader",
                               config: config, explored: explored, depth: search.statistics.depth)
        }
        let result = search.run(invariants: invariants, prune: { s in s.nodes.contains { ($0.raft?.currentTerm ?? 0) > 2 } })
        explored += search.statistics.states
        return verdict(result, search, explored: explored, invariants: invariants, prefix: nil, config: config)
    }

    /// raft-log's search, from the situation of the paper's Figure 8 on 3
    /// servers: leader l of term t put A alone; x, elected in a later term,
    /// put B alone; l, elected again (x cut off), has copied A to p. From
    /// there, with the network healed, every order of the next deliveries
    /// and timeouts to `maxDepth`, with leader completeness and election
    /// safety on every state.
    public static func figure8<N: RaftExerciseNode>(_: N.Type, config: RaftExerciseConfig, seed: UInt64 = 1,
                                                    maxDepth: Int = 7, maxStates: Int = 60_000) -> SearchVerdict<N> {
        let sim = RaftRun.make(N.self, servers: 3, seed: seed, config: config)
        let h = TestHarness(sim)
        do {
            let (l, t) = try h.awaitLeader()
            try h.run(for: 100_000)
            let others = h.servers.filter { $0 != l }
            h.perform(.partition([[l], others]))
            h.perform(.command(l, "A"))
            try h.run(for: 50_000)
            let (x, tx) = try h.awaitLeader(among: others, newerThan: t, within: 4 * config.maxElectionTimeout)
            let p = others.first { $0 != x }!
            h.perform(.partition([[l], [p], [x]]))
            h.perform(.command(x, "B"))
            try h.run(for: 50_000)
            h.perform(.partition([[l, p], [x]]))
            try h.awaitLeader(among: [l, p], newerThan: tx, within: 6 * config.maxElectionTimeout)
            try h.expect("A reaches p", within: 1_000_000, otherwise: "'A' never reached \(sim.layout.name(p))") { sim in
                RaftRun.hasEntry(sim, p, .text("A"))
            }
            try h.run(for: 60_000)
            h.perform(.heal)
        } catch let f as TestFailure {
            return SearchVerdict(failure: f, schedule: [], statesExplored: 0, depth: 0, exhausted: false, replay: sim)
        } catch {
            return unreachable("the Figure 8 situation", "\(error)", config: config, explored: 0, depth: 0, replay: sim)
        }
        guard let origin = sim.searchState else {
            return unreachable("the Figure 8 situation", "a server is down where none should be", config: config, explored: 0, depth: 0, replay: sim)
        }
        let layout = ClusterLayout(servers: 3)
        let search = StateSearch<N>(layout: layout, config: config,
                                    settings: SearchSettings(maxDepth: maxDepth, maxStates: maxStates))
        let invariants: [StateInvariant<N>] = [electionSafety(), leaderCompleteness()]
        let result = search.run(from: origin, invariants: invariants)
        return verdict(result, search, explored: search.statistics.states, invariants: invariants, prefix: sim, config: config)
    }
}
