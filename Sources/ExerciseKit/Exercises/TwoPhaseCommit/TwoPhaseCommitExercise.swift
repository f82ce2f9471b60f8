import ClusterSim

/// The `two-phase-commit` exercise: a coordinator and participants with
/// durable prepare records; atomicity checked after every step, participants
/// crashing before and after they prepare, and the blocking case: while the
/// coordinator is away, a prepared participant must wait.
public enum TwoPhaseCommitExercise {
    public static let info = ExerciseInfo(
        id: "two-phase-commit", title: "Two-phase commit: atomic, durable, and blocking", topic: "transactions",
        folder: "two-phase-commit", files: ["CommitNode.swift"],
        readFirst: ["Courseware/two-phase-commit.md (The protocol; What must be durable, and when; Blocking)",
                    "J. Gray, Notes on Data Base Operating Systems, in Operating Systems: An Advanced Course, LNCS 60, 1978 (the two-phase commit protocol)",
                    "P. A. Bernstein, V. Hadzilacos, N. Goodman, Concurrency Control and Recovery in Database Systems, 1987 (chapter 7, Distributed Recovery: two-phase commit and blocking)",
                    "C. Mohan, B. Lindsay, R. Obermarck, Transaction Management in the R* Distributed Database Management System, ACM TODS 11(4), 1986 (presumed abort)"],
        summary: "n1 coordinates, n2–n4 take part. On `begin TX` the coordinator asks every participant to prepare; each "
            + "votes (config.votesYes says how); all yes means commit, any no or a missing vote means abort. A participant "
            + "that votes yes must first make that durable (context.persist) and from then on may only do what the "
            + "coordinator decides; the coordinator makes its decision durable before it tells anyone. The suite checks "
            + "atomicity after every step and crashes nodes at the worst moments.",
        hints: ["Keep one durable record per node: the states of its transactions. Persist before you send the message that depends on it (the yes vote, the decision).",
                "The coordinator may abort on its own while it is still collecting votes (a timeout); a participant may abort on its own only before it has voted yes.",
                "Messages get lost when nodes crash or are cut off: resend the decision until each participant acknowledges it, and let a prepared participant ask the coordinator what was decided.",
                "After a restart, the coordinator finds its decisions in its durable record; a transaction it has no decision for was never committed, so it can answer abort (presumed abort).",
                "A prepared participant whose coordinator is gone is blocked: it must keep asking and wait, however long. That is 2PC's known weakness."],
        tests: [TestInfo("commit-and-abort", points: 17, "no faults: transactions all voted yes commit everywhere, one with a no vote aborts everywhere"),
                TestInfo("participant-crash-before-prepare", points: 17, "n3 down when asked to prepare: the transaction aborts, nobody commits"),
                TestInfo("participant-crash-after-prepare", points: 25, "n3 crashes just after voting yes: after its restart every node commits"),
                TestInfo("coordinator-blocks", points: 25, "n1 crashes once all have prepared: they stay prepared while it is down, then all finish alike"),
                TestInfo("coordinator-cut-off-after-commit", points: 16, "n1 is cut off just after deciding commit: nobody aborts, and after the heal all commit")])

    static let layout = ClusterLayout(servers: 4)
    static let network = LinkSettings(latency: .uniform(min: 1_000, max: 5_000))
    static let participants = (1..<4).map(NodeID.init)
    static let n1 = TwoPhaseCommitConfig.coordinator
    /// How long the suite gives a transaction to finish everywhere once nothing is in its way.
    static let settle: Int64 = 3_000_000

