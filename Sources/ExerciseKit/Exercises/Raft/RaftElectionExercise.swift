import ClusterSim

/// raft-election (6.824 lab 2A): leader election and heartbeats.
public enum RaftElectionExercise {
    public static let info = ExerciseInfo(
        id: "raft-election",
        title: "Raft: leader election",
        topic: "raft",
        folder: "raft",
        files: ["Raft.swift", "RaftTypes.swift", "KV.swift"],
        readFirst: [
            "Courseware/raft.md",
            "Ongaro & Ousterhout, In Search of an Understandable Consensus Algorithm (extended version, 2014; https://raft.github.io/raft.pdf): §5.1, §5.2 and Figure 2 (RequestVote, Rules for Servers)",
            "MIT 6.824 (now 6.5840) Distributed Systems, the Raft lab, part A: https://pdos.csail.mit.edu/6.824/",
        ],
        summary: "Make the servers elect one leader: followers that hear no heartbeat within a randomised election timeout "
            + "become candidates, ask for votes (one vote per server per term), and win with a majority; a leader sends "
            + "heartbeats, and anyone who sees a higher term steps down to follower.",
        hints: [
            "Every message between servers carries the sender's term. Seeing a higher term first: adopt it, forget your vote, become follower. Then handle the message.",
            "A server votes at most once per term: remember votedFor, and reset it only when the term changes.",
            "A majority is more than half of ALL servers (including crashed or unreachable ones), counting the candidate's own vote.",
            "Randomise the election timeout on every reset (the config's electionJitter), or candidates that time out together split the vote again and again.",
            "Reset a follower's election timer when it grants a vote and when it hears AppendEntries from the leader of the current term — not on every message.",
        ],
        tests: [
            TestInfo("initial-election", points: 16, "3 servers elect one leader within 2 election timeouts, and with no failures keep it (and its term) for 2 s"),
            TestInfo("re-election-crash", points: 16, "the leader crashes: the other 2 of 3 elect a new one; it comes back and one leader remains"),
            TestInfo("re-election-partition", points: 16, "the leader is cut off: the majority elects a new leader; after the heal the old one steps down"),
            TestInfo("no-majority", points: 16, "5 servers split 1 | 2 | 2: nobody becomes leader for 1.5 s; a majority rejoined elects one within 2 election timeouts"),
            TestInfo("many-elections", points: 16, "7 servers, 6 rounds of random partitions that leave 4: each round the 4 agree on a leader within 3 election timeouts, never two in one term"),
            TestInfo("election-search", points: 20, "model-checked, 3 servers: a leader is reachable, and no order of deliveries and timeouts (to 9 steps, terms up to 2) elects two leaders in one term",
                     kind: .search),
        ])

    public static func suite<N: RaftExerciseNode>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        let config = { var c = RaftExerciseConfig(); c.variant = variant; return c }()
        let make = { (servers: Int) in { @Sendable (seed: UInt64) in RaftRun.make(N.self, servers: servers, seed: seed, config: config) } }
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "initial-election"], make: make(3), drive: { h in
                let (leader, term) = try h.awaitLeader()
                try h.run(for: 50_000)
                // Every server has heard of the leader's term.
                try h.expect("every server in the leader's term", within: 2 * config.maxElectionTimeout,
                             otherwise: "after a leader was elected in term \(term) the terms are: \(h.roles())") { sim in
                    RaftRun.views(sim).allSatisfy { ($0?.currentTerm ?? -1) >= term }
                }
                let now = RaftRun.leaders(h.sim, among: h.servers)
                try h.require("one leader", now.count == 1 ? nil : "leaders now: \(h.roles())")
                let term2 = now[0].term
                try h.run(for: 2_000_000)
                let later = RaftRun.leaders(h.sim, among: h.servers)
                try h.require("a stable leader with no failures",
                              later.count == 1 && later[0].term == term2 && later[0].id == now[0].id ? nil
                                : "with no failures the leadership changed from \(h.sim.layout.name(leader)) in term \(term2) to: \(h.roles())")
            }),
            ExerciseTest(info[test: "re-election-crash"], make: make(3), drive: { h in
                let (leader, term) = try h.awaitLeader()
                try h.run(for: 100_000)
                h.perform(.crash(leader))
                let others = h.servers.filter { $0 != leader }
                let (second, term2) = try h.awaitLeader(among: others, newerThan: term)
                try h.run(for: 300_000)
                h.perform(.restart(leader))
                try h.run(for: 500_000)
                let ls = RaftRun.leaders(h.sim, among: h.servers)
                try h.require("one leader after the old one returns",
                              ls.count == 1 && ls[0].term >= term2 ? nil
                                : "after \(h.sim.layout.name(leader)) restarted (the leader of term \(term2) was \(h.sim.layout.name(second))): \(h.roles())")
            }),
            ExerciseTest(info[test: "re-election-partition"], make: make(3), drive: { h in
                let (leader, term) = try h.awaitLeader()
                try h.run(for: 100_000)
                h.perform(.partition([[leader]]))
                let others = h.servers.filter { $0 != leader }
                let (_, term2) = try h.awaitLeader(among: others, newerThan: term)
                try h.run(for: 300_000)
                h.perform(.heal)
                try h.expect("the old leader steps down after the heal", within: 2 * config.maxElectionTimeout,
                             otherwise: "after the heal: \(h.roles())") { sim in
                    let ls = RaftRun.leaders(sim, among: sim.layout.servers)
                    return ls.count == 1 && ls[0].term >= term2
                }
            }),
            ExerciseTest(info[test: "no-majority"], make: make(5), drive: { h in
                let (leader, term) = try h.awaitLeader()
                try h.run(for: 100_000)
                let rest = h.servers.filter { $0 != leader }
                h.perform(.partition([[leader], [rest[0], rest[1]], [rest[2], rest[3]]]))
                try h.requireNoNewLeader(among: h.servers, above: term, for: 1_500_000, "no leader without a majority")
                h.perform(.partition([[leader], rest]))
                try h.awaitLeader(among: rest, newerThan: term)
            }),
            ExerciseTest(info[test: "many-elections"], make: make(7), drive: { h in
                try h.awaitLeader()
                var random = SeededRandom(seed: h.sim.seed &+ 7)
                for round in 1...6 {
                    // Cut 3 of 7 away: the 4 left must agree on a leader of the newest term among them.
                    var ids = h.servers
                    for i in stride(from: ids.count - 1, to: 0, by: -1) { ids.swapAt(i, Int(random.below(UInt64(i + 1)))) }
                    let majority = Array(ids[3...])
                    h.perform(.partition([Array(ids[..<3]), majority]))
                    let limit = 3 * config.maxElectionTimeout
                    try h.expect("a leader within 3 election timeouts", within: limit,
                                 otherwise: "round \(round): no leader of the newest term among \(h.roles(majority)) after \(DurationText.format(limit))") { sim in
                        let newest = majority.compactMap { sim.node($0)?.raft?.currentTerm }.max() ?? 0
                        return RaftRun.leaders(sim, among: majority).contains { $0.term == newest }
                    }
                    try h.run(for: 200_000)
                    h.perform(.heal)
                    try h.run(for: 100_000)
                }
                try h.awaitLeader(newerThan: 0)
            }),
            ExerciseTest(info[test: "election-search"], search: { RaftSearch.election(N.self, config: config) }),
        ])
    }
}
