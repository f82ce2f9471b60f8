import ClusterSim

/// A committed value of a key at a timestamp (MVCC: older versions are kept for reads at older timestamps).
public struct CrdbVersion: Sendable, Hashable {
    public var ts: Int64
    public var value: [Int]
}

/// A write intent: a provisional value that points at its transaction's record.
public struct CrdbIntent: Sendable, Hashable {
    public var txn: Int
    public var anchor: Int
    public var ts: Int64
    /// The whole list the key will hold if the transaction commits.
    public var value: [Int]
}

/// A transaction record, kept on the range of the transaction's anchor key.
public struct CrdbRecord: Sendable, Hashable {
    public var status: CrdbStatus
    public var anchor: Int
    /// The commit timestamp once committed; before that the transaction's own.
    public var ts: Int64
    /// Pushers moved the transaction above this timestamp: it may not commit below it.
    public var pushedTo: Int64
    public var priority: Int
    public var lastHeartbeat: Int64
}

/// A range's replicated state: its span, MVCC versions, intents, transaction
/// records and timestamp cache. Every replica applies the same commands in
/// the same order, so every replica computes the same state and answers.
public struct RangeData: Sendable, Hashable {
    public internal(set) var span: RangeDescriptor
    public internal(set) var versions: [Int: [CrdbVersion]] = [:]
    public internal(set) var intents: [Int: CrdbIntent] = [:]
    public internal(set) var records: [Int: CrdbRecord] = [:]
    /// The timestamp cache: the highest timestamp each key was read at.
    public internal(set) var readStamps: [Int: Int64] = [:]
    /// Set when a split command applies: the new right-hand range, to be created by the replica.
    var splitOff: [RangeData] = []

    public init(span: RangeDescriptor) { self.span = span }

    public var pendingRecords: Int { records.values.filter { $0.status == .pending }.count }
    /// Appended values held (the split threshold's measure of size).
    public var size: Int { versions.values.reduce(0) { $0 + ($1.last?.value.count ?? 0) } }

    func latest(_ key: Int, atOrBelow ts: Int64) -> [Int]? {
        versions[key]?.last(where: { $0.ts <= ts })?.value
    }

    /// Applies one command and returns the answer for the coordinator.
    public mutating func apply(_ command: RangeCommand, config: RangeConfig) -> RangeReply {
        let mutations = config.mutations
        guard span.contains(command.routingKey) else { return .mismatch([span]) }
        switch command {
        case .get(let t, let k): return get(t, k, mutations)
        case .put(let t, let k, let v): return put(t, k, v)
        case .heartbeat(let t, let at):
            guard var r = records[t.id] else {
                records[t.id] = CrdbRecord(status: .pending, anchor: t.anchor, ts: t.ts, pushedTo: t.ts, priority: t.priority, lastHeartbeat: at)
                return .record(.pending, ts: t.ts)
            }
            if r.status == .pending { r.lastHeartbeat = max(r.lastHeartbeat, at); records[t.id] = r }
            return .record(r.status, ts: r.ts)
        case .end(let t, let commit, _): return end(t, commit: commit)
        case .push(let p, let e, let a, let abort, let ts, let at): return push(p, pushee: e, anchor: a, abort: abort, ts: ts, at: at, expiry: config.expiry)
        case .resolve(let t, let status, let ts, let keys):
            for k in keys where span.contains(k) { resolve(k, txn: t, status: status, ts: ts) }
            return .done
        case .split(let at): return split(at)
        }
    }

    private mutating func get(_ t: CrdbTxnMeta, _ k: Int, _ mutations: Set<RangeMutation>) -> RangeReply {
        if let i = intents[k] {
            if i.txn == t.id { return .value(i.value) }
            // An intent above the read's timestamp cannot commit below it: read under it.
            if i.ts <= t.ts, !mutations.contains(.readIgnoresIntents) { return .intent(txn: i.txn, anchor: i.anchor, ts: i.ts) }
        }
        if !mutations.contains(.noTimestampCache) { readStamps[k] = max(readStamps[k] ?? 0, t.ts) }
        return .value(latest(k, atOrBelow: t.ts))
    }

