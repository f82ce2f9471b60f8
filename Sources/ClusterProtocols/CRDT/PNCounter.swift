/// A counter that goes both ways: two grow-only counters, one of increments
/// and one of decrements; the value is their difference.
public struct PNCounter: CvRDT {
    public private(set) var increments = GCounter()
    public private(set) var decrements = GCounter()

    public init() {}

    public var value: Int64 { increments.value - decrements.value }

    public mutating func increment(by amount: Int64 = 1, at replica: Int) {
        increments.increment(by: amount, at: replica)
    }

    public mutating func decrement(by amount: Int64 = 1, at replica: Int) {
        decrements.increment(by: amount, at: replica)
    }

    public mutating func merge(_ other: PNCounter) {
        increments.merge(other.increments)
        decrements.merge(other.decrements)
    }
}
