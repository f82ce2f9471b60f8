import ClusterProtocols
import ClusterSim

/// raft-kv (6.824 lab 3A): a linearizable key-value service on the Raft log.
public enum RaftKVExercise {
    public static let info = ExerciseInfo(
        id: "raft-kv",
        title: "Raft: a linearizable key-value store",
        topic: "raft",
        folder: "raft",
        files: ["Raft.swift", "RaftTypes.swift", "KV.swift"],
        readFirst: [
            "Courseware/raft.md",
            "Ongaro & Ousterhout, In Search of an Understandable Consensus Algorithm (extended version, 2014; https://raft.github.io/raft.pdf): §8 (Client interaction)",
            "Ongaro, Consensus: Bridging Theory and Practice (PhD dissertation, Stanford 2014): §6.3 (Implementing linearizable semantics)",
            "Maelstrom's lin-kv workload: https://github.com/jepsen-io/maelstrom/blob/main/doc/workloads.md",
            "MIT 6.824 (now 6.5840) Distributed Systems, the fault-tolerant key/value service lab: https://pdos.csail.mit.edu/6.824/",
        ],
        summary: "Put a key-value state machine (read, write, compare-and-set with lin-kv semantics) on your Raft log. The given "
            + "clerks send each request to the server they think leads and resend the SAME request (same number) elsewhere when "
            + "no answer comes: a leader appends it, and whichever server leads when it is applied answers with its result. "
            + "Apply each clerk's request once. Checked under partitions, crashes and an unreliable network by the "
            + "linearizability checker on the clerks' history, and every acknowledged write must be in the leader's log.",
        hints: [
            "Answer a clerk only once its request is committed and applied: an entry appended but not committed can still vanish.",
            "Reads go through the log too: a leader cut off from the majority does not know it was deposed, and its state can be stale.",
            "A resent request may be in the log twice. Keep, per clerk, the number of its last applied request and that request's result, as part of the replicated state: a repeat returns the recorded result without applying again (dissertation §6.3).",
            "Only a server that is leader when it applies an entry answers the clerk; a server that is not the leader redirects the clerk (with the leader it knows of, if any).",
        ],
        tests: [
            TestInfo("kv-basic", points: 17, "5 servers, 3 clerks, a reliable network: every operation completes and the history is linearizable"),
            TestInfo("kv-unreliable", points: 17, "messages lost, duplicated and reordered (clerks' too): requests resent and duplicated take effect once"),
            TestInfo("kv-stale-read", points: 17, "a leader cut off alone is asked to read a key the new leader has since written: it must not answer with the old value"),
            TestInfo("kv-partition", points: 17, "the leader is cut off with a minority again and again while clerks keep talking to it"),
            TestInfo("kv-crash", points: 16, "the leader crashes and restarts again and again: acknowledged writes survive"),
            TestInfo("kv-chaos", points: 16, "partitions, crashes and an unreliable network together; everything heals at the end"),
        ])

