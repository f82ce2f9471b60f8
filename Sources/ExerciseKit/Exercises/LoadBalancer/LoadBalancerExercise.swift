import ClusterSim

/// The `load-balancer` exercise: least-connections and power-of-two-choices
/// pickers, checked on how they spread requests and on their p99 latency
/// against round-robin when one backend is ten times slower.
public enum LoadBalancerExercise {
    public static let info = ExerciseInfo(
        id: "load-balancer", title: "Load balancer: least connections and two random choices", topic: "balancing",
        folder: "load-balancer", files: ["BalancerPicker.swift"],
        readFirst: ["Courseware/load-balancing.md (Strategies and what they know; Queues: why one slow backend hurts)",
                    "M. Mitzenmacher, The Power of Two Choices in Randomized Load Balancing, IEEE TPDS 12(10), 2001",
                    "nginx ngx_http_upstream_module: least_conn and random two (https://nginx.org/en/docs/http/ngx_http_upstream_module.html)",
                    "J. Dean, L. A. Barroso, The Tail at Scale, CACM 56(2), 2013"],
        summary: "The balancer, its backends and its clients are given; you write the picker that chooses a backend for "
            + "each request: least connections (the backend with the fewest requests in flight) and power of two "
            + "choices (two distinct random backends, the less loaded of the two). The suite counts where requests "
            + "went and measures end-to-end p99 latency against round-robin when one of four backends is ten times slower.",
        hints: ["The picker only sees what the balancer tells it: keep a count per backend, one up in forwarded(to:), one down in completed(at:).",
                "Least connections: scan every backend for the smallest count. At low load most counts are 0; if ties always go to the same backend, it gets far more than its share — break ties round-robin from a rotating start, as nginx does.",
                "Power of two choices: draw two different backends with context.random(below:), then keep the one with fewer requests in flight.",
                "A slow backend holds its requests longer, so its count stays high: that is all either picker needs to notice it. Round-robin keeps sending it a quarter of the load, which it cannot serve."],
        tests: [TestInfo("in-flight-counts", points: 17, "after every step the picker's counts equal the requests really in flight at each backend"),
                TestInfo("least-connections-spread", points: 17, "four equal backends: every request answered, each backend gets 20–30% of them"),
                TestInfo("least-connections-tail", points: 25, "one slow backend: p99 at most a tenth of round-robin's, the slow one gets under 12% of requests"),
                TestInfo("power-of-two-spread", points: 16, "four equal backends: every request answered, each backend gets 20–30% of them"),
                TestInfo("power-of-two-tail", points: 25, "one slow backend: p99 at most a tenth of round-robin's, the slow one gets under 12% of requests")])

    /// One balancer, four backends, two clients; links of 100–300 µs.
    static let layout = ClusterLayout(servers: 5, clients: 2)
    static let network = LinkSettings(latency: .uniform(min: 100, max: 300))
    /// Clients send for 1 s; everything must be answered within 3 s more.
    static let drainBy: Int64 = 4_000_000

    public static func suite<P: BackendPicking>(_: P.Type, variant: String? = nil) -> ExerciseSuite<PickerCluster<P>> {
        typealias Sim = Simulation<PickerCluster<P>>
        @Sendable func make(_ strategy: LoadBalancerConfig.Strategy, slow: Int) -> @Sendable (UInt64) -> Sim {
            { seed in Sim(layout: layout, config: LoadBalancerConfig(strategy: strategy, slow: slow, variant: variant),
                          seed: seed, network: network) }
        }
        let counts = ExerciseTest<PickerCluster<P>>(info[test: "in-flight-counts"], make: { seed in
            let sim = make(.leastConnections, slow: 1)(seed)
            sim.addInvariant(Invariant("the picker counts requests in flight") { sim in countsProblem(sim) })
            return sim
        }, drive: { h in
            try h.run(until: drainBy)
            try h.require("every request answered", RunFigures(h.sim).unanswered)
        })
        return ExerciseSuite(info, [
            counts,
            spreadTest("least-connections-spread", make(.leastConnections, slow: 0)),
            tailTest("least-connections-tail", make(.leastConnections, slow: 1), baseline: make(.roundRobin, slow: 1)),
            spreadTest("power-of-two-spread", make(.powerOfTwoChoices, slow: 0)),
            tailTest("power-of-two-tail", make(.powerOfTwoChoices, slow: 1), baseline: make(.roundRobin, slow: 1)),
        ])
    }

