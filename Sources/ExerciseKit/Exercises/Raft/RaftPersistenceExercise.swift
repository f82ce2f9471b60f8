import ClusterSim

/// raft-persistence (6.824 lab 2C): Figure 2's durable state across crashes.
public enum RaftPersistenceExercise {
    public static let info = ExerciseInfo(
        id: "raft-persistence",
        title: "Raft: persistence",
        topic: "raft",
        folder: "raft",
        files: ["Raft.swift", "RaftTypes.swift", "KV.swift"],
        readFirst: [
            "Courseware/raft.md",
            "Ongaro & Ousterhout, In Search of an Understandable Consensus Algorithm (extended version, 2014; https://raft.github.io/raft.pdf): Figure 2 (\"Persistent state on all servers\", updated on stable storage before responding to RPCs)",
            "MIT 6.824 (now 6.5840) Distributed Systems, the Raft lab, part C: https://pdos.csail.mit.edu/6.824/",
        ],
        summary: "Servers crash and restart. Keep Figure 2's persistent state — currentTerm, votedFor and the log — in the "
            + "Durable type, declare it with context.persist whenever it changes, and rebuild from it in init(durable:). "
            + "Everything else (commitIndex, lastApplied, the state machine, the leader's nextIndex/matchIndex) is volatile "
            + "and is rebuilt from the log. Checked: a restarted server has its term, vote and log back, and the invariants "
            + "hold through crashes of single servers, of the leader, and of all of them.",
        hints: [
            "A crash loses everything but what the last context.persist(...) of a handler declared; the engine applies a handler's effects together, so persisting anywhere in the handler that changed the state is in time.",
            "Persist in every handler that changes currentTerm, votedFor or the log: on a vote, on a higher term seen, on entries appended or truncated, on a leader's append.",
            "The whole log must survive, not just the committed part: a follower that acknowledged an entry counted towards its commit.",
            "After a restart, commitIndex and lastApplied start at 0 and the state machine is empty: replay the log as the leader tells you what is committed.",
        ],
        tests: [
            TestInfo("restart-remembers", points: 20, "servers crash at moments of a busy run; each restarts with exactly the term, vote and log it had"),
            TestInfo("vote-survives-restart", points: 20, "a follower that voted for the leader crashes and restarts; a candidate of the same term asks it: it must not vote again"),
            TestInfo("crash-all", points: 20, "every server crashes and restarts: the committed commands are still there and new ones commit after them"),
            TestInfo("leader-crash-loop", points: 20, "5 servers; the leader crashes right after being handed a command, five times over; all agree at the end"),
            TestInfo("churn-unreliable", points: 20, "5 servers on a lossy, reordering network, crashing and restarting at random: invariants hold and all agree at the end"),
        ])

