import ClusterSim

/// One version of a key on a replica: a value or a tombstone (a delete), the
/// last-write-wins stamp of the write that made it and, under vector
/// versioning, the vector clock that orders it against other versions.
public struct Version: Sendable, Hashable, CustomStringConvertible {
    /// nil: a tombstone. A delete is a write of "nothing" that must win over
    /// older writes on every replica, so it is stored, not removed.
    public var value: Int64?
    public var stamp: LamportStamp
    /// Dynamo's version: one counter per server that coordinated a write of
    /// this key's history. nil under last-write-wins.
    public var clock: VectorClock?

    public init(_ value: Int64?, stamp: LamportStamp, clock: VectorClock? = nil) {
        self.value = value; self.stamp = stamp; self.clock = clock
    }

    public var isTombstone: Bool { value == nil }

    /// Last-write-wins order: the later stamp, then (equal stamps never come
    /// from honest writers) the larger value, a tombstone lowest.
    public func supersedes(_ other: Version) -> Bool {
        (stamp, value ?? Int64.min) > (other.stamp, other.value ?? Int64.min)
    }

    public var description: String {
        (value.map(String.init) ?? "deleted") + "@\(stamp)" + (clock.map { "\($0)" } ?? "")
    }
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
            let clock = incoming.clock ?? VectorClock(count: 0)
            for s in siblings {
                let other = s.clock ?? VectorClock(count: 0)
                if other == clock ? !incoming.supersedes(s) : clock.isAtMost(other) { return siblings }
            }
            var kept = siblings.filter { !($0.clock ?? VectorClock(count: 0)).isAtMost(clock) }
            kept.append(incoming)
            return kept.sorted { ($0.stamp, $0.value ?? Int64.min) < ($1.stamp, $1.value ?? Int64.min) }
        }
    }

    public func merge(_ a: [Version], _ b: [Version]) -> [Version] {
        b.reduce(a) { merge($0, $1) }
    }
}

extension VectorClock {
    /// Every entry ≤ the other's (happened before or equal); a missing entry is 0.
    public func isAtMost(_ other: VectorClock) -> Bool {
        for i in entries.indices where entries[i] > (i < other.entries.count ? other.entries[i] : 0) { return false }
        return true
    }

    /// The entry-wise maximum: a clock every argument happened before or equals.
    public func merged(with other: VectorClock) -> VectorClock {
        let n = Swift.max(entries.count, other.entries.count)
        return VectorClock((0..<n).map { i in
            Swift.max(i < entries.count ? entries[i] : 0, i < other.entries.count ? other.entries[i] : 0)
        })
    }
}