    public static func suite<N: TwoPhaseCommitNode>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        @Sendable func make(refusals: [Int: Int] = [:]) -> @Sendable (UInt64) -> Simulation<N> {
            { seed in
                let sim = Simulation<N>(layout: layout, config: TwoPhaseCommitConfig(refusals: refusals, variant: variant),
                                        seed: seed, network: network)
                sim.addInvariant(Invariant("atomicity") { atomicityProblem($0) })
                return sim
            }
        }
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "commit-and-abort"], make: make(refusals: [3: 3]), drive: { h in
                for tx in 1...5 {
                    h.perform(.command(n1, "begin \(tx)"))
                    try h.run(for: 20_000)
                }
                for tx in 1...5 { try finished(h, tx, as: tx == 3 ? .aborted : .committed) }
            }),
            ExerciseTest(info[test: "participant-crash-before-prepare"], make: make(), drive: { h in
                try h.run(until: 10_000)
                h.perform(.crash(NodeID(2)))
                h.perform(.command(n1, "begin 1"))
                try h.expect("the coordinator aborts without n3's vote", within: settle,
                             otherwise: "n1 is \(describe(h.sim, n1, 1)) \(DurationText.format(settle)) after begin 1; n3 was down and never voted, so it must abort") { sim in
                    sim.node(n1)?.state(of: 1) == .aborted
                }
                h.perform(.restart(NodeID(2)))
                try h.run(for: settle)
                try h.require("nobody commits", participants.first { h.sim.node($0)?.state(of: 1) == .committed }
                    .map { "\(h.sim.layout.name($0)) committed transaction 1, which the coordinator aborted" })
                try finished(h, 1, as: .aborted, except: [NodeID(2)])
            }),
            ExerciseTest(info[test: "participant-crash-after-prepare"], make: make(), drive: { h in
                try h.run(until: 10_000)
                h.perform(.command(n1, "begin 1"))
                try h.expect("n3 prepares", within: settle, otherwise: "n3 is \(describe(h.sim, NodeID(2), 1)), not prepared") { sim in
                    sim.node(NodeID(2))?.state(of: 1) == .prepared
                }
                h.perform(.crash(NodeID(2)))
                try h.run(for: 500_000)
                h.perform(.restart(NodeID(2)))
                try h.require("a prepared participant remembers", h.sim.node(NodeID(2))?.state(of: 1) == .prepared
                              || h.sim.node(NodeID(2))?.state(of: 1) == .committed ? nil
                              : "n3 voted yes on transaction 1, crashed and restarted \(describe(h.sim, NodeID(2), 1)): its prepare record did not survive")
                try finished(h, 1, as: .committed)
            }),
            ExerciseTest(info[test: "coordinator-blocks"], make: make(), drive: { h in
                try h.run(until: 10_000)
                h.perform(.command(n1, "begin 1"))
                try h.expect("every participant prepares", within: settle, otherwise: "not every participant prepared: "
                             + participants.map { "\(h.sim.layout.name($0)) \(describe(h.sim, $0, 1))" }.joined(separator: ", ")) { sim in
                    participants.allSatisfy { sim.node($0)?.state(of: 1) == .prepared }
                }
                h.perform(.crash(n1))
                let away = h.sim.now.microseconds + settle
                let left = h.sim.run(until: { sim in participants.contains { sim.node($0)?.state(of: 1) != .prepared } },
                                     limit: VirtualTime(microseconds: away))
                if let v = h.sim.violation {
                    throw TestFailure(property: v.invariant, message: v.message, step: v.step, time: v.time,
                                      todo: TestHarness.firstTodo(in: h.sim))
                }
                if left, let p = participants.first(where: { h.sim.node($0)?.state(of: 1) != .prepared }) {
                    try h.require("a prepared participant blocks",
                                  "\(h.sim.layout.name(p)) became \(describe(h.sim, p, 1)) while the coordinator was down: having voted yes, it must wait for the decision")
                }
                try h.run(until: away)
                h.perform(.restart(n1))
                try finished(h, 1, as: nil)
            }),
            ExerciseTest(info[test: "coordinator-cut-off-after-commit"], make: make(), drive: { h in
                try h.run(until: 10_000)
                h.perform(.command(n1, "begin 1"))
                try h.expect("the coordinator decides commit", within: settle, otherwise: "n1 is \(describe(h.sim, n1, 1))") { sim in
                    sim.node(n1)?.state(of: 1) == .committed
                }
                h.perform(.partition([[n1], participants]))
                try h.run(for: settle)
                h.perform(.heal)
                try finished(h, 1, as: .committed)
            }),
        ])
    }

    /// Within `settle`, every node (but `except`) has decided `tx` the same
    /// way, and that way is `outcome` when given.
    static func finished<N: TwoPhaseCommitNode>(_ h: TestHarness<N>, _ tx: Int, as outcome: TransactionState?,
                                               except: Set<NodeID> = []) throws {
        let nodes = ([n1] + participants).filter { !except.contains($0) }
        let property = "transaction \(tx) finishes" + (outcome.map { " \($0)" } ?? "") + " everywhere"
        try h.expect(property, within: settle, otherwise: "after \(DurationText.format(settle)): "
                     + nodes.map { "\(h.sim.layout.name($0)) \(describe(h.sim, $0, tx))" }.joined(separator: ", ")) { sim in
            let states = nodes.map { sim.node($0)?.state(of: tx) }
            guard let first = states.first ?? nil, first.isDecided else { return false }
            return states.allSatisfy { $0 == first } && (outcome == nil || first == outcome)
        }
    }

    /// Some node committed a transaction another aborted (the coordinator
    /// included); the suite's transactions are numbered 1 to 5.
    static func atomicityProblem<N: TwoPhaseCommitNode>(_ sim: Simulation<N>) -> String? {
        var committed: [Int: NodeID] = [:], aborted: [Int: NodeID] = [:]
        for n in sim.layout.servers {
            guard let node = sim.node(n) else { continue }
            for tx in 1...5 {
                switch node.state(of: tx) {
                case .committed?: committed[tx] = committed[tx] ?? n
                case .aborted?: aborted[tx] = aborted[tx] ?? n
                default: break
                }
            }
        }
        for tx in committed.keys.sorted() {
            if let a = aborted[tx], let c = committed[tx] {
                return "transaction \(tx): \(sim.layout.name(c)) committed it, \(sim.layout.name(a)) aborted it"
            }
        }
        return nil
    }

    static func describe<N: TwoPhaseCommitNode>(_ sim: Simulation<N>, _ n: NodeID, _ tx: Int) -> String {
        if sim.status(of: n) == .crashed { return "down" }
        return sim.node(n)?.state(of: tx).map(\.description) ?? "with no record"
    }
}
