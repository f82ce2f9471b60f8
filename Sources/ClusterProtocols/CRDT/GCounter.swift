/// A grow-only counter: one count per replica, each bumped only by its own
/// replica; merge takes the larger count per replica, the value is the sum.
/// An increment is never lost however the states are exchanged, because no
/// merge can lower a replica's own count.
public struct GCounter: CvRDT {
    /// Increments applied at each replica (replicas with none are absent).
    public private(set) var counts: [Int: Int64] = [:]

    public init() {}

    public var value: Int64 { counts.values.reduce(0, +) }

    /// Adds `amount` (at least 0) at `replica`.
    public mutating func increment(by amount: Int64 = 1, at replica: Int) {
        precondition(amount >= 0, "a grow-only counter cannot decrease")
        guard amount > 0 else { return }
        counts[replica, default: 0] += amount
    }

    public mutating func merge(_ other: GCounter) {
        counts.merge(other.counts, uniquingKeysWith: max)
    }
}
