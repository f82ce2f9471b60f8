import ClusterSim

/// One version of a key on a replica: a value or a tombstone (a delete), the
/// last-write-wins stamp of the write that made it and, under vector
/// versioning, the vector clock that orders it against other versions.
public struct Version: Sendable, Hashable, CustomStringConvertible {
    /// nil: a tombstone. A delete is a write of "nothing" that must win over
    /// older writes on every replica, so it is stored, not removed.
    public var value: Int64?
    public var stamp: LamportStamp
    /// Under vector versioning, the context this write was made with: the
    /// merged clocks of the versions its client had read, one counter per
    /// coordinating server. nil under last-write-wins.
    public var clock: VectorClock?
    /// Under vector versioning, this write's own event: the coordinator and
    /// its counter (a dotted version vector, as Riak uses). A version is
    /// superseded exactly when another's context covers its dot, so a blind
    /// write through the same coordinator does not silently replace one it
    /// never saw.
    public var dot: Dot?

    public init(_ value: Int64?, stamp: LamportStamp, clock: VectorClock? = nil, dot: Dot? = nil) {
        self.value = value; self.stamp = stamp; self.clock = clock; self.dot = dot
    }

    /// True if this version's context has seen `other`'s write.
    public func covers(_ other: Version) -> Bool {
        guard let d = other.dot, let c = clock, d.node < c.entries.count else { return false }
        return c.entries[d.node] >= d.counter
    }

    /// The context a client gets back for this version: its clock with its own dot.
    public var fullClock: VectorClock? {
        guard var c = clock else { return nil }
        if let d = dot, d.node < c.entries.count { c.entries[d.node] = max(c.entries[d.node], d.counter) }
        return c
    }

    public var isTombstone: Bool { value == nil }

    /// Last-write-wins order: the later stamp, then (equal stamps never come
    /// from honest writers) the larger value, a tombstone lowest.
    public func supersedes(_ other: Version) -> Bool {
        (stamp, value ?? Int64.min) > (other.stamp, other.value ?? Int64.min)
    }

    public var description: String {
        (value.map(String.init) ?? "deleted") + "@\(stamp)" + (dot.map { " \($0)" } ?? "") + (clock.map { " ctx\($0)" } ?? "")
    }
}

/// One write's event under vector versioning: server index and its counter.
public struct Dot: Sendable, Hashable, CustomStringConvertible {
    public var node: Int
    public var counter: Int32
    public init(node: Int, counter: Int32) { self.node = node; self.counter = counter }
    public var description: String { "n\(node + 1):\(counter)" }
}

public typealias StoredValue = Version

/// How replicas settle two versions of a key (`versioning:` in a scenario).
public enum Versioning: String, Sendable, Hashable, CaseIterable {
    /// Keep the version with the later stamp; concurrent writes lose silently.
    case lww
    /// Keep every version no other version's clock dominates (siblings); a
    /// write that carries the clocks it read supersedes them.
    case vector

    /// `siblings` with `incoming` merged in: the versions that survive,
    /// oldest stamp first. Under `lww` at most one.
    public func merge(_ siblings: [Version], _ incoming: Version) -> [Version] {
        switch self {
        case .lww:
            guard let current = siblings.first else { return [incoming] }
            return incoming.supersedes(current) ? [incoming] : siblings
        case .vector:
            if siblings.contains(where: { $0.dot == incoming.dot && $0.dot != nil || $0.covers(incoming) }) { return siblings }
            var kept = siblings.filter { !incoming.covers($0) }
            kept.append(incoming)
            return kept.sorted { ($0.stamp, $0.value ?? Int64.min) < ($1.stamp, $1.value ?? Int64.min) }
        }
    }

    public func merge(_ a: [Version], _ b: [Version]) -> [Version] {
        b.reduce(a) { merge($0, $1) }
    }
}

extension VectorClock {
    /// The entry-wise maximum: a clock every argument happened before or equals.
    public func merged(with other: VectorClock) -> VectorClock {
        let n = Swift.max(entries.count, other.entries.count)
        return VectorClock((0..<n).map { i in
            Swift.max(i < entries.count ? entries[i] : 0, i < other.entries.count ? other.entries[i] : 0)
        })
    }
}
