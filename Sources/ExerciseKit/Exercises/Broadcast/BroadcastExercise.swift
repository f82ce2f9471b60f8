import ClusterSim

/// The `broadcast` exercise: gossip every value to every server over a lossy
/// network with partitions (Maelstrom's broadcast lesson, Fly.io's Gossip
/// Glomers 3a–3d), within a message budget.
public enum BroadcastExercise {
    /// Servers in every multi-node test.
    static let servers = 5
    /// The efficient test's budget: messages (acks included) per broadcast, per other server.
    static let budgetPerPeer = 3

    public static let info = ExerciseInfo(
        id: "broadcast", title: "Broadcast", topic: "gossip", folder: "broadcast",
        files: ["BroadcastNode.swift"],
        readFirst: [
            "Courseware/gossip.md (how news spreads; anti-entropy and rumour mongering)",
            "Maelstrom, doc/03-broadcast/01-broadcast.md and 02-performance.md (https://github.com/jepsen-io/maelstrom/tree/main/doc/03-broadcast)",
            "Fly.io, Gossip Glomers challenges 3a–3d (https://fly.io/dist-sys/3a/)",
        ],
        summary: "Each server is handed values (`broadcast N`) at random; every value must reach every server, "
            + "through lost, duplicated and reordered messages and partitions that heal, without flooding the network. "
            + "A server acknowledges a broadcast by holding the value at once.",
        hints: [
            "A value a server is handed must be in its `values` before the handler returns: that is the acknowledgement.",
            "A message sent once may be lost, and nothing crosses a partition: a sender has to keep trying until it knows "
                + "the peer holds the value. Only an answer from the peer can tell it that.",
            "Keep, per peer, the values it has not acknowledged yet, and resend them from a periodic timer; an ack removes them. "
                + "Duplicated and reordered messages must do no harm: adding a value twice to a set is harmless.",
            "Resending everything to everyone every round converges, but the efficient test counts every message: send a value "
                + "to a peer once, then again only while it is unacknowledged, and batch the resends of one round into one message.",
            "The topology is a suggestion: forwarding only to your ring neighbours saves messages but needs every hop to retry.",
        ],
        tests: [
            TestInfo("single-node", points: 10, "one server: every value it is handed is in its values at once"),
            TestInfo("healthy", points: 20, "five servers, no faults: every value at every server within 500 ms of its broadcast"),
            TestInfo("lossy", points: 20, "25% loss, duplicates, reordering: every value at every server within 3 s of the last broadcast"),
            TestInfo("partition", points: 25, "three partitions that shift and heal, 10% loss: every value everywhere within 3 s of the last broadcast, after the last heal"),
            TestInfo("efficient", points: 25, "no faults: every value everywhere, in at most 3 × (servers − 1) messages per broadcast, acks included, over 5 s"),
        ])

