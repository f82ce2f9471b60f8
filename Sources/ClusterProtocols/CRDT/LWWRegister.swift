/// A value and the timestamp of the write that produced it.
public struct Versioned<Value: Hashable & Comparable & Sendable>: Hashable, Sendable, CustomStringConvertible {
    public var value: Value
    public var stamp: LamportStamp
    public init(_ value: Value, stamp: LamportStamp) { self.value = value; self.stamp = stamp }

    /// True if this write wins over `other` under last-write-wins: a later
    /// stamp, or (only for equal stamps, which honest writers never issue) the
    /// larger value, so the choice is the same on every replica.
    public func supersedes(_ other: Versioned<Value>) -> Bool {
        (stamp, value) > (other.stamp, other.value)
    }

    public var description: String { "\(value)@\(stamp)" }
}

/// A last-write-wins register: merge keeps the write with the later
/// Lamport stamp. Concurrent writes do not fail: all but one are silently
/// lost, which is the price of last-write-wins.
public struct LWWRegister<Value: Hashable & Comparable & Sendable>: CvRDT {
    public private(set) var current: Versioned<Value>?

    public init() {}

    public var value: Value? { current?.value }

    /// The stamp for a new write at `node` whose Lamport clock reads `clock`:
    /// later than both that clock and the write this copy holds.
    public func nextStamp(node: Int, clock: Int64 = 0) -> LamportStamp {
        LamportStamp(clock: max(clock, current?.stamp.clock ?? 0) + 1, node: node)
    }

    /// Writes `value` with a fresh stamp from `node`.
    public mutating func assign(_ value: Value, node: Int, clock: Int64 = 0) {
        current = Versioned(value, stamp: nextStamp(node: node, clock: clock))
    }

    /// Keeps `write` if it wins over what this copy holds.
    public mutating func apply(_ write: Versioned<Value>) {
        if current.map({ write.supersedes($0) }) ?? true { current = write }
    }

    public mutating func merge(_ other: LWWRegister<Value>) {
        if let write = other.current { apply(write) }
    }
}
