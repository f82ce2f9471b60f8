import ClusterSim
import Maelstrom
import Testing

/// The generators whose checkers live in ClusterSim run end to end with any
/// checker plugged in (here a small one written for the test), and the
/// topology shapes are what broadcast nodes expect.
@Suite(.serialized) struct WorkloadHookTests {
    /// Every acknowledged broadcast is in every final read.
    static let everyAckInEveryFinalRead: MaelstromChecker = { history, _ in
        let acked = Set(history.filter { $0.type == .ok && $0.f == "broadcast" }.compactMap(\.value.int))
        let finals = history.filter { $0.type == .ok && $0.isFinal }
        var anomalies: [String] = []
        for read in finals {
            let seen = Set(read.value.array?.compactMap(\.int) ?? [])
            let lost = acked.subtracting(seen)
            if !lost.isEmpty { anomalies.append("\(read.node) lost \(lost.sorted())") }
        }
        if finals.isEmpty { anomalies.append("no final reads") }
        return MaelstromVerdict(valid: anomalies.isEmpty, anomalies: anomalies)
    }

    @Test func broadcastSendsTheTopologyThenFinalReadsOnEveryNode() {
        var o = FixtureNodes.options("broadcast.py", nodes: 4, seconds: 1.5, rate: 20)
        o.link = LinkSettings(latency: .constant(2_000))
        let w = BroadcastWorkload(topology: .line, quietPeriod: 0.5, checker: Self.everyAckInEveryFinalRead)
        let r = MaelstromRunner(options: o, workload: w).run()
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        let finals = r.history.filter { $0.isFinal && $0.type == .ok }
        #expect(Set(finals.map(\.node)) == ["n1", "n2", "n3", "n4"])
        #expect(r.statistics.serverMessages > 0)
        #expect(r.warnings.isEmpty, "\(r.warnings)")
    }

    @Test func aBroadcastNodeThatLosesMessagesUnderPartitionIsCaughtByThePluggedChecker() {
        // broadcast.py never retries: a partition during the run loses gossip for good.
        var caught = false
        for seed in [UInt64(3), 4, 5] where !caught {
            var o = FixtureNodes.options("broadcast.py", nodes: 5, seconds: 3, rate: 40)
            o.nemesis = [.partition]
            o.nemesisInterval = 0.4
            o.seed = seed
            let w = BroadcastWorkload(topology: .total, quietPeriod: 0.5, checker: Self.everyAckInEveryFinalRead)
            let r = MaelstromRunner(options: o, workload: w).run()
            if r.outcome == .anomalies { caught = true; #expect(r.verdict?.anomalies.first?.contains("lost") == true) }
        }
        #expect(caught, "partitions never made the retry-less node lose a message")
    }

    @Test func kafkaRecordsJepsenQueueMicroOpsAndEachClientPollsOn() {
        let r = MaelstromRunner(options: FixtureNodes.options("kafka.py", nodes: 1, seconds: 1.5, rate: 60),
                                workload: KafkaWorkload(keyCount: 1, checker: { _, _ in MaelstromVerdict(valid: true) })).run()
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        let sends = r.history.filter { $0.type == .ok && $0.f == "send" }
        #expect(!sends.isEmpty)
        for s in sends { #expect(s.value.array?.first?.array?[2].array?.first?.int != nil, "\(s.jsonLine)") }
        // A process's polls start where its last one ended: never the same first offset twice with messages
        // (the final polls, from offset 0 on every node after the workload, excepted).
        var starts: [Int: [Int64]] = [:]
        for p in r.history where p.type == .ok && p.f == "poll" && !p.isFinal {
            if let first = p.value.array?.first?.array?.last?["k0"]?.array?.first?.array?.first?.int { starts[p.process, default: []].append(first) }
        }
        for (process, list) in starts { #expect(list == list.sorted() && Set(list).count == list.count, "process \(process) polled \(list)") }
        #expect(r.warnings.isEmpty, "\(r.warnings)")
    }

    @Test(arguments: [TransactionWorkload.Kind.rwRegister, .listAppend])
    func txnWorkloadsGetTheirTransactionsBackWithReadsFilledIn(kind: TransactionWorkload.Kind) {
        let r = MaelstromRunner(options: FixtureNodes.options("txn.py", nodes: 1, seconds: 1, rate: 40),
                                workload: TransactionWorkload(kind, keyCount: 2, checker: { _, _ in MaelstromVerdict(valid: true) })).run()
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        let oks = r.history.filter { $0.type == .ok }
        #expect(!oks.isEmpty)
        #expect(r.warnings.isEmpty, "\(r.warnings)")
        // Written values are unique per key.
        var written: Set<[Int64]> = []
        for op in r.history where op.type == .invoke {
            for m in op.value.array ?? [] where m.array?[0].string != "r" {
                let kv = [m.array![1].int!, m.array![2].int!]
                #expect(written.insert(kv).inserted, "\(kv) written twice")
            }
        }
    }

    @Test(arguments: Topology.allCases)
    func everyTopologyIsConnectedAndSymmetric(_ t: Topology) {
        for n in [1, 2, 5, 25] {
            let nodes = (1...n).map { "n\($0)" }
            let g = t.neighbours(nodes)
            #expect(g.count == n)
            for (a, peers) in g { for b in peers { #expect(g[b]?.contains(a) == true, "\(t) \(n): \(a)→\(b) one-way") } }
            var reached: Set<String> = ["n1"], frontier = ["n1"]
            while let x = frontier.popLast() { for y in g[x]! where reached.insert(y).inserted { frontier.append(y) } }
            #expect(reached.count == n, "\(t) with \(n) nodes is not connected")
        }
    }
}
