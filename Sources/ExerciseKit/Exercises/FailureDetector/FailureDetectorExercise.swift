import ClusterSim

/// The `failure-detector` exercise: heartbeats and a fixed timeout, then phi
/// accrual; checked for completeness (every crash suspected by every live
/// server within a bound, for good) and accuracy (no live server suspected
/// on a healthy network or through a latency spike below the timeout; under
/// jitter, phi accuses less than a fixed timeout does).
public enum FailureDetectorExercise {
    static let servers = 5
    /// phi-jitter: the most false suspicions phi may make in the run.
    static let jitterBound = 4

    public static let info = ExerciseInfo(
        id: "failure-detector", title: "Failure detector", topic: "membership", folder: "failure-detector",
        files: ["DetectorNode.swift"],
        readFirst: [
            "Courseware/failure-detection.md (completeness and accuracy; heartbeats and timeouts; phi accrual)",
            "Tushar Deepak Chandra and Sam Toueg, Unreliable Failure Detectors for Reliable Distributed Systems, JACM 43(2), 1996 (completeness and accuracy)",
            "Naohiro Hayashibara, Xavier Défago, Rami Yared and Takuya Katayama, The φ Accrual Failure Detector, SRDS 2004",
        ],
        summary: "Every server heartbeats every other server and keeps the set of peers it suspects: first by a fixed "
            + "timeout, then by phi accrual, which judges each peer's silence against the gaps between its own past heartbeats. "
            + "Crashes must be noticed by every live server in time; live servers must not be accused.",
        hints: [
            "Send a heartbeat to every other server at start and every `config.interval`. A heartbeat from a peer is the only "
                + "evidence that it is alive: clear any suspicion of it then.",
            "Timeout mode: a timer per peer, set again to `config.timeout` on every heartbeat from it, fires only after that much "
                + "silence: suspect the peer then. A timeout shorter than the heartbeat interval accuses everyone between heartbeats.",
            "Phi mode: handlers cannot read a clock, so count time in your own `tick` timer. Per peer, keep the number of ticks "
                + "since its last heartbeat, and on each heartbeat record that gap (in a window of the last `config.window` gaps).",
            "phi = −log10(PhiAccrual.probabilityLater(elapsed:mean:stddev:)) with the window's mean and standard deviation "
                + "(floored at `config.minStddev`, in ticks); suspect when phi ≥ `config.threshold`.",
            "Before any real gap is known, judge against a guess (Akka's PhiAccrualFailureDetector seeds each window with two "
                + "gaps around a configured first-heartbeat estimate; the heartbeat interval is a fair one); "
                + "a window that never learns behaves like a fixed timeout, and accuses a jittery peer as often.",
        ],
        tests: [
            TestInfo("no-false-suspicions", points: 10, "timeout mode, healthy network: no live server is ever suspected; a crash at 3 s is"),
            TestInfo("crash-detected", points: 20, "timeout mode: a crashed server is suspected by every live server within timeout + interval, for good"),
            TestInfo("recovery", points: 15, "timeout mode: a server cut off is suspected; within 300 ms of the heal every suspicion is cleared"),
            TestInfo("latency-spike", points: 15, "timeout mode: latency jumps to 100–150 ms for 1.5 s; no live server is suspected; a crash after it is"),
            TestInfo("phi-crash-detected", points: 20, "phi mode: a crash is suspected by every live server within 500 ms, for good; no live server is"),
            TestInfo("phi-jitter", points: 20, "phi mode, jittery network: at most \(jitterBound) false suspicions, fewer than a fixed 300 ms timeout makes; a crash is still seen within 2 s"),
        ])

