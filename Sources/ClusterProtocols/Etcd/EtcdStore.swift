import ClusterSim

/// An operation that goes through the Raft log and changes the etcd-like store.
///
/// Keepalives and watches are not here: as in etcd, a keepalive only touches
/// the leader's lessor and a watch only reads a member's applied history.
public enum EtcdOp: Sendable, Hashable, CustomStringConvertible {
    /// `lease grant TTL`: the store numbers the lease when the entry applies.
    case grant(ttl: Int64)
    /// `lease revoke ID` (a person's or client's), or the leader revoking an expired lease.
    case revoke(lease: Int, expired: Bool)
    case put(key: String, value: String, lease: Int?)
    case delete(key: String)
    /// clientv3/concurrency's Mutex: put `prefix/LEASE` with the lease unless it
    /// exists, then report its create revision and the key before it.
    case lock(prefix: String, lease: Int)

    public var description: String {
        switch self {
        case .grant(let ttl): return "lease grant \(DurationText.format(ttl))"
        case .revoke(let l, let expired): return expired ? "lease \(l) expired" : "lease revoke \(l)"
        case .put(let k, let v, let l): return "put \(k) \(v)" + (l.map { " --lease \($0)" } ?? "")
        case .delete(let k): return "del \(k)"
        case .lock(let p, let l): return "lock \(p) (lease \(l))"
        }
    }

    // The log's entries carry key-value operations (Raft's `KVOperation`), so an
    // etcd operation rides in the key of a read, which changes nothing in
    // Raft's own store: one small text encoding, fields split by a unit separator.
    static let marker = "\u{1}etcd"
    private static let sep: Character = "\u{1F}"

    var encoded: String {
        let f: [String]
        switch self {
        case .grant(let ttl): f = ["grant", String(ttl)]
        case .revoke(let l, let e): f = ["revoke", String(l), e ? "1" : "0"]
        case .put(let k, let v, let l): f = ["put", k, v, l.map(String.init) ?? ""]
        case .delete(let k): f = ["del", k]
        case .lock(let p, let l): f = ["lock", p, String(l)]
        }
        return ([Self.marker] + f).joined(separator: String(Self.sep))
    }

    init?(decoding text: String) {
        let f = text.split(separator: Self.sep, omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 2, f[0] == Self.marker else { return nil }
        switch (f[1], f.count) {
        case ("grant", 3): guard let t = Int64(f[2]) else { return nil }; self = .grant(ttl: t)
        case ("revoke", 4): guard let l = Int(f[2]) else { return nil }; self = .revoke(lease: l, expired: f[3] == "1")
        case ("put", 5): self = .put(key: f[2], value: f[3], lease: Int(f[4]))
        case ("del", 3): self = .delete(key: f[2])
        case ("lock", 4): guard let l = Int(f[3]) else { return nil }; self = .lock(prefix: f[2], lease: l)
        default: return nil
        }
    }
}

/// What applying an operation gave.
public enum EtcdResult: Sendable, Hashable, CustomStringConvertible {
    case granted(lease: Int, ttl: Int64)
    /// A put, delete or revoke; the store's revision after it.
    case done(revision: Int)
    case leaseNotFound(Int)
    /// A lock key: its create revision (the fencing token), the key with the
    /// largest create revision below it (nil: this key holds the lock), and the
    /// store's revision when this was decided (a waiter watches from after it).
    case lockKey(key: String, createRevision: Int, waitFor: String?, revision: Int)

    public var description: String {
        switch self {
        case .granted(let l, let ttl): return "granted lease \(l) ttl \(DurationText.format(ttl))"
        case .done(let r): return "ok, revision \(r)"
        case .leaseNotFound(let l): return "lease \(l) not found"
        case .lockKey(let k, let c, let w, _):
            return w.map { "\(k) (rev \(c)) waits for \($0)" } ?? "\(k) (rev \(c)) holds the lock"
        }
    }
}

/// A key's current version (etcd's mvccpb.KeyValue, without the history).
public struct EtcdKeyValue: Sendable, Hashable {
    public var value: String
    public var createRevision: Int
    public var modRevision: Int
    /// Puts since the key was created (1 on creation).
    public var version: Int
    public var lease: Int?
}

/// One change, as a watch reports it.
public struct EtcdEvent: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable { case put = "PUT", delete = "DELETE" }
    public var kind: Kind
    public var key: String
    public var value: String
    public var revision: Int
    public var description: String { "\(kind.rawValue) \(key)" + (kind == .put ? "=\(value)" : "") + " @\(revision)" }
}

public struct EtcdLease: Sendable, Hashable {
    public var id: Int
    public var ttl: Int64
    /// Who asked for it (a client, or a member when typed there).
    public var owner: NodeID
    public var keys: Set<String> = []
}

