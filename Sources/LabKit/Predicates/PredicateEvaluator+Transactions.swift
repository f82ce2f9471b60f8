import ClusterSim

/// Predicate functions over the transactions in the clients' history so
/// far, read with the same `TxnChecker` as `clusterlab txncheck`: which
/// anomalies it names, and how many transactions committed or failed. They
/// let a lab ask what an isolation level let through and decide it from the
/// live run. rw-register histories are checked assuming a transaction's
/// write of a key follows its own read of it in the key's version order
/// (Elle's writes-follow-reads), true of any store that installs a
/// transaction's writes after the versions it read. Each call reads the
/// whole history: use them in predictions and after runs.
extension PredicateEvaluator {
    static let transactionFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "txn_anomaly": ([.string], 0, .bool,
                        "txn_anomaly('G2-item'): the transaction checker names this anomaly in the clients' transactions so far "
                        + "(" + TxnAnomaly.Kind.allCases.map(\.rawValue).joined(separator: ", ") + ")"),
        "txn_anomalies": ([], 0, .number, "txn_anomalies(): anomalies the transaction checker finds in the clients' transactions so far"),
        "txns_committed": ([], 0, .number, "txns_committed(): transactions that completed ok so far"),
        "txns_failed": ([], 0, .number, "txns_failed(): transactions that failed (aborted) so far"),
    ]

    static func callTransactions(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        let history = world.run.trace.history
        switch name {
        case "txns_committed", "txns_failed":
            let kind: HistoryOperation.Kind = name == "txns_committed" ? .ok : .fail
            return .number(Double(history.filter { $0.f == "txn" && $0.type == kind }.count))
        case "txn_anomaly", "txn_anomalies":
            guard let result = try? TxnChecker.check(history: history, options: .run(model: .serializable)) else {
                return .none
            }
            if name == "txn_anomalies" { return .number(Double(result.anomalies.count)) }
            let wanted = evaluate(args[0], in: world, node: node).description
            guard TxnAnomaly.Kind(rawValue: wanted) != nil else { return .none }
            return .bool(result.anomalies.contains { $0.kind.rawValue == wanted })
        default:
            return .none
        }
    }
}