    /// The graded suite; `variant` (instructors only) selects a known-buggy
    /// variant of the reference solution through every test's config.
    public static func suite<N: FailureDetectorNode>(_: N.Type, variant: String? = nil) -> ExerciseSuite<N> {
        let timeout = FailureDetectorConfig(mode: .timeout, variant: variant)
        let phi = FailureDetectorConfig(mode: .phi, variant: variant)
        let layout = ClusterLayout(servers: servers)
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "no-false-suspicions"], make: { seed in
                let sim = Simulation<N>(layout: layout, config: timeout, seed: seed)
                sim.addInvariant(noLiveServerSuspected())
                return sim
            }, drive: { h in
                // A detector that never suspects is accurate and useless: end with a crash it must see.
                try crashAndDetect(h, at: 3_000_000, within: timeout.timeout + timeout.interval)
            }),
            ExerciseTest(info[test: "crash-detected"], make: { seed in
                let sim = Simulation<N>(layout: layout, config: timeout, seed: seed)
                sim.addInvariant(noLiveServerSuspected())
                return sim
            }, drive: { h in
                try crashAndDetect(h, at: 1_000_000, within: timeout.timeout + timeout.interval)
            }),
            ExerciseTest(info[test: "recovery"], make: { seed in
                Simulation<N>(layout: layout, config: timeout, seed: seed)
            }, drive: { h in
                let victim = victim(h.sim.seed)
                let others = h.sim.layout.servers.filter { $0 != victim }
                try h.run(until: 1_000_000)
                h.perform(.partition([[victim]]))
                try h.expect("a server cut off is suspected", within: timeout.timeout + timeout.interval,
                             otherwise: notSuspecting(h.sim, victim) ?? "") { sim in notSuspecting(sim, victim) == nil }
                try h.expect("a server cut off suspects the rest", within: timeout.timeout + timeout.interval,
                             otherwise: "\(h.sim.layout.name(victim)) suspects only " + names(h.sim, suspects(h.sim, victim))) { sim in
                    suspects(sim, victim) == Set(others)
                }
                try h.run(until: 2_500_000)
                h.perform(.heal)
                try h.expect("every suspicion cleared after the heal", within: 300_000,
                             otherwise: anySuspicion(h.sim) ?? "") { sim in anySuspicion(sim) == nil }
            }),
            ExerciseTest(info[test: "latency-spike"], make: { seed in
                let sim = Simulation<N>(layout: layout, config: timeout, seed: seed)
                sim.addInvariant(noLiveServerSuspected())
                return sim
            }, drive: { h in
                try h.run(until: 1_000_000)
                setLatency(h, LinkSettings(latency: .uniform(min: 100_000, max: 150_000)))
                try h.run(until: 2_500_000)
                setLatency(h, nil)
                try crashAndDetect(h, at: 4_000_000, within: timeout.timeout + timeout.interval)
            }),
            ExerciseTest(info[test: "phi-crash-detected"], make: { seed in
                let sim = Simulation<N>(layout: layout, config: phi, seed: seed)
                sim.addInvariant(noLiveServerSuspected())
                return sim
            }, drive: { h in
                try crashAndDetect(h, at: 3_000_000, within: 500_000)
            }),
            ExerciseTest(info[test: "phi-jitter"], make: { seed in
                Simulation<N>(layout: layout, config: phi, seed: seed, network: jittery)
            }, drive: { h in
                let accused = try SuspicionCount.run(h, until: 8_000_000)
                let fixed = SuspicionCount.fixedTimeout(seed: h.sim.seed, servers: servers, network: jittery, until: 8_000_000,
                                                        interval: timeout.interval, timeout: timeout.timeout)
                let what = "phi suspected live servers \(accused.count) times (\(SuspicionCount.describe(accused, h.sim))); "
                    + "a fixed \(DurationText.format(timeout.timeout)) timeout does \(fixed) times on this network"
                try h.require("at most \(jitterBound) false suspicions, fewer than a fixed timeout",
                              accused.count <= jitterBound && accused.count < fixed ? nil : what)
                try crashAndDetect(h, at: 8_000_000, within: 2_000_000)
            }),
        ])
    }

    /// Latency with a wide spread: gaps between heartbeats vary by about their own length.
    static let jittery = LinkSettings(latency: .normal(mean: 100_000, stddev: 100_000, min: 1_000))

    /// The server a test crashes or cuts off, drawn from the seed.
    static func victim(_ seed: UInt64) -> NodeID { NodeID(Int(seed % UInt64(servers))) }

    /// Crashes the seed's victim at `time`; every live server must suspect
    /// it within `deadline` µs, and still suspect it a second later.
    static func crashAndDetect<N: FailureDetectorNode>(_ h: TestHarness<N>, at time: Int64, within deadline: Int64) throws {
        let victim = victim(h.sim.seed)
        try h.run(until: time)
        h.perform(.crash(victim))
        let property = "a crash is suspected by every live server within \(DurationText.format(deadline))"
        try h.expect(property, within: deadline, otherwise: notSuspecting(h.sim, victim) ?? "") { sim in
            notSuspecting(sim, victim) == nil
        }
        try h.run(for: 1_000_000)
        try h.require("a crashed server stays suspected", notSuspecting(h.sim, victim).map { $0 + " any more, a second later" })
    }

    /// Which live servers do not suspect `victim`, in words; nil if all do.
    static func notSuspecting<N: FailureDetectorNode>(_ sim: Simulation<N>, _ victim: NodeID) -> String? {
        let lagging = sim.layout.servers.filter { $0 != victim && sim.node($0).map { !$0.suspects.contains(victim) } ?? false }
        if lagging.isEmpty { return nil }
        return names(sim, Set(lagging)) + " do\(lagging.count == 1 ? "es" : "") not suspect \(sim.layout.name(victim))"
    }

    static func suspects<N: FailureDetectorNode>(_ sim: Simulation<N>, _ n: NodeID) -> Set<NodeID> {
        sim.node(n)?.suspects ?? []
    }

    /// The first suspicion any live server holds, in words.
    static func anySuspicion<N: FailureDetectorNode>(_ sim: Simulation<N>) -> String? {
        for n in sim.layout.servers {
            let s = suspects(sim, n)
            if !s.isEmpty { return "\(sim.layout.name(n)) still suspects " + names(sim, s) }
        }
        return nil
    }

    /// Accuracy, after every step: no live (up) server is suspected by anyone.
    static func noLiveServerSuspected<N: FailureDetectorNode>() -> Invariant<N> {
        Invariant("no live server is suspected") { sim in
            for n in sim.layout.servers {
                guard let node = sim.node(n) else { continue }
                let wrong = node.suspects.filter { sim.status(of: $0) == .up }
                if !wrong.isEmpty { return "\(sim.layout.name(n)) suspects " + names(sim, wrong) + ", which \(wrong.count == 1 ? "is" : "are") up" }
            }
            return nil
        }
    }

    static func setLatency<N>(_ h: TestHarness<N>, _ settings: LinkSettings?) {
        for a in h.sim.layout.servers {
            for b in h.sim.layout.servers where a != b { h.perform(.setLink(from: a, to: b, settings)) }
        }
    }

    static func names<N>(_ sim: Simulation<N>, _ ids: Set<NodeID>) -> String {
        ids.isEmpty ? "no one" : ids.sorted().map { sim.layout.name($0) }.joined(separator: " ")
    }
}
