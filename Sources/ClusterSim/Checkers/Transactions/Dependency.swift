/// Why one transaction must precede another in any serial order.
public enum DependencyKind: String, Sendable, Hashable, CaseIterable {
    /// Write-write: the second overwrote (or appended after) the first's version.
    case ww
    /// Write-read: the second read the first's version.
    case wr
    /// Read-write (anti-dependency): the first read a version the second overwrote.
    case rw
    /// Real time: the first completed before the second was invoked.
    case realtime
}

/// One edge of the dependency graph, with the evidence for it.
public struct Dependency: Sendable, Hashable {
    public var from: Int
    public var to: Int
    public var kind: DependencyKind
    /// The key the evidence is about (none for real time).
    public var key: OpValue?
    /// The sentence that justifies the edge, naming both transactions.
    public var because: String

    public init(from: Int, to: Int, kind: DependencyKind, key: OpValue?, because: String) {
        self.from = from; self.to = to; self.kind = kind; self.key = key; self.because = because
    }
}

/// Transactions as vertices, dependencies as edges: one edge per
/// (from, to, kind), the first evidence found kept.
public struct DependencyGraph: Sendable {
    public private(set) var vertexCount: Int
    /// Out-edges of each vertex.
    public private(set) var out: [[Dependency]]
    private var seen: Set<EdgeKey> = []

    private struct EdgeKey: Hashable { var from: Int, to: Int, kind: DependencyKind }

    public init(vertexCount: Int) {
        self.vertexCount = vertexCount
        out = Array(repeating: [], count: vertexCount)
    }

    /// Adds an edge unless it is a self-loop or already present.
    public mutating func add(_ edge: Dependency) {
        guard edge.from != edge.to, seen.insert(EdgeKey(from: edge.from, to: edge.to, kind: edge.kind)).inserted else { return }
        out[edge.from].append(edge)
    }

    public var edgeCount: Int { seen.count }

    /// How many edges of each kind: what the checker inferred.
    public var counts: [DependencyKind: Int] {
        var c: [DependencyKind: Int] = [:]
        for key in seen { c[key.kind, default: 0] += 1 }
        return c
    }
}
