/// A set of hash slots written as sorted, disjoint ranges (`0-5460,10923`),
/// the way `CLUSTER NODES` prints them.
public struct SlotRanges: Sendable, Hashable, CustomStringConvertible {
    public private(set) var ranges: [ClosedRange<Int>]

    public init(_ ranges: [ClosedRange<Int>] = []) { self.ranges = ranges }

    /// The ranges of a sorted list of distinct slots.
    public init(sorted slots: [Int]) {
        var out: [ClosedRange<Int>] = []
        for s in slots {
            if let last = out.last, last.upperBound + 1 == s { out[out.count - 1] = last.lowerBound...s } else { out.append(s...s) }
        }
        ranges = out
    }

    public var count: Int { ranges.reduce(0) { $0 + $1.count } }
    public var isEmpty: Bool { ranges.isEmpty }
    public var slots: [Int] { ranges.flatMap { Array($0) } }
    public func contains(_ slot: Int) -> Bool { ranges.contains { $0.contains(slot) } }

    public var description: String {
        ranges.isEmpty ? "-" : ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }
}