    private mutating func put(_ t: CrdbTxnMeta, _ k: Int, _ v: Int) -> RangeReply {
        if let i = intents[k] {
            guard i.txn == t.id else { return .intent(txn: i.txn, anchor: i.anchor, ts: i.ts) }
            if !i.value.contains(v) { intents[k]!.value.append(v) }  // a resent Put applies once
            return .written(ts: i.ts)
        }
        // A write goes above every read of the key (timestamp cache) and every committed version.
        var ts = t.ts
        if let r = readStamps[k], r >= ts { ts = r + 1 }
        if let last = versions[k]?.last, last.ts >= ts { ts = last.ts + 1 }
        intents[k] = CrdbIntent(txn: t.id, anchor: t.anchor, ts: ts, value: (versions[k]?.last?.value ?? []) + [v])
        return .written(ts: ts)
    }

    private mutating func end(_ t: CrdbTxnMeta, commit: Bool) -> RangeReply {
        var r = records[t.id] ?? CrdbRecord(status: .pending, anchor: t.anchor, ts: t.ts, pushedTo: t.ts, priority: t.priority, lastHeartbeat: 0)
        guard r.status == .pending else { return .record(r.status, ts: r.ts) }  // decided already (or a resend)
        // Pushed above its timestamp, it may not commit there: it must restart.
        r.status = commit && r.pushedTo <= t.ts ? .committed : .aborted
        records[t.id] = r
        return .record(r.status, ts: r.ts)
    }

    private mutating func push(_ p: CrdbTxnMeta, pushee: Int, anchor: Int, abort: Bool, ts: Int64, at: Int64, expiry: Int64) -> RangeReply {
        // No record: the pushee's coordinator never got one written (or died before): abort it for good.
        var r = records[pushee] ?? CrdbRecord(status: .pending, anchor: anchor, ts: 0, pushedTo: 0, priority: Int.min, lastHeartbeat: Int64.min / 2)
        if r.status != .pending { records[pushee] = r; return .record(r.status, ts: r.ts) }
        let expired = at - r.lastHeartbeat > expiry
        let wins = expired || (p.priority, p.id) > (r.priority, pushee)
        guard wins else { return .wait }
        if abort || expired {
            r.status = .aborted
        } else {
            r.pushedTo = max(r.pushedTo, ts + 1)
        }
        records[pushee] = r
        return .record(r.status, ts: r.status == .pending ? r.pushedTo : r.ts)
    }

    private mutating func resolve(_ k: Int, txn: Int, status: CrdbStatus, ts: Int64) {
        guard let i = intents[k], i.txn == txn else { return }
        switch status {
        case .committed where i.ts != ts:
            intents[k] = nil  // a resent Put applied after the commit, pushed above it: never part of the transaction
        case .committed:
            versions[k, default: []].append(CrdbVersion(ts: ts, value: i.value))
            versions[k]!.sort { $0.ts < $1.ts }
            intents[k] = nil
        case .aborted:
            intents[k] = nil
        case .pending:
            intents[k]!.ts = max(i.ts, ts)
        }
    }

    private mutating func split(_ at: Int) -> RangeReply {
        guard at > span.start else { return .done }  // already split there (a resend)
        var right = RangeData(span: RangeDescriptor(start: at, end: span.end, replicas: span.replicas))
        func move<V>(_ d: inout [Int: V], _ into: inout [Int: V], _ isRight: (Int, V) -> Bool) {
            for (k, v) in d where isRight(k, v) { into[k] = v; d[k] = nil }
        }
        move(&versions, &right.versions) { k, _ in k >= at }
        move(&intents, &right.intents) { k, _ in k >= at }
        move(&readStamps, &right.readStamps) { k, _ in k >= at }
        move(&records, &right.records) { _, r in r.anchor >= at }
        span.end = at
        splitOff.append(right)
        return .done
    }
}