    public static func suite<N: RaftExerciseNode>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        let config = { var c = RaftExerciseConfig(); c.variant = variant; return c }()
        let make = { (servers: Int, network: LinkSettings) in
            { @Sendable (seed: UInt64) in RaftRun.make(N.self, servers: servers, seed: seed, config: config, network: network) }
        }
        let reliable = LinkSettings()
        let unreliable = LinkSettings(loss: 0.05, duplicate: 0.03, reorder: 0.2)
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "restart-remembers"], make: make(3, reliable), drive: { h in
                try h.awaitLeader()
                try h.agree("a")
                var random = SeededRandom(seed: h.sim.seed &+ 9)
                for round in 0..<8 {
                    if let l = RaftRun.leaders(h.sim, among: h.servers).first { h.perform(.command(l.id, "r\(round)")) }
                    try h.run(for: Int64(random.below(40_000)))
                    let victim = round % 3 == 0 ? (RaftRun.leaders(h.sim, among: h.servers).first?.id ?? NodeID(0))
                        : NodeID(Int(random.below(3)))
                    try h.crashAndRestart(victim)
                    try h.run(for: 300_000)
                }
                try h.agree("z")
            }),
            ExerciseTest(info[test: "vote-survives-restart"], make: make(3, reliable), drive: { h in
                let (l, _) = try h.awaitLeader()
                try h.agree("a")
                h.perform(.crash(l))
                let others = h.servers.filter { $0 != l }
                let (x, _) = try h.awaitLeader(among: others, within: 4 * config.maxElectionTimeout)
                let y = others.first { $0 != x }!
                // x and the old leader no longer hear each other; y, who voted for x, crashes and comes back.
                h.perform(.setLink(from: x, to: l, LinkSettings(cut: true)))
                h.perform(.setLink(from: l, to: x, LinkSettings(cut: true)))
                try h.run(for: 20_000)
                h.perform(.crash(y))
                h.perform(.restart(y))
                // The old leader returns, times out, and asks y for a vote, likely in x's term.
                h.perform(.restart(l))
                try h.run(for: 1_000_000)
                h.perform(.heal)
                try h.agree("b")
            }),
            ExerciseTest(info[test: "crash-all"], make: make(3, reliable), drive: { h in
                try h.awaitLeader()
                try h.agree("a")
                try h.agree("b")
                for n in h.servers { h.perform(.crash(n)) }
                try h.run(for: 100_000)
                for n in h.servers { h.perform(.restart(n)) }
                try h.awaitLeader(within: 4 * config.maxElectionTimeout)
                try h.agree("c")
                for n in h.servers {
                    for c in ["a", "b"] {
                        try h.require("committed commands survive a crash of every server",
                                      RaftRun.hasCommitted(h.sim, n, .text(c)) ? nil
                                        : "\(h.sim.layout.name(n)) has no committed '\(c)' after the restart, though 'c' committed after it")
                    }
                }
            }),
            ExerciseTest(info[test: "leader-crash-loop"], make: make(5, reliable), drive: { h in
                try h.awaitLeader()
                try h.agree("start")
                for round in 1...5 {
                    let l = try h.awaitLeader(within: 4 * config.maxElectionTimeout)
                    h.perform(.command(l.id, "lost?\(round)"))
                    try h.run(for: 5_000)
                    h.perform(.crash(l.id))
                    try h.agree("r\(round)", among: h.servers.filter { $0 != l.id }, count: 3)
                    h.perform(.restart(l.id))
                }
                try h.agree("end")
            }),
            ExerciseTest(info[test: "churn-unreliable"], make: make(5, unreliable), drive: { h in
                try h.awaitLeader(within: 4 * config.maxElectionTimeout)
                var random = SeededRandom(seed: h.sim.seed &+ 10)
                var down: [NodeID] = []
                for i in 1...20 {
                    if let l = RaftRun.leaders(h.sim, among: h.servers).first { h.perform(.command(l.id, "u\(i)")) }
                    try h.run(for: Int64(50_000 + random.below(100_000)))
                    if down.count < 2 && random.chance(0.6) {
                        let n = NodeID(Int(random.below(5)))
                        if !down.contains(n) { h.perform(.crash(n)); down.append(n) }
                    } else if !down.isEmpty {
                        h.perform(.restart(down.removeFirst()))
                    }
                }
                for n in down { h.perform(.restart(n)) }
                try h.agree("final", within: 5_000_000)
            }),
        ])
    }
}

extension TestHarness where Node: RaftExerciseNode {
    /// Crashes server `n` and restarts it at once; fails unless it comes back
    /// with the term, vote and log it had (Figure 2's persistent state).
    public func crashAndRestart(_ n: NodeID) throws {
        guard let before = sim.node(n)?.raft else { return }
        perform(.crash(n))
        perform(.restart(n))
        guard let after = sim.node(n)?.raft else { return }
        let name = sim.layout.name(n)
        func state(_ v: RaftServerView) -> String {
            "term \(v.currentTerm), vote \(v.votedFor.map(sim.layout.name) ?? "none"), \(v.log.count) log entries"
        }
        var problem: String?
        if after.currentTerm != before.currentTerm || after.votedFor != before.votedFor || after.log != before.log {
            var what: [String] = []
            if after.currentTerm != before.currentTerm { what.append("currentTerm") }
            if after.votedFor != before.votedFor { what.append("votedFor") }
            if after.log != before.log {
                let same = zip(after.log, before.log).prefix { $0 == $1 }.count
                what.append("the log (it differs from index \(same + 1))")
            }
            problem = "\(name) restarted with \(state(after)); just before the crash it had \(state(before)): "
                + what.joined(separator: ", ") + " did not survive"
        }
        try require("a restarted server has its term, vote and log back", problem)
    }
}
