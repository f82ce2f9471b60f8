import ClusterSim

/// A key-value operation with Maelstrom lin-kv semantics.
public enum KVOperation: Sendable, Hashable, CustomStringConvertible {
    case read(String)
    case write(String, Int64)
    case cas(String, from: Int64, to: Int64)

    public var key: String {
        switch self { case .read(let k), .write(let k, _), .cas(let k, _, _): return k }
    }
    public var isRead: Bool { if case .read = self { return true }; return false }

    /// Jepsen's name for the operation (`read`, `write`, `cas`).
    public var f: String {
        switch self { case .read: return "read"; case .write: return "write"; case .cas: return "cas" }
    }

    /// The value a history's invoke carries.
    public var historyValue: HistoryValue {
        switch self {
        case .read: return .null
        case .write(_, let v): return .int(v)
        case .cas(_, let a, let b): return .list([.int(a), .int(b)])
        }
    }

    public var description: String {
        switch self {
        case .read(let k): return "read \(k)"
        case .write(let k, let v): return "write \(k) \(v)"
        case .cas(let k, let a, let b): return "cas \(k) \(a) \(b)"
        }
    }

    /// Parses what a person types: `read KEY`, `write KEY VALUE`, `cas KEY FROM TO`.
    public init?(parsing text: String) {
        let w = text.split(separator: " ").map(String.init)
        switch (w.first, w.count) {
        case ("read", 2): self = .read(w[1])
        case ("write", 3): guard let v = Int64(w[2]) else { return nil }; self = .write(w[1], v)
        case ("cas", 4):
            guard let a = Int64(w[2]), let b = Int64(w[3]) else { return nil }
            self = .cas(w[1], from: a, to: b)
        default: return nil
        }
    }
}

/// Maelstrom's error codes that a key-value operation can end with.
public enum KVError: Int, Sendable, Hashable {
    /// Indefinite: the server gave up and the operation may or may not take effect.
    case timeout = 0
    case keyDoesNotExist = 20
    case preconditionFailed = 22

    /// Definite errors mean the operation did not happen.
    public var isDefinite: Bool { self != .timeout }
}

/// What applying an operation gave.
public enum KVResult: Sendable, Hashable, CustomStringConvertible {
    /// Success; a read carries the value.
    case ok(Int64?)
    case error(KVError)

    public var description: String {
        switch self {
        case .ok(let v): return v.map { "ok \($0)" } ?? "ok"
        case .error(let e): return "error \(e.rawValue) (\(e))"
        }
    }
}

/// The replicated state machine: a map from keys to integers, plus each
/// client's last request and its result, so a request that reaches the log
/// twice (a duplicated message) takes effect once (dissertation §6.3).
public struct KVStore: Sendable, Hashable {
    public private(set) var data: [String: Int64] = [:]
    private var sessions: [NodeID: Session] = [:]

    struct Session: Sendable, Hashable {
        var request: Int
        var result: KVResult
    }

    public init() {}

    /// Applies a client's operation once; a repeat of the client's latest
    /// request returns the recorded result, an older one returns nil.
    public mutating func apply(_ op: KVOperation, client: NodeID, request: Int) -> KVResult? {
        if let s = sessions[client], request <= s.request {
            return request == s.request ? s.result : nil
        }
        let result = apply(op)
        sessions[client] = Session(request: request, result: result)
        return result
    }

    /// Applies an operation with no deduplication.
    public mutating func apply(_ op: KVOperation) -> KVResult {
        switch op {
        case .read(let k):
            return data[k].map { .ok($0) } ?? .error(.keyDoesNotExist)
        case .write(let k, let v):
            data[k] = v
            return .ok(nil)
        case .cas(let k, let from, let to):
            guard let current = data[k] else { return .error(.keyDoesNotExist) }
            guard current == from else { return .error(.preconditionFailed) }
            data[k] = to
            return .ok(nil)
        }
    }

    /// A read with no side effect (for ReadIndex reads).
    public func read(_ key: String) -> KVResult {
        data[key].map { .ok($0) } ?? .error(.keyDoesNotExist)
    }
}
