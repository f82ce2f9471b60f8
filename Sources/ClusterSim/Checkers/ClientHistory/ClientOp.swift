/// One line of a client history in Jepsen's shape, with any value:
/// `{"process":0,"type":"ok","f":"txn","value":[["append","x",1],["r","y",[1,2]]]}`.
///
/// The register histories `lincheck` reads are the special case with a
/// `key`; the Maelstrom workloads and the transaction checker read this one.
public struct ClientOp: Sendable, Hashable {
    public var process: Int
    public var type: HistoryOperation.Kind
    public var f: String
    public var value: OpValue
    /// Why a `fail` or `info` op failed, when the history says.
    public var error: OpValue?
    /// The node the client talked to (`n1`), when the runner records it.
    public var node: String?
    /// Maelstrom's `final?`: a read made after faults stopped and the cluster was quiet.
    public var isFinal: Bool
    /// Where the op is in its file (1-based), or its position + 1 when built in memory.
    public var line: Int

    public init(process: Int, type: HistoryOperation.Kind, f: String, value: OpValue, error: OpValue? = nil,
                node: String? = nil, isFinal: Bool = false, line: Int = 0) {
        self.process = process; self.type = type; self.f = f; self.value = value; self.error = error
        self.node = node; self.isFinal = isFinal; self.line = line
    }

    /// The op as one JSON line, fields in Jepsen's order.
    public var jsonLine: String {
        var out = "{\"process\":\(process),\"type\":\"\(type.rawValue)\",\"f\":\(JSONText.string(f)),\"value\":\(value)"
        if let error { out += ",\"error\":\(error)" }
        if let node { out += ",\"node\":\(JSONText.string(node))" }
        if isFinal { out += ",\"final?\":true" }
        return out + "}"
    }
}

/// An invocation and how it ended: `ok`, `fail`, or `info` (also when it never completed).
public struct ClientCall: Sendable, Hashable {
    public var invoke: ClientOp
    public var completion: ClientOp?
    /// Positions in the history, for real-time order: a call that completed
    /// before another was invoked precedes it.
    public var invokeIndex: Int
    public var completionIndex: Int?

    public var outcome: HistoryOperation.Kind { completion?.type ?? .info }
    /// The completion's value when the call succeeded (reads filled in), else what was asked.
    public var value: OpValue { outcome == .ok ? completion!.value : invoke.value }
    /// The line that says how it ended, or the invoke's when it never did.
    public var line: Int { completion?.line ?? invoke.line }
}
