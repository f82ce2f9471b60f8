/// The checker of each Maelstrom workload by its name, for runners: one call
/// from a workload name and a history to a verdict. Transactional workloads
/// return the transaction checker's verdict in the same shape.
public enum WorkloadCheck {
    public static let names = ["echo", "unique-ids", "broadcast", "g-set", "g-counter", "pn-counter", "kafka",
                               "txn-list-append", "txn-rw-register"]

    /// `networkMessages`: node-to-node messages of the run (broadcast's msgs-per-op).
    /// `model`: the transactional workloads' consistency model.
    public static func check(workload: String, _ ops: [ClientOp], networkMessages: Int? = nil,
                             model: ConsistencyModel = .strictSerializable) throws -> WorkloadVerdict? {
        switch workload {
        case "echo": return try EchoChecker.check(ops)
        case "unique-ids": return try UniqueIDsChecker.check(ops)
        case "broadcast": return try SetConvergenceChecker.broadcast(ops, networkMessages: networkMessages)
        case "g-set": return try SetConvergenceChecker.gSet(ops, networkMessages: networkMessages)
        case "g-counter", "pn-counter": return try CounterChecker.check(ops, workload: workload)
        case "kafka": return try KafkaChecker.check(ops)
        case "txn-list-append", "txn-rw-register":
            let result = try TxnChecker.check(ops, options: .init(model: model, workload: workload == "txn-list-append" ? .listAppend : .rwRegister))
            return WorkloadVerdict(workload: workload, anomalies: result.violations.map { a in
                WorkloadAnomaly(kind: a.kind.rawValue,
                                message: a.cycle.isEmpty ? a.explanation : a.cycle.map { "\(result.transactions[$0.from].name) -\($0.kind.rawValue)-> \(result.transactions[$0.to].name): \($0.because)" }.joined(separator: "; "),
                                lines: a.transactions.map { result.transactions[$0].line })
            }, stats: [WorkloadStat("transactions", Double(result.transactions.count))])
        default: return nil
        }
    }
}
