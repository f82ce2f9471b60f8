import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The quorum store under a partition, across seeds, as the consistency
/// checkers see it: with R + W <= N reads go stale (in most seeds), with
/// R + W > N never.
@Suite struct QuorumConsistencyTests {
    /// Three servers holding every key (N = 3), three clients on one key, n1
    /// cut off from 100ms to 700ms, run to 1s.
    static func history(seed: UInt64, read: String, write: String) throws -> SessionHistory {
        let run = try Self.run(seed: seed, read: read, write: write)
        run.run(until: .ms(1_000))
        return SessionHistory(trace: run.trace)
    }

    static func run(seed: UInt64, read: String, write: String) throws -> ClusterRun {
        let text = """
            protocol: quorum
            seed: \(seed)
            nodes: 3
            clients: 3
            network: {latency: {uniform: [1ms, 10ms]}}
            parameters: {replication_factor: 3, read_consistency: \(read), write_consistency: \(write)}
            workload: {ops: 100000, keys: 1}
            actions:
              - {at: 100ms, partition: "n1 | n2 n3"}
              - {at: 700ms, heal: true}
            """
        return try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "quorum-consistency", text: text)))
    }

    /// One run per seed at R=W=ONE, looked at three ways: replicas diverge
    /// while cut off and converge after the heal; reads go stale; sessions see
    /// their guarantees broken.
    @Test func atOneUnderAPartitionReadsGoStaleAndReplicasDivergeThenConverge() throws {
        var stale: [UInt64] = [], clean: [UInt64] = []
        var sessionAnomalies = 0, diverged = 0
        for seed in TestSeeds.sweep(50) {
            let run = try Self.run(seed: seed, read: "one", write: "one")
            run.run(until: .us(699_999))
            if !ReplicaHoldings.of(run)!.disagreements.isEmpty { diverged += 1 }
            run.run(until: .ms(700))
            let took = ConvergenceTime.measure(run, since: 700_000, limit: 300_000) { ReplicaHoldings.of(run)!.disagreements.isEmpty }
            #expect(took != nil, "seed \(seed): replicas still differ 300ms after the heal: \(ReplicaHoldings.of(run)!.disagreements)")
            run.run(until: .ms(1_000))
            let history = SessionHistory(trace: run.trace)
            let report = ConsistencyReport(history)
            if report.staleReads.isEmpty { clean.append(seed) } else { stale.append(seed) }
            if !report.readYourWrites.isEmpty || !report.monotonicReads.isEmpty { sessionAnomalies += 1 }
        }
        #expect(stale.count * 10 >= (stale.count + clean.count) * 8,
                "R=W=ONE, N=3: stale reads in only \(stale.count) seeds; none in seeds \(clean)")
        #expect(sessionAnomalies > 0, "R=W=ONE, N=3: no seed broke read-your-writes or monotonic reads")
        #expect(diverged >= 40, "R=W=ONE: replicas differed just before the heal in only \(diverged) of 50 seeds")
    }

    @Test(arguments: TestSeeds.sweep(50))
    func quorumReadsAndWritesNeverGoStale(seed: UInt64) throws {
        let history = try Self.history(seed: seed, read: "quorum", write: "quorum")
        let stale = StaleReads.find(in: history)
        #expect(stale.isEmpty, "seed \(seed), R=W=QUORUM, N=3: \(stale.map(\.description).joined(separator: "; "))")
        #expect(history.operations.contains { $0.isRead && $0.outcome == .ok }, "seed \(seed): no read succeeded")
    }
}
