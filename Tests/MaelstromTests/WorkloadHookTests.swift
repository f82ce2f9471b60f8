import ClusterSim
import Maelstrom
import Testing

/// The generators whose checkers live in ClusterSim run end to end with any
/// checker plugged in (here a small one written for the test), and the
/// topology shapes are what broadcast nodes expect.
@Suite(.serialized) struct WorkloadHookTests {
    /// Every acknowledged broadcast is in every final read.
    static let everyAckInEveryFinalRead: WorkloadChecker = { history in
        let acked = Set(history.filter { $0.type == .ok && $0.f == "broadcast" }.compactMap(\.value.int))
        let finals = history.filter { $0.type == .ok && $0.isFinal }
        var anomalies: [String] = []
        for read in finals {
            let seen = Set(read.value.array?.compactMap(\.int) ?? [])
            let lost = acked.subtracting(seen)
            if !lost.isEmpty { anomalies.append("\(read.node) lost \(lost.sorted())") }
        }
        if finals.isEmpty { anomalies.append("no final reads") }
        return WorkloadVerdict(valid: anomalies.isEmpty, anomalies: anomalies)
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
