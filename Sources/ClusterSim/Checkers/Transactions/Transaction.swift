/// One micro-operation of a transaction: `["r","x",[1,2]]`, `["append","x",3]`, `["w","y",4]`.
public struct MicroOp: Sendable, Hashable, CustomStringConvertible {
    public enum Function: String, Sendable, Hashable { case read = "r", write = "w", append }
    public var f: Function
    public var key: OpValue
    /// Appended or written value; for a read, what it saw (null before it completed).
    public var value: OpValue

    public init(_ f: Function, _ key: OpValue, _ value: OpValue) { self.f = f; self.key = key; self.value = value }

    public var description: String { "[\"\(f.rawValue)\",\(key),\(value)]" }
}

/// A transaction as the checker sees it: its micro-ops (reads filled in when
/// it committed) and how it ended. `ok` committed; `fail` did not happen (its
/// writes, if read, are aborted reads); `info` may or may not have happened
/// (its writes can be read, its reads tell nothing).
public struct Transaction: Sendable, Hashable {
    /// Its position among the history's transactions: the vertex in the graph.
    public var id: Int
    public var call: ClientCall
    public var ops: [MicroOp]

    public var outcome: HistoryOperation.Kind { call.outcome }
    public var process: Int { call.invoke.process }
    /// The line that says how it ended (or its invoke's, if it never did).
    public var line: Int { call.line }

    /// The value each key had when the transaction first read it, before any
    /// write of its own to that key: Elle's external reads. Only for `ok`.
    public var externalReads: [(key: OpValue, value: OpValue, index: Int)] {
        guard outcome == .ok else { return [] }
        var touched: Set<OpValue> = []
        var reads: [(OpValue, OpValue, Int)] = []
        for (i, op) in ops.enumerated() {
            if op.f == .read, !touched.contains(op.key) { reads.append((op.key, op.value, i)) }
            touched.insert(op.key)
        }
        return reads
    }

    /// The last write (or append) to each key: what the transaction leaves behind.
    public var finalWrites: [OpValue: (value: OpValue, index: Int)] {
        var writes: [OpValue: (OpValue, Int)] = [:]
        for (i, op) in ops.enumerated() where op.f != .read { writes[op.key] = (op.value, i) }
        return writes
    }

    /// "T3 (line 7)": how reports name it.
    public var name: String { "T\(id + 1)" }
}

extension Transaction {
    /// The transactions of a history, in invocation order. A call's value must
    /// be a list of `[f, key, value]` micro-ops; anything else is a
    /// `HistoryError` at the line of the op that carries it. Calls whose `f`
    /// is not `txn` are skipped when `f` is set (Maelstrom's clients may log
    /// other calls), so a history holds transactions and nothing else matters.
    public static func parse(_ calls: [ClientCall]) throws -> [Transaction] {
        var txns: [Transaction] = []
        for call in calls where call.invoke.f.isEmpty || call.invoke.f == "txn" {
            let source = call.outcome == .ok ? call.completion! : call.invoke
            txns.append(Transaction(id: txns.count, call: call, ops: try microOps(source)))
        }
        return txns
    }

    static func microOps(_ op: ClientOp) throws -> [MicroOp] {
        func bad(_ what: String) -> HistoryError {
            HistoryError(line: op.line, message: what)
        }
        guard let list = op.value.list else { throw bad("field \"value\": a transaction is a list of micro-ops, got \(op.value)") }
        return try list.enumerated().map { i, item in
            guard let parts = item.list, parts.count == 3, let name = parts[0].string else {
                throw bad("field \"value\": micro-op \(i + 1) must be [f, key, value], got \(item)")
            }
            let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
            guard let f = MicroOp.Function(rawValue: bare) else {
                throw bad("field \"value\": micro-op \(i + 1) has f \"\(name)\" (expected \"r\", \"w\" or \"append\")")
            }
            return MicroOp(f, parts[1], parts[2])
        }
    }
}
