import ClusterSim

/// One micro-op of a client's transaction: read a key's list, or append a value to it.
public enum CrdbMicroOp: Sendable, Hashable, CustomStringConvertible {
    case read(Int)
    case append(Int, Int)

    public var key: Int {
        switch self { case .read(let k), .append(let k, _): return k }
    }

    public var description: String {
        switch self {
        case .read(let k): return "r k\(k)"
        case .append(let k, let v): return "append k\(k) \(v)"
        }
    }
}

/// A transaction record's status (CockroachDB's PENDING, COMMITTED, ABORTED).
public enum CrdbStatus: String, Sendable, Hashable {
    case pending = "PENDING", committed = "COMMITTED", aborted = "ABORTED"
}

/// What every request of a transaction carries about it: its id, its
/// timestamp (reads and writes happen at it), its priority (who wins a
/// push) and its anchor, the key whose range holds its record.
public struct CrdbTxnMeta: Sendable, Hashable, CustomStringConvertible {
    public var id: Int
    public var ts: Int64
    public var priority: Int
    public var anchor: Int

    public init(id: Int, ts: Int64, priority: Int, anchor: Int) {
        self.id = id; self.ts = ts; self.priority = priority; self.anchor = anchor
    }

    public var description: String { "T\(id)@\(ts)" }
}

/// One range: the keys `start..<end` and the servers holding its replicas.
/// A range is named by its first key, which it keeps when it splits.
public struct RangeDescriptor: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var replicas: [NodeID]

    public init(start: Int, end: Int, replicas: [NodeID]) { self.start = start; self.end = end; self.replicas = replicas }

    public var id: Int { start }
    public func contains(_ key: Int) -> Bool { key >= start && key < end }
    public var description: String { "r\(start)[k\(start),k\(end))" }
}

/// What goes through a range's Raft log: each command is applied in log
/// order by every replica, so every replica computes the same answer.
public enum RangeCommand: Sendable, Hashable, CustomStringConvertible {
    /// Read `key` at the transaction's timestamp (records it in the timestamp cache).
    case get(CrdbTxnMeta, key: Int)
    /// Write an intent appending `value` to `key`.
    case put(CrdbTxnMeta, key: Int, value: Int)
    /// Create or refresh the PENDING record (on the anchor's range) at the coordinator's clock `at`.
    case heartbeat(CrdbTxnMeta, at: Int64)
    /// EndTxn: flip the record to COMMITTED (or ABORTED), listing the intents' keys.
    case end(CrdbTxnMeta, commit: Bool, keys: [Int])
    /// PushTxn on `pushee`'s record: abort it (`abort`) or move its timestamp
    /// above `ts`; done only if the pushee expired or has a lower priority.
    case push(pusher: CrdbTxnMeta, pushee: Int, anchor: Int, abort: Bool, ts: Int64, at: Int64)
    /// ResolveIntent: turn `txn`'s intents on `keys` into values (committed at
    /// `ts`), drop them (aborted), or move them to `ts` (still pending, pushed).
    case resolve(txn: Int, status: CrdbStatus, ts: Int64, keys: [Int])
    /// Split the range at `at`: keys from `at` on become a new range on the same replicas.
    case split(at: Int)

    /// The key that decides which range the command goes to.
    public var routingKey: Int {
        switch self {
        case .get(_, let k), .put(_, let k, _): return k
        case .heartbeat(let t, _), .end(let t, _, _): return t.anchor
        case .push(_, _, let a, _, _, _): return a
        case .resolve(_, _, _, let keys): return keys.first ?? 0
        case .split(let k): return k
        }
    }

    public var kind: String {
        switch self {
        case .get: return "Get"
        case .put: return "Put"
        case .heartbeat: return "HeartbeatTxn"
        case .end: return "EndTxn"
        case .push: return "PushTxn"
        case .resolve: return "ResolveIntent"
        case .split: return "AdminSplit"
        }
    }

    public var description: String {
        switch self {
        case .get(let t, let k): return "Get \(t) k\(k)"
        case .put(let t, let k, let v): return "Put \(t) k\(k) +\(v)"
        case .heartbeat(let t, _): return "HeartbeatTxn \(t)"
        case .end(let t, let c, let ks): return "EndTxn \(t) \(c ? "commit" : "abort") " + ks.map { "k\($0)" }.joined(separator: ",")
        case .push(let p, let e, _, let a, let ts, _): return "PushTxn T\(e) by \(p) " + (a ? "abort" : "ts>\(ts)")
        case .resolve(let t, let s, let ts, let ks): return "ResolveIntent T\(t) \(s.rawValue)@\(ts) " + ks.map { "k\($0)" }.joined(separator: ",")
        case .split(let k): return "AdminSplit at k\(k)"
        }
    }

