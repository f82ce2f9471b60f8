import ClusterSim

/// raft-log (6.824 lab 2B): log replication and the commit rule.
public enum RaftLogExercise {
    public static let info = ExerciseInfo(
        id: "raft-log",
        title: "Raft: log replication",
        topic: "raft",
        folder: "raft",
        files: ["Raft.swift", "RaftTypes.swift", "KV.swift"],
        readFirst: [
            "Courseware/raft.md",
            "Ongaro & Ousterhout, In Search of an Understandable Consensus Algorithm (extended version, 2014; https://raft.github.io/raft.pdf): §5.3, §5.4 (with Figures 7 and 8) and Figure 2 (AppendEntries)",
            "MIT 6.824 (now 6.5840) Distributed Systems, the Raft lab, part B: https://pdos.csail.mit.edu/6.824/",
        ],
        summary: "The leader appends each command it is handed to its log and replicates it with AppendEntries; followers accept "
            + "entries only where their log matches the leader's (prevLogIndex, prevLogTerm) and drop what conflicts; the leader "
            + "commits an entry of its own term once a majority stores it, and every server applies committed entries in order. "
            + "Invariants checked after every step: election safety, log matching, leader completeness, state machine safety.",
        hints: [
            "A follower refuses AppendEntries unless its log has an entry at prevLogIndex with term prevLogTerm; on a refusal the leader backs nextIndex up and tries again (skipping a whole term at a time is faster).",
            "Delete a follower's entries only where one CONFLICTS (same index, different term): an old, delayed AppendEntries must not cut off entries that came later.",
            "Vote only for a candidate whose log is at least as up to date as yours: compare the last entries' terms, then the lengths (§5.4.1).",
            "A leader advances commitIndex only to an entry of its CURRENT term stored on a majority; earlier entries commit with it (§5.4.2, Figure 8).",
            "A follower's commitIndex becomes min(leaderCommit, index of the last new entry) — not its log's length, which may still hold stale entries.",
        ],
        tests: [
            TestInfo("basic-agree", points: 12, "3 servers commit three commands, one after another, on every server"),
            TestInfo("fail-agree", points: 12, "a follower cut off: the other two still commit; rejoined, it catches up"),
            TestInfo("fail-no-agree", points: 12, "5 servers, the leader and one follower cut off: what it is handed never commits; after the heal all agree"),
            TestInfo("rejoin", points: 14, "an old leader that appended entries alone rejoins a cluster that moved on: its stale entries are replaced, never committed"),
            TestInfo("up-to-date-vote", points: 11, "a server cut off while the others commit climbs to a higher term; it must not win an election without the committed entries"),
            TestInfo("figure-8", points: 14, "the scenario of the paper's Figure 8: an entry of an earlier term on a majority must not be committed by counting"),
            TestInfo("unreliable-agree", points: 11, "5 servers on a lossy, reordering, duplicating network with leaders cut off: invariants hold and all agree after the heal"),
            TestInfo("figure-8-search", points: 14, "model-checked from Figure 8's situation on 3 servers (A copied to a majority by a later leader, B alone on another): no order of the next deliveries and timeouts (to 7 steps) breaks leader completeness",
                     kind: .search),
        ])

