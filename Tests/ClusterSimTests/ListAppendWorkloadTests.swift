import Testing
import ClusterSim
import TestSupport

/// The generator behind `clusterlab bench txncheck`: its histories are valid
/// (one store, each transaction atomic at one instant), so the checker must
/// find nothing; injected write skews must each come back as G2-item.
@Suite struct ListAppendWorkloadTests {
    @Test func aGeneratedHistoryIsStrictlySerializableAndRepeatsFromItsSeed() throws {
        for seed in TestSeeds.sweep(10) {
            let workload = ListAppendWorkload(transactions: 400, processes: 5, activeKeys: 4, maxAppendsPerKey: 6, failChance: 0.05, infoChance: 0.05)
            let history = workload.history(seed: seed)
            #expect(history == workload.history(seed: seed), "seed \(seed): the same seed, the same history")
            #expect(history.count == 800 && history.allSatisfy { $0.f == "txn" }, "seed \(seed)")
            let r = try TxnChecker.check(history: history, options: .init(model: .strictSerializable))
            #expect(r.anomalies.isEmpty, "seed \(seed): \(r.text)")
            #expect(r.transactions.count == 400, "seed \(seed)")
            #expect((r.dependencies[.ww] ?? 0) > 0 && (r.dependencies[.wr] ?? 0) > 0 && (r.dependencies[.rw] ?? 0) > 0,
                    "seed \(seed): the checker had real work: \(r.inferenceSummary)")
            let outcomes = Set(r.transactions.map(\.outcome))
            #expect(outcomes == [.ok, .fail, .info], "seed \(seed): failed and indeterminate transactions too: \(outcomes)")
            let overlapping = zip(history, history.dropFirst()).contains { $0.type == .invoke && $1.type == .invoke }
            #expect(overlapping, "seed \(seed): some transactions run concurrently")
        }
    }

    @Test func injectedWriteSkewsAreEachFoundAsG2() throws {
        for seed in TestSeeds.sweep(10) {
            let history = ListAppendWorkload(transactions: 300, processes: 4, writeSkews: 3).history(seed: seed)
            let r = try TxnChecker.check(history: history, options: .init(model: .serializable))
            #expect(r.violations.map(\.kind) == [.g2, .g2, .g2], "seed \(seed): \(r.text)")
            #expect(r.violations.allSatisfy { $0.cycle.count == 2 && $0.cycle.allSatisfy { $0.kind == .rw } }, "seed \(seed)")
            #expect(try TxnChecker.check(history: history, options: .init(model: .snapshotIsolation)).isValid, "seed \(seed)")
        }
    }
}
