/// Transactions recorded by simulated clients, in the trace's client history,
/// checked by the same `TxnChecker` that reads files. A client records
/// `HistoryOperation.txn(...)` on invoke and on completion (reads filled in on
/// `ok`), exactly as a Jepsen client would log `{"f":"txn","value":[...]}`.
extension HistoryOperation {
    /// One micro-op as a history value: `["r","x",[1,2]]`, `["append","x",3]`, `["w","y",4]`.
    public static func microOp(_ f: MicroOp.Function, _ key: String, _ value: HistoryValue) -> HistoryValue {
        .list([.string(f.rawValue), .string(key), value])
    }

    /// A transaction's invoke or completion: `f` is `txn`, the value its micro-ops.
    public static func txn(process: Int, type: Kind, _ ops: [HistoryValue]) -> HistoryOperation {
        HistoryOperation(process: process, type: type, f: "txn", key: "", value: .list(ops))
    }
}

extension HistoryValue {
    /// The same value as the checkers' JSON value.
    public var opValue: OpValue {
        switch self {
        case .null: .null
        case .int(let i): .int(i)
        case .string(let s): .string(s)
        case .list(let l): .list(l.map(\.opValue))
        }
    }
}

extension TxnChecker {
    /// The `txn` calls of a simulated run's client history as Jepsen-shaped
    /// ops (other calls dropped), numbered 1… in history order so reports
    /// can name them.
    public static func clientOps(_ history: [HistoryOperation]) -> [ClientOp] {
        var ops: [ClientOp] = []
        for op in history where op.f == "txn" {
            ops.append(ClientOp(process: op.process, type: op.type, f: op.f, value: op.value.opValue,
                                error: op.error?.opValue, line: ops.count + 1))
        }
        return ops
    }

    /// Checks the transactions of a simulated run's client history.
    public static func check(history: [HistoryOperation], options: Options = Options()) throws -> TxnCheckResult {
        try check(clientOps(history), options: options)
    }
}

extension TxnChecker {
    /// A protocol's final check of its run: nil when the clients'
    /// transactions satisfy `model`, else the checker's report (or why the
    /// history could not be read). One wording for every protocol that records transactions.
    public static func finalCheck(_ history: [HistoryOperation], model: ConsistencyModel) -> String? {
        do {
            let result = try check(history: history, options: .run(model: model))
            return result.isValid ? nil : "the transactions are not \(model):\n" + result.text
        } catch {
            return "the transactions could not be checked: \(error)"
        }
    }
}

extension TxnChecker.Options {
    /// How a simulated run's transactions are checked, by its final check,
    /// the lab predicates and the `T` panel alike, so the three never name
    /// different anomalies: with Elle's writes-follow-reads inference, as
    /// the predicates always did (list-append histories are unaffected).
    public static func run(model: ConsistencyModel) -> Self { .init(model: model, writesFollowReads: true) }
}