    public static func suite<N: RaftExerciseNode>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        let config = { var c = RaftExerciseConfig(); c.variant = variant; return c }()
        let small = { var c = config; c.maxEntriesPerAppend = 2; return c }()
        let make = { (servers: Int, config: RaftExerciseConfig, network: LinkSettings) in
            { @Sendable (seed: UInt64) in RaftRun.make(N.self, servers: servers, seed: seed, config: config, network: network) }
        }
        let reliable = LinkSettings()
        let unreliable = LinkSettings(loss: 0.05, duplicate: 0.05, reorder: 0.3)
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "basic-agree"], make: make(3, config, reliable), drive: { h in
                try h.awaitLeader()
                for c in ["1", "2", "3"] { try h.agree(c, within: 1_000_000) }
            }),
            ExerciseTest(info[test: "fail-agree"], make: make(3, config, reliable), drive: { h in
                let (leader, _) = try h.awaitLeader()
                try h.agree("a")
                let cut = h.servers.first { $0 != leader }!
                let rest = h.servers.filter { $0 != cut }
                h.perform(.partition([[cut], rest]))
                for c in ["b", "c", "d"] { try h.agree(c, among: rest) }
                h.perform(.heal)
                try h.agree("e")
                try h.agree("f")
            }),
            ExerciseTest(info[test: "fail-no-agree"], make: make(5, config, reliable), drive: { h in
                let (leader, term) = try h.awaitLeader()
                try h.agree("a")
                let follower = h.servers.first { $0 != leader }!
                let others = h.servers.filter { $0 != leader && $0 != follower }
                h.perform(.partition([[leader, follower], others]))
                h.perform(.command(leader, "b"))
                try h.requireNotCommitted("b", for: 1_000_000)
                try h.awaitLeader(among: others, newerThan: term, within: 3 * config.maxElectionTimeout)
                h.perform(.heal)
                try h.agree("c")
                try h.agree("d")
            }),
            ExerciseTest(info[test: "rejoin"], make: make(5, small, reliable), drive: { h in
                let (old, term) = try h.awaitLeader()
                try h.agree("a")
                try h.agree("b")
                let rest = h.servers.filter { $0 != old }
                h.perform(.partition([[old], rest]))
                for c in ["x1", "x2", "x3"] { h.perform(.command(old, c)) }
                let (second, term2) = try h.awaitLeader(among: rest, newerThan: term, within: 3 * small.maxElectionTimeout)
                for c in ["c", "d", "e"] { try h.agree(c, among: rest) }
                // The second leader is cut off and the old one rejoins the others:
                // a third leader with a long log must repair it.
                let third = h.servers.filter { $0 != second }
                h.perform(.partition([[second], third]))
                try h.awaitLeader(among: third, newerThan: term2, within: 4 * small.maxElectionTimeout)
                try h.agree("f", among: third)
                h.perform(.heal)
                try h.agree("g")
            }),
            ExerciseTest(info[test: "up-to-date-vote"], make: make(3, config, reliable), drive: { h in
                let (leader, term) = try h.awaitLeader()
                try h.agree("a")
                let followers = h.servers.filter { $0 != leader }
                h.perform(.partition([[followers[0]], [leader, followers[1]]]))
                try h.agree("b", among: [leader, followers[1]])
                try h.run(for: 1_000_000)  // the cut-off server's term climbs
                h.perform(.partition([followers, [leader]]))
                try h.awaitLeader(among: followers, newerThan: term, within: 6 * config.maxElectionTimeout)
                h.perform(.heal)
                try h.agree("c")
            }),
            ExerciseTest(info[test: "figure-8"], make: make(5, config, reliable), drive: { h in
                // (a) the leader l replicates A to one follower p only.
                let (l, t) = try h.awaitLeader()
                try h.run(for: 100_000)
                let p = h.servers.first { $0 != l }!
                let rest = h.servers.filter { $0 != l && $0 != p }
                h.perform(.partition([[l, p], rest]))
                h.perform(.command(l, "A"))
                try h.expect("A reaches a follower", within: 500_000, otherwise: "\(h.sim.layout.name(p)) never got 'A' from the leader") { sim in
                    RaftRun.hasEntry(sim, p, .text("A"))
                }
                // (b) x is elected on the other side and appends B alone.
                let (x, tx) = try h.awaitLeader(among: rest, newerThan: t, within: 3 * config.maxElectionTimeout)
                let qr = rest.filter { $0 != x }
                h.perform(.partition([[l, p], [x], qr]))
                h.perform(.command(x, "B"))
                try h.run(for: 50_000)
                // (c) l or p leads again (only they can: they hold A) and copies A to a majority.
                h.perform(.partition([[l, p] + qr, [x]]))
                let (l2, t2) = try h.awaitLeader(among: [l, p] + qr, newerThan: tx, within: 4 * config.maxElectionTimeout)
                try h.expect("A reaches a majority", within: 1_000_000, otherwise: "'A' did not reach \(RaftRun.names(qr, h.sim.layout))") { sim in
                    qr.allSatisfy { RaftRun.hasEntry(sim, $0, .text("A")) }
                }
                try h.run(for: 60_000)
                // (d) that leader is cut off; x, whose last entry has a newer term, can win and overwrite A.
                let other = l2 == l ? p : l
                h.perform(.partition([[l2, other], [x] + qr]))
                try h.awaitLeader(among: [x] + qr, newerThan: t2, within: 6 * config.maxElectionTimeout)
                try h.run(for: 200_000)
                h.perform(.heal)
                try h.agree("C")
            }),
            ExerciseTest(info[test: "unreliable-agree"], make: make(5, config, unreliable), drive: { h in
                try h.awaitLeader(within: 4 * config.maxElectionTimeout)
                var random = SeededRandom(seed: h.sim.seed &+ 8)
                for i in 1...40 {
                    if let l = RaftRun.leaders(h.sim, among: h.servers).first { h.perform(.command(l.id, "u\(i)")) }
                    try h.run(for: 40_000)
                    if i % 10 == 0 {
                        // Cut the leader (or anyone) and one other server away for a while.
                        let l = RaftRun.leaders(h.sim, among: h.servers).first?.id ?? NodeID(Int(random.below(5)))
                        var o = NodeID(Int(random.below(5)))
                        if o == l { o = NodeID((o.index + 1) % 5) }
                        h.perform(.partition([[l, o]]))
                    }
                    if i % 10 == 5 { h.perform(.heal) }
                }
                h.perform(.heal)
                try h.agree("final", within: 5_000_000)
            }),
            ExerciseTest(info[test: "figure-8-search"], search: { RaftSearch.figure8(N.self, config: config) }),
        ])
    }
}