    public static func suite<N: RaftExerciseNode>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        let config = { var c = RaftExerciseConfig(); c.variant = variant; c.workload.opsPerClient = 20; return c }()
        let make = { (clients: Int, network: LinkSettings) in
            { @Sendable (seed: UInt64) in RaftRun.make(N.self, servers: 5, clients: clients, seed: seed, config: config, network: network) }
        }
        let reliable = LinkSettings()
        let unreliable = LinkSettings(loss: 0.08, duplicate: 0.15, reorder: 0.2)
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "kv-basic"], make: make(3, reliable), drive: { h in
                try h.finishKV(within: 5_000_000)
            }),
            ExerciseTest(info[test: "kv-unreliable"], make: make(3, unreliable), drive: { h in
                try h.finishKV(within: 10_000_000)
            }),
            ExerciseTest(info[test: "kv-stale-read"], make: { seed in
                let idle = { var c = config; c.workload.opsPerClient = 0; return c }()
                return RaftRun.make(N.self, servers: 5, clients: 2, seed: seed, config: idle)
            }, drive: { h in
                let (c1, c2) = (h.sim.layout.clients[0], h.sim.layout.clients[1])
                let (old, term) = try h.awaitLeader()
                try h.clerkDoes(c1, "write k0 1 at \(h.sim.layout.name(old))")
                let rest = h.servers.filter { $0 != old }
                h.perform(.partition([[old], rest]))
                let (new, _) = try h.awaitLeader(among: rest, newerThan: term, within: 3 * config.maxElectionTimeout)
                try h.clerkDoes(c1, "write k0 2 at \(h.sim.layout.name(new))")
                h.perform(.command(c2, "read k0 at \(h.sim.layout.name(old))"))
                try h.run(for: 300_000)
                h.perform(.heal)
                try h.finishKV(within: 3_000_000)
            }),
            ExerciseTest(info[test: "kv-partition"], make: make(4, reliable), drive: { h in
                var random = SeededRandom(seed: h.sim.seed &+ 11)
                for _ in 0..<3 {
                    try h.run(for: 300_000)
                    let l = RaftRun.leaders(h.sim, among: h.servers).first?.id ?? NodeID(0)
                    var o = NodeID(Int(random.below(5)))
                    if o == l { o = NodeID((o.index + 1) % 5) }
                    h.perform(.partition([[l, o]]))
                    try h.run(for: 700_000)
                    h.perform(.heal)
                }
                try h.finishKV(within: 6_000_000)
            }),
            ExerciseTest(info[test: "kv-crash"], make: make(3, reliable), drive: { h in
                for _ in 0..<3 {
                    try h.run(for: 300_000)
                    guard let l = RaftRun.leaders(h.sim, among: h.servers).first?.id else { continue }
                    h.perform(.crash(l))
                    try h.run(for: 500_000)
                    h.perform(.restart(l))
                }
                try h.finishKV(within: 6_000_000)
            }),
            ExerciseTest(info[test: "kv-chaos"], make: make(3, unreliable), drive: { h in
                var random = SeededRandom(seed: h.sim.seed &+ 12)
                for round in 0..<4 {
                    try h.run(for: 300_000)
                    let l = RaftRun.leaders(h.sim, among: h.servers).first?.id ?? NodeID(Int(random.below(5)))
                    if round % 2 == 0 {
                        h.perform(.partition([[l, NodeID((l.index + 1 + Int(random.below(4))) % 5)]]))
                        try h.run(for: 500_000)
                        h.perform(.heal)
                    } else {
                        h.perform(.crash(l))
                        try h.run(for: 400_000)
                        h.perform(.restart(l))
                    }
                }
                try h.finishKV(within: 10_000_000)
            }),
        ])
    }
}

extension TestHarness where Node: RaftExerciseNode {
    /// Hands clerk `c` an operation and waits until it completes.
    public func clerkDoes(_ c: NodeID, _ op: String, within deadline: Int64 = 2_000_000) throws {
        perform(.command(c, op))
        try expect("the clerk's \(op) completes", within: deadline,
                   otherwise: "\(sim.layout.name(c))'s \(op) got no answer in \(DurationText.format(deadline)); " + roles()) { sim in
            sim.node(c)?.clerk?.isDone ?? true
        }
    }

    /// The end of every raft-kv test: with the faults healed, every clerk
    /// finishes its operations; the history is linearizable; every write the
    /// clerks saw acknowledged is in the leader's log.
    public func finishKV(within deadline: Int64) throws {
        let clerks = sim.layout.clients
        try expect("every operation completes after the faults heal", within: deadline,
                   otherwise: "clerks still waiting: " + clerks.compactMap { c in
                       sim.node(c)?.clerk.flatMap { k in k.isDone ? nil : "\(sim.layout.name(c)) on \(k.current.map { "#\($0.id) \($0.op)" } ?? "?") (\(k.completed) done)" }
                   }.joined(separator: ", ") + "; " + roles()) { sim in
            clerks.allSatisfy { sim.node($0)?.clerk?.isDone ?? true }
        }
        do {
            if case .notLinearizable(let key, let window) = try LinearizabilityChecker.check(sim.trace.history) {
                let ops = window.map { op in "p\(op.process) \(op.type.rawValue) \(op.f) \(op.value)" + (op.error.map { " error \($0)" } ?? "") }
                throw failure("linearizability", "the history of key \(key) cannot be linearized; the smallest window: " + ops.joined(separator: "; "))
            }
        } catch let e as LinearizabilityUndecided {
            throw failure("linearizability", "the checker could not decide key \(e.key) within its budget")
        }
        let (leader, _) = try awaitLeader()
        guard let log = sim.node(leader)?.raft?.log else { return }
        let logged = Set(log.compactMap { e -> KVRequest? in if case .kv(let r) = e.command { return r } else { return nil } })
        for c in clerks {
            guard let clerk = sim.node(c)?.clerk else { continue }
            if let lost = clerk.acknowledged.first(where: { !logged.contains($0) }) {
                throw failure("every acknowledged write is in the leader's log",
                              "\(sim.layout.name(c))'s \(lost.op) (request #\(lost.id)) was acknowledged, but the leader \(sim.layout.name(leader)) has no entry for it")
            }
        }
    }
}
