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

    /// Its position in `allCases`.
    var index: Int {
        switch self { case .ww: 0; case .wr: 1; case .rw: 2; case .realtime: 3 }
    }
}

/// One edge of the dependency graph, with the evidence for it.
///
/// The evidence is a sentence built only when asked for: a large history has
/// millions of edges and reports a handful, and formatting every sentence up
/// front was most of the checker's memory. Two edges are equal when they join
/// the same transactions by the same kind about the same key.
public struct Dependency: Sendable, Hashable {
    public var from: Int
    public var to: Int
    public var kind: DependencyKind
    /// The key the evidence is about (none for real time).
    public var key: OpValue?
    private let explain: @Sendable () -> String

    /// The sentence that justifies the edge, naming both transactions.
    public var because: String { explain() }

    public init(from: Int, to: Int, kind: DependencyKind, key: OpValue?, because: @autoclosure @escaping @Sendable () -> String) {
        self.from = from; self.to = to; self.kind = kind; self.key = key; self.explain = because
    }

    public static func == (a: Dependency, b: Dependency) -> Bool {
        a.from == b.from && a.to == b.to && a.kind == b.kind && a.key == b.key
    }

    public func hash(into h: inout Hasher) {
        h.combine(from); h.combine(to); h.combine(kind); h.combine(key)
    }
}

/// Transactions as vertices, dependencies as edges: one edge per
/// (from, to, kind), the first evidence found kept. Searches walk `arcs`,
/// plain numbers, and look the evidence up only for the cycle they report.
public struct DependencyGraph: Sendable {
    /// An out-edge as the searches see it: where it goes, its kind, and its evidence in `edges`.
    public struct Arc: Sendable, Hashable {
        public var to: Int32
        public var kind: DependencyKind
        public var edge: Int32
    }

    public private(set) var vertexCount: Int
    /// Every edge, in the order added.
    public private(set) var edges: [Dependency] = []
    /// Out-edges of each vertex.
    public private(set) var arcs: [[Arc]]
    /// The edges of vertices with many out-edges, for finding duplicates
    /// (a vertex with few is scanned: hashing every edge of a large history
    /// cost more than the scans).
    private var seen: Set<EdgeKey> = []
    private static let scanLimit = 16

    private struct EdgeKey: Hashable { var from: Int, to: Int, kind: DependencyKind }

    public init(vertexCount: Int) {
        self.vertexCount = vertexCount
        arcs = Array(repeating: [], count: vertexCount)
    }

    /// Adds an edge unless it is a self-loop or already present.
    public mutating func add(_ edge: Dependency) {
        guard edge.from != edge.to else { return }
        let out = arcs[edge.from].count, to = Int32(edge.to)
        if out < Self.scanLimit {
            guard !arcs[edge.from].contains(where: { $0.to == to && $0.kind == edge.kind }) else { return }
        } else {
            if out == Self.scanLimit {  // from now on this vertex's edges are in the set
                for a in arcs[edge.from] { seen.insert(EdgeKey(from: edge.from, to: Int(a.to), kind: a.kind)) }
            }
            guard seen.insert(EdgeKey(from: edge.from, to: edge.to, kind: edge.kind)).inserted else { return }
        }
        arcs[edge.from].append(Arc(to: to, kind: edge.kind, edge: Int32(edges.count)))
        edges.append(edge)
    }

    public var edgeCount: Int { edges.count }

    /// How many edges of each kind: what the checker inferred.
    public var counts: [DependencyKind: Int] {
        var c: [DependencyKind: Int] = [:]
        for e in edges { c[e.kind, default: 0] += 1 }
        return c
    }
}
