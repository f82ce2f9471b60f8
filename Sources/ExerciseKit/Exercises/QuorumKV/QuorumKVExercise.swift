import ClusterSim

/// The `quorum-kv` exercise: a Dynamo-style store with N, R and W, checked
/// by the consistency checkers: no stale reads and read-your-writes when
/// R + W > N (with a replica down and back empty, and across a partition), and stale reads that the checker
/// does flag when R + W ≤ N — the suite shows it can tell the difference.
public enum QuorumKVExercise {
    public static let info = ExerciseInfo(
        id: "quorum-kv", title: "Quorum key-value store: N, R and W", topic: "replication",
        folder: "quorum-kv", files: ["KVServer.swift"],
        readFirst: ["Courseware/quorums.md (Where a key lives; The overlap rule: R + W > N)",
                    "G. DeCandia et al., Dynamo: Amazon's Highly Available Key-value Store, SOSP 2007 (§4.3 Replication, §4.5 Execution of get() and put())",
                    "D. K. Gifford, Weighted Voting for Replicated Data, SOSP 1979 (read and write quorums that intersect)",
                    "D. Terry et al., Session Guarantees for Weakly Consistent Replicated Data, PDIS 1994 (read your writes)"],
        summary: "Each key lives on N servers (config.replicas(of:servers:) gives them). A server that receives a client's "
            + "put sends the value to the key's N replicas and answers once W of them acknowledged; a get asks the N "
            + "replicas and answers with the newest version among the first R replies. A replica keeps the highest version "
            + "it has seen. The suite checks the clients' history for stale reads and read-your-writes violations.",
        hints: ["Any server may coordinate any request, whether or not it holds the key: send to config.replicas(of: key, servers: layout.serverCount), which may include the coordinator itself (a node may send to itself).",
                "Give each request a number of your own (the coordinator's operation id) and carry it in your peer messages, so acks and replies are counted for the right operation; ignore those that come after you answered.",
                "Answer a put after exactly W acks and a get after exactly R replies, not before — and not waiting for all N, or a down replica blocks everything.",
                "A replica keeps a write only if its version is higher than what it holds; a get answers with the highest version among its R replies, not the first one.",
                "Why R + W > N works: any R replicas and any W replicas share one, which holds the latest acknowledged write."],
        tests: [TestInfo("majority-quorums", points: 23, "N=3 R=2 W=2: every request answered, no stale read, read-your-writes, every acknowledged write on W replicas"),
                TestInfo("write-all-read-one", points: 16, "N=3 R=1 W=3: every request answered, no stale read, read-your-writes"),
                TestInfo("replica-down", points: 23, "N=3 R=2 W=2, n1 down while clients write and back, empty, while they read: requests to live servers answered, no stale read, read-your-writes"),
                TestInfo("partition-heals", points: 23, "N=3 R=2 W=2, servers split n1 n2 | n3 n4 n5 while clients write, healed for the reads: no stale read, read-your-writes, requests after the heal answered"),
                TestInfo("partial-quorums-go-stale", points: 15, "N=3 R=1 W=1 under the same split: the checker finds stale reads (R and W are honoured, not rounded up to N)")])

