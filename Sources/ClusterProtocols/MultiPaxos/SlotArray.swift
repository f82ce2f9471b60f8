/// Per-slot state of a long replicated log (slot `i` at index `i - 1`),
/// stored as a two-level tree: 64-element leaves under 64-leaf branches.
///
/// Why: an acceptor persists its slots after every accept, so the engine's
/// durable copy shares the storage and the next write copies what it
/// touches. `ChunkedArray` copies every leaf reference then — O(n/64) a
/// write, quadratic over a 100,000-command run (`bench paxos` spent its time
/// retaining chunks). Here a write copies the root (n/4096 references), one
/// branch and one leaf.
public struct SlotArray<Element: Sendable>: Sendable {
    private var root: [[[Element]]] = []
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
            return root[i >> 12][(i >> 6) & 63][i & 63]
        }
        set {
            precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
            root[i >> 12][(i >> 6) & 63][i & 63] = newValue
        }
    }

    public mutating func append(_ e: Element) {
        if count & 4095 == 0 {
            var leaf: [Element] = []
            leaf.reserveCapacity(64)
            leaf.append(e)
            var branch: [[Element]] = []
            branch.reserveCapacity(64)
            branch.append(leaf)
            root.append(branch)
        } else if count & 63 == 0 {
            var leaf: [Element] = []
            leaf.reserveCapacity(64)
            leaf.append(e)
            root[root.count - 1].append(leaf)
        } else {
            let b = root.count - 1
            root[b][root[b].count - 1].append(e)
        }
        count += 1
    }
}

extension SlotArray: Equatable where Element: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] }
    }
}

extension SlotArray: Hashable where Element: Hashable {
    public func hash(into h: inout Hasher) {
        h.combine(count)
        for i in 0..<count { h.combine(self[i]) }
    }
}
