import ClusterSim

/// A transaction's name: the client that runs it and its number there
/// (`c2.7` is client c2's seventh transaction). Values a transaction writes
/// carry it (`90@c2.7`), so every written value is unique, as the
/// transaction checker needs.
public struct TxnKVTxnID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The client's index among the clients (c1 is 0).
    public var client: Int
    public var number: Int
    public init(client: Int, number: Int) { self.client = client; self.number = number }
    public static func < (a: Self, b: Self) -> Bool { (a.client, a.number) < (b.client, b.number) }
    public var description: String { "c\(client + 1).\(number)" }
}

/// One operation inside a transaction.
public enum TxnKVOp: Sendable, Hashable, CustomStringConvertible {
    case read(String)
    case write(String, HistoryValue)
    case append(String, Int64)

    public var key: String {
        switch self { case .read(let k), .write(let k, _), .append(let k, _): k }
    }
    public var isRead: Bool { if case .read = self { return true }; return false }
    public var description: String {
        switch self {
        case .read(let k): "r \(k)"
        case .write(let k, let v): "w \(k) \(v)"
        case .append(let k, let v): "append \(k) \(v)"
        }
    }
}

/// Why the server aborted a transaction.
public enum TxnKVAbortReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 2PL: chosen as the victim of a cycle in the wait-for graph.
    case deadlock
    /// OCC: a transaction that committed after this one began wrote a key it read.
    case validation
    /// Snapshot isolation: another transaction committed a write to a key it writes (first committer wins).
    case writeConflict = "write-conflict"
    /// Still open `transactionTimeout` after its begin.
    case timeout
    /// The server does not know it (it restarted, or the transaction timed out).
    case unknown
    /// Its client asked.
    case client
    public var description: String { rawValue }
}

/// What clients and the server say. `step` numbers a transaction's requests
/// from 1, so a duplicated message is recognised and ignored.
public enum TxnKVMessage: ProtocolMessage, Hashable {
    case begin(TxnKVTxnID)
    case op(TxnKVTxnID, step: Int, TxnKVOp)
    case commit(TxnKVTxnID, step: Int)
    case abort(TxnKVTxnID)
    case began(TxnKVTxnID)
    /// A read's value (null for a write or append, or a key never written).
    case result(TxnKVTxnID, step: Int, HistoryValue)
    case committed(TxnKVTxnID)
    case aborted(TxnKVTxnID, TxnKVAbortReason)

    public var kind: String {
        switch self {
        case .begin: "Begin"
        case .op(_, _, let op): op.isRead ? "Read" : "Write"
        case .commit: "Commit"
        case .abort: "Abort"
        case .began: "Began"
        case .result: "Result"
        case .committed: "Committed"
        case .aborted: "Aborted"
        }
    }

    public var isReply: Bool {
        switch self {
        case .began, .result, .committed, .aborted: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .begin(let t): "begin \(t)"
        case .op(let t, let s, let op): "\(t)#\(s) \(op)"
        case .commit(let t, _): "commit \(t)"
        case .abort(let t): "abort \(t)"
        case .began(let t): "began \(t)"
        case .result(let t, let s, let v): "\(t)#\(s) → \(v)"
        case .committed(let t): "committed \(t)"
        case .aborted(let t, let r): "aborted \(t) (\(r))"
        }
    }
}

/// The timers of a transactional key-value cluster.
public enum TxnKVTimer: Hashable, Sendable, CustomStringConvertible {
    /// A client gives up waiting for a reply.
    case requestTimeout
    /// A client's pause before its next request.
    case think
    /// The server aborts a transaction left open too long.
    case expire(TxnKVTxnID)
    /// The server samples its throughput.
    case sample

    public var description: String {
        switch self {
        case .requestTimeout: "requestTimeout"
        case .think: "think"
        case .expire(let t): "expire \(t)"
        case .sample: "sample"
        }
    }
}
