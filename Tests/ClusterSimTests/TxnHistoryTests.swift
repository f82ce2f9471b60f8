import Testing
import ClusterSim

/// Transactions recorded in a simulated run's history reach the same checker as files.
@Suite struct TxnHistoryTests {
    func r(_ k: String, _ v: HistoryValue = .null) -> HistoryValue { HistoryOperation.microOp(.read, k, v) }
    func w(_ k: String, _ v: Int64) -> HistoryValue { HistoryOperation.microOp(.write, k, .int(v)) }

    /// Doctors on call: both read both doctors on call and each takes one off.
    @Test func writeSkewRecordedBySimulatedClientsIsG2() throws {
        let h: [HistoryOperation] = [
            .txn(process: 0, type: .invoke, [r("alice"), r("bob"), w("alice", 0)]),
            .txn(process: 1, type: .invoke, [r("alice"), r("bob"), w("bob", 0)]),
            .txn(process: 0, type: .ok, [r("alice", .null), r("bob", .null), w("alice", 0)]),
            .txn(process: 1, type: .ok, [r("alice", .null), r("bob", .null), w("bob", 0)]),
            HistoryOperation(process: 2, type: .invoke, f: "read", key: "x", value: .null),
        ]
        let result = try TxnChecker.check(history: h, options: .init(model: .serializable))
        #expect(result.anomalies.map(\.kind) == [.g2], "\(result.text)")
        #expect(try TxnChecker.check(history: h, options: .init(model: .snapshotIsolation)).isValid)
    }

    /// The same two transactions one after the other (the second sees the first's write) are serializable.
    @Test func serialDoctorsAreValid() throws {
        let h: [HistoryOperation] = [
            .txn(process: 0, type: .invoke, [r("alice"), r("bob"), w("alice", 0)]),
            .txn(process: 0, type: .ok, [r("alice", .null), r("bob", .null), w("alice", 0)]),
            .txn(process: 1, type: .invoke, [r("alice"), r("bob"), w("bob", 0)]),
            .txn(process: 1, type: .ok, [r("alice", .int(0)), r("bob", .null), w("bob", 0)]),
        ]
        #expect(try TxnChecker.check(history: h).isValid)
        #expect(TxnChecker.clientOps(h).map(\.line) == [1, 2, 3, 4])
    }
}