    static let layout = ClusterLayout(servers: 5, clients: 3)
    static let network = LinkSettings(latency: .uniform(min: 1_000, max: 10_000), reorder: 0.1)
    /// The servers split in two at 0.1 s (clients reach every server
    /// throughout); healed once every client has done its writes.
    static let split: [(time: Int64, action: ClusterAction)] = [
        (100_000, .partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]))]
    /// Long enough for every client's operations, even each one timing out.
    static let deadline: Int64 = 60_000_000

    public static func suite<S: QuorumKVServer>(_: S.Type, variant: String? = nil) -> ExerciseSuite<QuorumKVCluster<S>> {
        typealias Sim = Simulation<QuorumKVCluster<S>>
        @Sendable func make(n: Int, r: Int, w: Int, script: [(time: Int64, action: ClusterAction)] = [],
                  network: LinkSettings = network) -> @Sendable (UInt64) -> Sim {
            { seed in Sim(layout: layout, config: QuorumKVConfig(n: n, r: r, w: w, variant: variant), seed: seed,
                          network: network, script: script) }
        }
        return ExerciseSuite(info, [
            ExerciseTest(info[test: "majority-quorums"], make: make(n: 3, r: 2, w: 2), drive: { h in
                try finish(h)
                try h.require("every request answered", unanswered(h.sim, down: []))
                try h.require("no stale reads", staleReads(h.sim))
                try h.require("read your writes", readYourWrites(h.sim))
                try h.require("acknowledged writes on W replicas", writesOnW(h.sim))
            }),
            ExerciseTest(info[test: "write-all-read-one"], make: make(n: 3, r: 1, w: 3), drive: { h in
                try finish(h)
                try h.require("every request answered", unanswered(h.sim, down: []))
                try h.require("no stale reads", staleReads(h.sim))
                try h.require("read your writes", readYourWrites(h.sim))
            }),
            ExerciseTest(info[test: "replica-down"], make: make(n: 3, r: 2, w: 2, script: [(0, .crash(NodeID(0)))]), drive: { h in
                try writesDone(h)
                let back = h.sim.now.microseconds
                h.perform(.restart(NodeID(0)))
                try finish(h)
                try h.require("requests to live servers answered", unanswered(h.sim, down: [0], until: back))
                try h.require("no stale reads", staleReads(h.sim))
                try h.require("read your writes", readYourWrites(h.sim))
            }),
            ExerciseTest(info[test: "partition-heals"], make: make(n: 3, r: 2, w: 2, script: split), drive: { h in
                try writesDone(h)
                let healed = h.sim.now.microseconds
                h.perform(.heal)
                try finish(h)
                try h.require("no stale reads", staleReads(h.sim))
                try h.require("read your writes", readYourWrites(h.sim))
                try h.require("requests after the heal answered", unanswered(h.sim, down: [0, 1, 2, 3, 4], until: healed))
            }),
            ExerciseTest(info[test: "partial-quorums-go-stale"], make: make(n: 3, r: 1, w: 1, script: split), drive: { h in
                try writesDone(h)
                h.perform(.heal)
                try finish(h)
                let found = ConsistencyReport(SessionHistory(trace: h.sim.trace)).staleReads.count
                try h.require("stale reads appear when R + W ≤ N", found > 0 ? nil
                              : "no stale read in \(h.sim.trace.history.count / 2) operations with R=1 W=1: does the coordinator answer after the first reply and the first ack, or does it wait for more?")
            }),
        ])
    }

    /// Runs until every client has done its writes (the first half of its operations).
    static func writesDone<S>(_ h: TestHarness<QuorumKVCluster<S>>) throws {
        try h.expect("every client finishes its writes", within: deadline, otherwise: "clients still writing at the deadline") { sim in
            sim.layout.clients.allSatisfy { (sim.node($0)?.client?.completed ?? 0) >= QuorumKVCluster<S>.operationsPerClient / 2 }
        }
    }

    /// Runs until every client is done (or the deadline).
    static func finish<S>(_ h: TestHarness<QuorumKVCluster<S>>) throws {
        try h.expect("every client finishes", within: deadline, otherwise: "clients still waiting at the deadline") { sim in
            sim.layout.clients.allSatisfy { sim.node($0)?.client?.isDone ?? true }
        }
    }

    /// Operations that did not complete `ok` though their coordinator was up
    /// (servers in `down` are excused for operations sent them before `until`).
    static func unanswered<S>(_ sim: Simulation<QuorumKVCluster<S>>, down: Set<Int>, until: Int64 = .max) -> String? {
        let ops = SessionHistory(trace: sim.trace).operations
        guard let op = ops.first(where: {
            $0.outcome != .ok && !(down.contains($0.firstContact ?? -1) && ($0.invokeTime ?? 0) < until)
        }) else { return nil }
        let via = op.firstContact.map { sim.layout.name(NodeID($0)) } ?? "?"
        return "\(sim.layout.name(NodeID(op.session))) \(op.f) \(op.key) via \(via) got no answer within \(DurationText.format(QuorumKVCluster<S>.timeout)) (history line \(op.invoke + 1))"
    }

    static func staleReads<S>(_ sim: Simulation<QuorumKVCluster<S>>) -> String? {
        describe(StaleReads.find(in: SessionHistory(trace: sim.trace)), sim)
    }

    static func readYourWrites<S>(_ sim: Simulation<QuorumKVCluster<S>>) -> String? {
        describe(ReadYourWrites.find(in: SessionHistory(trace: sim.trace)), sim)
    }

    static func describe<S>(_ found: [ConsistencyAnomaly], _ sim: Simulation<QuorumKVCluster<S>>) -> String? {
        guard let first = found.first else { return nil }
        let more = found.count > 1 ? " (and \(found.count - 1) more)" : ""
        return first.description(session: sim.layout.name(NodeID(first.session))) + more
    }

    /// The last acknowledged write of every key is held by at least W of its replicas.
    static func writesOnW<S>(_ sim: Simulation<QuorumKVCluster<S>>) -> String? {
        var latest: [String: Int64] = [:]
        for op in SessionHistory(trace: sim.trace).operations where op.f == "write" && op.outcome == .ok {
            if case .int(let v) = op.value { latest[op.key] = v }
        }
        for key in latest.keys.sorted() {
            let v = latest[key]!
            let replicas = sim.config.replicas(of: key, servers: sim.layout.serverCount)
            let holders = replicas.filter { sim.node($0)?.server?.stored[key].map { $0.value >= v } ?? false }
            if holders.count < sim.config.w {
                return "\(key) = \(v) was acknowledged, but only \(holders.count) of its replicas (\(replicas.map(sim.layout.name).joined(separator: " "))) hold it or newer; W=\(sim.config.w)"
            }
        }
        return nil
    }
}