    // MARK: As text in a Raft log entry

    static let marker = "\u{1}crdb"

    var encoded: String {
        func m(_ t: CrdbTxnMeta) -> [String] { [String(t.id), String(t.ts), String(t.priority), String(t.anchor)] }
        func list(_ ks: [Int]) -> String { ks.isEmpty ? "-" : ks.map(String.init).joined(separator: ",") }
        let f: [String]
        switch self {
        case .get(let t, let k): f = ["get"] + m(t) + [String(k)]
        case .put(let t, let k, let v): f = ["put"] + m(t) + [String(k), String(v)]
        case .heartbeat(let t, let at): f = ["hb"] + m(t) + [String(at)]
        case .end(let t, let c, let ks): f = ["end"] + m(t) + [c ? "1" : "0", list(ks)]
        case .push(let p, let e, let a, let ab, let ts, let at):
            f = ["push"] + m(p) + [String(e), String(a), ab ? "1" : "0", String(ts), String(at)]
        case .resolve(let t, let s, let ts, let ks): f = ["resolve", String(t), s.rawValue, String(ts), list(ks)]
        case .split(let k): f = ["split", String(k)]
        }
        return ([Self.marker] + f).joined(separator: " ")
    }

    init?(decoding text: String) {
        let f = text.split(separator: " ").map(String.init)
        guard f.count >= 2, f[0] == Self.marker else { return nil }
        let n = f.dropFirst(2).map { Int64($0) }
        func meta() -> CrdbTxnMeta? {
            guard n.count >= 4, let a = n[0], let b = n[1], let c = n[2], let d = n[3] else { return nil }
            return CrdbTxnMeta(id: Int(a), ts: b, priority: Int(c), anchor: Int(d))
        }
        func int(_ i: Int) -> Int? { i < n.count ? n[i].map(Int.init) : nil }
        func list(_ s: String) -> [Int] { s == "-" ? [] : s.split(separator: ",").compactMap { Int($0) } }
        switch (f[1], f.count) {
        case ("get", 7): guard let t = meta(), let k = int(4) else { return nil }; self = .get(t, key: k)
        case ("put", 8): guard let t = meta(), let k = int(4), let v = int(5) else { return nil }; self = .put(t, key: k, value: v)
        case ("hb", 7): guard let t = meta(), let at = n[4] else { return nil }; self = .heartbeat(t, at: at)
        case ("end", 8): guard let t = meta() else { return nil }; self = .end(t, commit: f[6] == "1", keys: list(f[7]))
        case ("push", 11):
            guard let p = meta(), let e = int(4), let a = int(5), let ts = n[7], let at = n[8] else { return nil }
            self = .push(pusher: p, pushee: e, anchor: a, abort: f[8] == "1", ts: ts, at: at)
        case ("resolve", 6):
            guard let t = Int(f[2]), let s = CrdbStatus(rawValue: f[3]), let ts = Int64(f[4]) else { return nil }
            self = .resolve(txn: t, status: s, ts: ts, keys: list(f[5]))
        case ("split", 3): guard let k = Int(f[2]) else { return nil }; self = .split(at: k)
        default: return nil
        }
    }
}

/// A range's answer to a command, computed when the command applies.
public enum RangeReply: Sendable, Hashable, CustomStringConvertible {
    /// A read's value (nil: the key has none at that timestamp).
    case value([Int]?)
    /// Another transaction's intent is in the way: its id, its record's key, its timestamp.
    case intent(txn: Int, anchor: Int, ts: Int64)
    /// The intent is written at `ts` (above the transaction's own if it was pushed).
    case written(ts: Int64)
    /// The record's status after the command, and its timestamp (commit or pushed).
    case record(CrdbStatus, ts: Int64)
    /// A push that may not win yet: the pushee is alive and has a higher priority.
    case wait
    case done
    /// The key is not in this range (any more): the ranges this server knows.
    case mismatch([RangeDescriptor])
    /// This replica does not lead the range: try the one named, if any.
    case notLeader(NodeID?)

    public var description: String {
        switch self {
        case .value(let v): return v.map { "[" + $0.map(String.init).joined(separator: " ") + "]" } ?? "nil"
        case .intent(let t, _, let ts): return "intent of T\(t)@\(ts)"
        case .written(let ts): return "written@\(ts)"
        case .record(let s, let ts): return "\(s.rawValue)@\(ts)"
        case .wait: return "wait"
        case .done: return "done"
        case .mismatch(let ds): return "range mismatch " + ds.map(\.description).joined(separator: " ")
        case .notLeader(let l): return l.map { "not leader; try n\($0.index + 1)" } ?? "not leader"
        }
    }
}