/// The replicated state machine: keys with revisions, leases, and the event
/// history watches read. Every member applies the same committed entries in
/// the same order, so every member's store passes through the same states.
public struct EtcdStore: Sendable, Hashable {
    /// The store's revision: bumped once by every put, delete or revoke that changes keys.
    public private(set) var revision = 0
    public private(set) var keys: [String: EtcdKeyValue] = [:]
    public private(set) var leases: [Int: EtcdLease] = [:]
    /// Every event so far, in revision order (no compaction).
    public private(set) var events: [EtcdEvent] = []
    private var nextLease = 1
    /// Each client's latest request and its result, with the same rule as
    /// Raft's `KVStore`, so an entry Raft's store skips as a repeat is skipped here too.
    private var sessions: [NodeID: (request: Int, result: EtcdResult)] = [:]

    public init() {}

    public static func == (a: EtcdStore, b: EtcdStore) -> Bool {
        a.revision == b.revision && a.keys == b.keys && a.leases == b.leases && a.events.count == b.events.count
    }
    public func hash(into h: inout Hasher) { h.combine(revision); h.combine(keys.count); h.combine(leases.count) }

    /// The result recorded for a client's request, if it was the client's latest.
    public func result(of client: NodeID, request: Int) -> EtcdResult? {
        sessions[client].flatMap { $0.request == request ? $0.result : nil }
    }

    /// Applies a client's operation once; a repeat or an older request changes nothing.
    @discardableResult
    public mutating func apply(_ op: EtcdOp, client: NodeID, request: Int) -> EtcdResult? {
        if let s = sessions[client], request <= s.request { return nil }
        let r = apply(op, owner: client)
        sessions[client] = (request, r)
        return r
    }

    mutating func apply(_ op: EtcdOp, owner: NodeID) -> EtcdResult {
        switch op {
        case .grant(let ttl):
            let id = nextLease; nextLease += 1
            leases[id] = EtcdLease(id: id, ttl: ttl, owner: owner)
            return .granted(lease: id, ttl: ttl)
        case .revoke(let id, _):
            guard let lease = leases.removeValue(forKey: id) else { return .leaseNotFound(id) }
            let doomed = lease.keys.sorted().filter { keys[$0] != nil }
            if !doomed.isEmpty {
                revision += 1  // one revision for all of the lease's keys, as one transaction
                for k in doomed { remove(k) }
            }
            return .done(revision: revision)
        case .put(let k, let v, let l):
            if let l, leases[l] == nil { return .leaseNotFound(l) }
            revision += 1
            put(k, v, lease: l)
            return .done(revision: revision)
        case .delete(let k):
            guard keys[k] != nil else { return .done(revision: revision) }
            revision += 1
            remove(k)
            return .done(revision: revision)
        case .lock(let prefix, let l):
            let key = "\(prefix)/\(l)"
            if keys[key] == nil {
                guard leases[l] != nil else { return .leaseNotFound(l) }
                revision += 1
                put(key, "", lease: l)
            }
            let mine = keys[key]!.createRevision
            let before = keys.filter { $0.key.hasPrefix(prefix + "/") && $0.value.createRevision < mine }
                .max { $0.value.createRevision < $1.value.createRevision }?.key
            return .lockKey(key: key, createRevision: mine, waitFor: before, revision: revision)
        }
    }

    private mutating func put(_ k: String, _ v: String, lease: Int?) {
        var kv = keys[k] ?? EtcdKeyValue(value: v, createRevision: revision, modRevision: revision, version: 0)
        if let old = kv.lease, old != lease { leases[old]?.keys.remove(k) }
        kv.value = v; kv.modRevision = revision; kv.version += 1; kv.lease = lease
        keys[k] = kv
        if let lease { leases[lease]?.keys.insert(k) }
        events.append(EtcdEvent(kind: .put, key: k, value: v, revision: revision))
    }

    private mutating func remove(_ k: String) {
        guard let kv = keys.removeValue(forKey: k) else { return }
        if let l = kv.lease { leases[l]?.keys.remove(k) }
        events.append(EtcdEvent(kind: .delete, key: k, value: "", revision: revision))
    }

    /// Events after `revision` on `key` (or under it, with `prefix`), oldest first.
    public func events(after revision: Int, key: String, prefix: Bool) -> [EtcdEvent] {
        // Events are in revision order: find the first one after `revision` by bisection.
        var lo = 0, hi = events.count
        while lo < hi { let m = (lo + hi) / 2; if events[m].revision <= revision { lo = m + 1 } else { hi = m } }
        return events[lo...].filter { prefix ? $0.key.hasPrefix(key) : $0.key == key }
    }

    /// The keys under `prefix/`, oldest create revision first: the lock's queue.
    public func lockQueue(_ prefix: String) -> [(key: String, kv: EtcdKeyValue)] {
        keys.filter { $0.key.hasPrefix(prefix + "/") }.sorted { $0.value.createRevision < $1.value.createRevision }
            .map { ($0.key, $0.value) }
    }
}
