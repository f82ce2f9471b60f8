import ClusterSim

/// The `vector-clocks` exercise: the update rules (tick on a local event and
/// a send, merge and tick on a receive) and the comparison, checked against
/// the causal order the engine records on random chatter.
public enum VectorClocksExercise {
    public static let info = ExerciseInfo(
        id: "vector-clocks", title: "Vector clocks", topic: "clocks", folder: "vector-clocks",
        files: ["ClockNode.swift"],
        readFirst: [
            "Courseware/clocks.md (happens-before; vector clocks)",
            "Leslie Lamport, Time, Clocks, and the Ordering of Events in a Distributed System, CACM 21(7), 1978 (the happened-before relation)",
            "Friedemann Mattern, Virtual Time and Global States of Distributed Systems, 1989 (vector time)",
            "Colin Fidge, Timestamps in Message-Passing Systems That Preserve the Partial Ordering, ACSC 1988",
        ],
        summary: "Nodes chatter at random (the workload is given). Keep each node's vector clock by the update rules, "
            + "stamp every event (start, timer, receive, send) with it, carry it on every message, and say how two "
            + "stamped events are related: before, after, concurrent or the same.",
        hints: [
            "A vector has one entry per node (`context.layout.count` of them); entry j counts the events of node j this node knows of.",
            "A local event (the start, a timer) and a send are events of this node: add one to this node's own entry, then stamp. "
                + "A send puts the clock, as it is after that tick, on the message.",
            "A receive is an event too: first take the entrywise maximum of this clock and the message's, then add one to this "
                + "node's own entry, the receiver's, not the sender's; then stamp.",
            "The receive's stamp comes before the stamps of any messages sent while handling it: stamp in the order things happen.",
            "a happened before b when every entry of a is ≤ b's and they differ; concurrent when neither is ≤ the other. "
                + "Comparing sums (or any single number) cannot tell concurrency.",
        ],
        tests: [
            TestInfo("local-events", points: 10, "no messages: every node's clock matches the causal order after every step"),
            TestInfo("send-and-receive", points: 25, "four nodes chatter: every node's clock matches the causal order after every step"),
            TestInfo("messy-network", points: 20, "loss, duplicates, reordering: every event's stamp matches its causal history"),
            TestInfo("happens-before", points: 25, "400 sampled pairs related by happened-before: stamps and order() classify each right"),
            TestInfo("concurrent", points: 20, "400 sampled pairs of concurrent events: stamps and order() classify each right"),
        ])