    /// Each backend's share of requests within 20–30% with four equal backends.
    static func spreadTest<P>(_ name: String, _ make: @escaping @Sendable (UInt64) -> Simulation<PickerCluster<P>>) -> ExerciseTest<PickerCluster<P>> {
        ExerciseTest(info[test: name], make: make, drive: { h in
            try h.run(until: drainBy)
            let figures = RunFigures(h.sim)
            try h.require("every request answered", figures.unanswered)
            let total = max(1, figures.forwarded.reduce(0, +))
            for (b, n) in figures.forwarded.enumerated() {
                let share = Double(n) / Double(total)
                try h.require("requests spread evenly",
                              (0.20...0.30).contains(share)
                                ? nil : "n\(b + 2) got \(percent(share)) of \(total) requests (\(n)); each of 4 equal backends should get 20–30%")
            }
        })
    }

    /// p99 at most a tenth of round-robin's on the same seed, and the slow backend (n2) under 12% of requests.
    static func tailTest<P>(_ name: String, _ make: @escaping @Sendable (UInt64) -> Simulation<PickerCluster<P>>,
                            baseline: @escaping @Sendable (UInt64) -> Simulation<PickerCluster<P>>) -> ExerciseTest<PickerCluster<P>> {
        ExerciseTest(info[test: name], make: make, drive: { h in
            try h.run(until: drainBy)
            let figures = RunFigures(h.sim)
            try h.require("every request answered", figures.unanswered)
            let total = max(1, figures.forwarded.reduce(0, +))
            let slowShare = Double(figures.forwarded[0]) / Double(total)
            try h.require("the slow backend gets little", slowShare < 0.12
                          ? nil : "n2 (10× slower) got \(percent(slowShare)) of \(total) requests (\(figures.forwarded[0])); it should get under 12%")
            let rr = baseline(h.sim.seed)
            rr.run(until: VirtualTime(microseconds: drainBy))
            let rrP99 = RunFigures(rr).p99
            try h.require("p99 beats round-robin", figures.p99 * 10 <= rrP99
                          ? nil : "p99 \(DurationText.format(figures.p99)) vs round-robin's \(DurationText.format(rrP99)) on the same seed; it should be at most a tenth")
        })
    }

    /// Where the picker's counts differ from the balancer's, if they do.
    static func countsProblem<P>(_ sim: Simulation<PickerCluster<P>>) -> String? {
        guard let b = sim.node(NodeID(0))?.balancer else { return nil }
        let counted = b.picker.inFlight
        guard counted != b.inFlight else { return nil }
        guard counted.count == b.inFlight.count else {
            return "the picker counts \(counted.count) backends; there are \(b.inFlight.count)"
        }
        let i = counted.indices.first { counted[$0] != b.inFlight[$0] }!
        return "the picker counts \(counted[i]) requests in flight at n\(i + 2); there are \(b.inFlight[i]) (picker \(counted), balancer \(b.inFlight))"
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
}

/// What a finished run of the balancer cluster measured: requests forwarded
/// to each backend, and end-to-end latency from the clients' history (the
/// engine's clock at invoke and at answer).
struct RunFigures {
    var forwarded: [Int] = []
    var latencies: [Int64] = []
    var failed = 0
    var pending = 0

    init<P>(_ sim: Simulation<PickerCluster<P>>) {
        forwarded = sim.node(NodeID(0))?.balancer?.forwarded ?? []
        var invoked: [Int: Int64] = [:]
        let trace = sim.trace
        for e in trace.events {
            guard let op = trace.operation(of: e) else { continue }
            switch e.kind {
            case .invoke: invoked[op.process] = e.time
            case .ok: if let t = invoked.removeValue(forKey: op.process) { latencies.append(e.time - t) }
            case .fail: invoked.removeValue(forKey: op.process); failed += 1
            default: break
            }
        }
        pending = invoked.count
        latencies.sort()
    }

    /// The 99th percentile (nearest rank), 0 with no samples.
    var p99: Int64 {
        guard !latencies.isEmpty else { return 0 }
        let rank = Int((0.99 * Double(latencies.count)).rounded(.up))
        return latencies[max(0, rank - 1)]
    }

    /// Why not every request was answered, if it wasn't.
    var unanswered: String? {
        if failed > 0 { return "\(failed) requests failed: the picker chose no backend (or one that does not exist)" }
        if pending > 0 { return "\(pending) requests never answered" }
        return nil
    }
}
