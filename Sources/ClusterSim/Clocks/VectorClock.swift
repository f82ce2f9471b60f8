/// A vector clock: one counter per process. `a < b` is happened-before.
public struct VectorClock: Hashable, Sendable, CustomStringConvertible {
    public var entries: [Int32]

    public init(count: Int) { entries = .init(repeating: 0, count: count) }
    public init(_ entries: [Int32]) { self.entries = entries }

    /// Happened-before: every entry ≤ and at least one <.
    public static func < (a: VectorClock, b: VectorClock) -> Bool {
        var strictly = false
        for i in a.entries.indices {
            if a.entries[i] > b.entries[i] { return false }
            if a.entries[i] < b.entries[i] { strictly = true }
        }
        return strictly
    }

    /// Neither happened before the other, and they are not the same event.
    public func isConcurrent(with other: VectorClock) -> Bool {
        !(self < other) && !(other < self) && self != other
    }

    public var description: String { "[" + entries.map(String.init).joined(separator: ",") + "]" }
}