    /// The graded suite; `variant` (instructors only) selects a known-buggy
    /// variant of the reference solution through every test's config.
    public static func suite<N: BroadcastServer>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        let config: @Sendable (Int) -> BroadcastConfig = { BroadcastConfig(servers: $0, variant: variant) }
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "single-node"], make: { seed in
                Simulation<N>(layout: ClusterLayout(servers: 1), config: config(1), seed: seed)
            }, drive: { h in
                let plan = BroadcastPlan(seed: h.sim.seed, servers: 1, count: 10, span: 1_000_000)
                try plan.play(h)
                try h.run(for: 100_000)
                try converged(plan, h, "every value at the server", within: 0)
            }),
            ExerciseTest(info[test: "healthy"], make: { seed in
                let sim = Simulation<N>(layout: ClusterLayout(servers: servers), config: config(servers), seed: seed)
                sim.addInvariant(deliveredWithin(500_000, plan: healthyPlan(seed)))
                return sim
            }, drive: { h in
                let plan = healthyPlan(h.sim.seed)
                try plan.play(h)
                try converged(plan, h, "every value at every server", within: 600_000)
            }),
            ExerciseTest(info[test: "lossy"], make: { seed in
                Simulation<N>(layout: ClusterLayout(servers: servers), config: config(servers), seed: seed,
                              network: LinkSettings(loss: 0.25, duplicate: 0.1, reorder: 0.2))
            }, drive: { h in
                let plan = BroadcastPlan(seed: h.sim.seed, servers: servers, count: 30, span: 3_000_000)
                try plan.play(h)
                try converged(plan, h, "every value at every server", within: 3_000_000)
            }),
            ExerciseTest(info[test: "partition"], make: { seed in
                Simulation<N>(layout: ClusterLayout(servers: servers), config: config(servers), seed: seed,
                              network: LinkSettings(loss: 0.1))
            }, drive: { h in
                let plan = BroadcastPlan(seed: h.sim.seed, servers: servers, count: 40, span: 6_000_000,
                                         faults: partitions(seed: h.sim.seed, servers: servers))
                try plan.play(h)
                try converged(plan, h, "every value at every server after the heals", within: 3_000_000)
            }),
            ExerciseTest(info[test: "efficient"], make: { seed in
                Simulation<N>(layout: ClusterLayout(servers: servers), config: config(servers), seed: seed)
            }, drive: { h in
                let plan = BroadcastPlan(seed: h.sim.seed, servers: servers, count: 40, span: 2_000_000)
                try plan.play(h)
                try converged(plan, h, "every value at every server", within: 1_000_000)
                try h.run(until: 5_000_000)
                let budget = budgetPerPeer * (servers - 1) * plan.values.count
                let sent = BroadcastPlan.serverSends(h.sim)
                try h.require("at most \(budgetPerPeer * (servers - 1)) messages per broadcast",
                              sent <= budget ? nil : plan.messageText(h.sim) + "; the budget is \(budget)")
            }),
        ])
    }

    static func healthyPlan(_ seed: UInt64) -> BroadcastPlan {
        BroadcastPlan(seed: seed, servers: servers, count: 30, span: 3_000_000)
    }

    /// The goal of most tests: within `deadline` µs every server holds every
    /// value broadcast; the failure names what is missing where, and the
    /// messages it took so far.
    static func converged<N: BroadcastServer>(_ plan: BroadcastPlan, _ h: TestHarness<N>, _ property: String,
                                              within deadline: Int64) throws {
        try h.expect(property, within: deadline,
                     otherwise: BroadcastPlan.describe(plan.missing(h.sim), h.sim) + " after \(DurationText.format(deadline)); "
                        + plan.messageText(h.sim)) { sim in plan.missing(sim).isEmpty }
    }

    /// Every value reaches every server within `limit` µs of its broadcast,
    /// checked after every step; values no one was handed never appear.
    static func deliveredWithin<N: BroadcastServer>(_ limit: Int64, plan: BroadcastPlan) -> Invariant<N> {
        Invariant("every value at every server within \(DurationText.format(limit))") { sim in
            let late = plan.missing(sim, upTo: sim.now.microseconds - limit)
            if late.isEmpty { return nil }
            return BroadcastPlan.describe(late, sim) + ", broadcast more than \(DurationText.format(limit)) ago"
        }
    }

    /// Three partitions of random shape (one server cut off, or a split of
    /// two against three), each followed by a heal; the last heals at 5.5 s.
    static func partitions(seed: UInt64, servers: Int) -> [(time: Int64, action: ClusterAction)] {
        var random = SeededRandom(seed: seed ^ 0x9A27_1710_0000_0003)
        var faults: [(time: Int64, action: ClusterAction)] = []
        for (start, end) in [(500_000, 1_800_000), (2_300_000, 3_600_000), (4_000_000, 5_500_000)] as [(Int64, Int64)] {
            var order = Array(0..<servers)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.below(UInt64(i + 1)))) }
            let side = 1 + Int(random.below(2))
            faults.append((start, .partition([order.prefix(side).sorted().map(NodeID.init)])))
            faults.append((end, .heal))
        }
        return faults
    }
}