    /// The graded suite; `variant` (instructors only) selects a known-buggy
    /// variant of the reference solution through every test's config.
    public static func suite<N: VectorClockNode>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        let chatter = VectorClocksConfig(variant: variant)
        let quiet = VectorClocksConfig(sendChance: 0, variant: variant)
        let messy = LinkSettings(loss: 0.2, duplicate: 0.2, reorder: 0.3)
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "local-events"], make: { seed in
                let sim = Simulation<N>(layout: ClusterLayout(servers: 3), config: quiet, seed: seed)
                sim.addInvariant(clocksMatch())
                return sim
            }, drive: { h in try h.run(until: 1_000_000) }),
            ExerciseTest(info[test: "send-and-receive"], make: { seed in
                let sim = Simulation<N>(layout: ClusterLayout(servers: 4), config: chatter, seed: seed)
                sim.addInvariant(clocksMatch())
                return sim
            }, drive: { h in try h.run(until: 2_000_000) }),
            ExerciseTest(info[test: "messy-network"], make: { seed in
                Simulation<N>(layout: ClusterLayout(servers: 5), config: chatter, seed: seed, network: messy)
            }, drive: { h in
                try h.run(until: 3_000_000)
                if let (problem, event) = CausalRecord(h.sim).firstMismatch(h.sim) {
                    throw failure(h, "every stamp matches its causal history", problem, at: event)
                }
            }),
            ExerciseTest(info[test: "happens-before"], make: { seed in
                Simulation<N>(layout: ClusterLayout(servers: 5), config: chatter, seed: seed, network: messy)
            }, drive: { h in
                try h.run(until: 3_000_000)
                try classify(h, [.before, .after], property: "happened-before classified right")
            }),
            ExerciseTest(info[test: "concurrent"], make: { seed in
                Simulation<N>(layout: ClusterLayout(servers: 5), config: chatter, seed: seed, network: messy)
            }, drive: { h in
                try h.run(until: 3_000_000)
                try classify(h, [.concurrent], property: "concurrency classified right")
            }),
        ])
    }

    /// After every step, every node's clock is the engine's vector for it.
    static func clocksMatch<N: VectorClockNode>() -> Invariant<N> {
        Invariant("every clock matches the causal order") { sim in
            for n in sim.layout.all {
                guard let node = sim.node(n) else { continue }
                let engine = sim.vectorClock(of: n).entries.map { Int($0) }
                if node.clock != engine {
                    let last = sim.trace.count - 1
                    let what = last >= sim.trace.firstEvent ? " after \(sim.layout.name(NodeID(Int(sim.trace[last].node)))): \(sim.describe(event: last))" : ""
                    return "\(sim.layout.name(n))'s clock is \(text(node.clock)), its causal history is \(text(engine))\(what)"
                }
            }
            return nil
        }
    }

    /// Sampled pairs of events the engine relates by one of `wanted`: the
    /// student's stamps of both, and `order` on them and on the engine's
    /// vectors, must all give the engine's relation.
    static func classify<N: VectorClockNode>(_ h: TestHarness<N>, _ wanted: Set<CausalOrder>, property: String) throws {
        let record = CausalRecord(h.sim)
        let pairs = record.samplePairs(seed: h.sim.seed, count: 400, wanted: wanted)
        try h.require(property, pairs.count < 100 ? "the run has only \(pairs.count) such pairs to sample" : nil)
        let stamps = h.sim.layout.all.map { h.sim.node($0)?.stamps ?? [] }
        guard let judge = h.sim.node(NodeID(0)) else { throw h.failure(property, "n1 is down") }
        let name = { (e: CausalRecord.Event) in "\(h.sim.layout.name(e.node))'s event \(e.number + 1)" }
        for (a, b) in pairs {
            let truth = CausalRecord.order(a.clock, b.clock)
            let onEngine = judge.order(a.clock, b.clock)
            let later = max(a.traceIndex, b.traceIndex)
            if onEngine != truth {
                var f = failure(h, property, "order(\(text(a.clock)), \(text(b.clock))) says \(onEngine.rawValue); "
                    + "\(name(a)) and \(name(b)) are \(truth.rawValue)", at: later)
                // The starter's order() answers `same` for everything: two different vectors are never the same event.
                if onEngine == .same, f.todo == nil { f.todo = "order(_:_:): compare two stamps entrywise" }
                throw f
            }
            guard a.number < stamps[a.node.index].count, b.number < stamps[b.node.index].count else {
                throw h.failure(property, "\(name(a)) or \(name(b)) has no stamp")
            }
            let sa = stamps[a.node.index][a.number], sb = stamps[b.node.index][b.number]
            let onStamps = judge.order(sa, sb)
            if onStamps != truth {
                throw failure(h, property, "\(name(a)) is stamped \(text(sa)) and \(name(b)) \(text(sb)): order() says "
                    + "\(onStamps.rawValue), but they are \(truth.rawValue) (their causal histories are \(text(a.clock)) and \(text(b.clock)))",
                    at: later)
            }
        }
    }

    /// A failure placed at trace event `event` (the step the report's
    /// events lead up to), not at the end of the run where it was found.
    static func failure<N>(_ h: TestHarness<N>, _ property: String, _ message: String, at event: Int) -> TestFailure {
        let e = h.sim.trace[event]
        return TestFailure(property: property, message: message, step: e.step, time: e.time,
                           todo: TestHarness<N>.firstTodo(in: h.sim))
    }

    static func text(_ v: [Int]) -> String { "[" + v.map(String.init).joined(separator: ",") + "]" }
}
