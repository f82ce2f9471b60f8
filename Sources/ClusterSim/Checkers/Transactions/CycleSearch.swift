/// Finds dependency cycles: strongly connected components first (Tarjan),
/// then, inside each, the shortest cycle of a given class by breadth-first
/// search, so a report shows "as small a set of transactions as possible"
/// (jepsen-io/elle README). Classes follow Elle's cycle explainer
/// (src/elle/txn.clj): one rw edge is G-single, two or more G2-item (or
/// G-nonadjacent when no two are adjacent), else G1c with a wr edge, else G0;
/// a real-time edge in the cycle makes it the `-realtime` variant.
enum CycleSearch {
    /// A class of cycle: which edges it may use and which mix it must have.
    struct Shape: Sendable {
        var kind: TxnAnomaly.Kind
        var allowed: Set<DependencyKind>
        /// Searches start at the sources of edges of this kind (any vertex when nil).
        var startAt: DependencyKind?
        /// The most read-write edges a cycle of this class may hold (2 = two or more).
        var maxRW: Int
        var accepts: @Sendable (_ rw: Int, _ wr: Bool, _ realtime: Bool) -> Bool
    }

    static let dataShapes: [Shape] = [
        Shape(kind: .g0, allowed: [.ww], startAt: nil, maxRW: 0) { _, _, _ in true },
        Shape(kind: .g1c, allowed: [.ww, .wr], startAt: .wr, maxRW: 0) { _, wr, _ in wr },
        Shape(kind: .gSingle, allowed: [.ww, .wr, .rw], startAt: .rw, maxRW: 1) { rw, _, _ in rw == 1 },
        Shape(kind: .g2, allowed: [.ww, .wr, .rw], startAt: .rw, maxRW: 2) { rw, _, _ in rw >= 2 },
    ]

    static let realtimeShapes: [Shape] = [
        Shape(kind: .g0Realtime, allowed: [.ww, .realtime], startAt: .realtime, maxRW: 0) { _, _, rt in rt },
        Shape(kind: .g1cRealtime, allowed: [.ww, .wr, .realtime], startAt: .realtime, maxRW: 0) { _, wr, rt in wr && rt },
        Shape(kind: .gSingleRealtime, allowed: Set(DependencyKind.allCases), startAt: .realtime, maxRW: 1) { rw, _, rt in rw == 1 && rt },
        Shape(kind: .g2Realtime, allowed: Set(DependencyKind.allCases), startAt: .realtime, maxRW: 2) { rw, _, rt in rw >= 2 && rt },
    ]

    /// Start vertices tried per component: enough for small histories to get
    /// the truly shortest cycle, bounded for large ones.
    static let startsPerComponent = 200
    /// Once a component has a cycle, search states spent on it before settling
    /// for the shortest found so far (a large component can take seconds).
    static let statesPerComponent = 500_000
    /// Search states spent on a component with no cycle of the shape found yet
    /// before giving up on it: the search stays sound (every cycle reported is
    /// real) but may miss a shape in a very large component.
    static let statesBeforeGivingUp = 2_000_000

    /// One shortest cycle of `shape` per component where one exists.
    static func cycles(_ graph: DependencyGraph, shape: Shape) -> [[Dependency]] {
        var found: [[Dependency]] = []
        var bfs = BreadthFirst(vertexCount: graph.vertexCount)
        var members = Array(repeating: false, count: graph.vertexCount)
        for component in components(graph, allowed: shape.allowed) {
            for v in component { members[v] = true }
            defer { for v in component { members[v] = false } }
            var starts = component
            if let kind = shape.startAt {
                starts = component.filter { v in graph.arcs[v].contains { $0.kind == kind && members[Int($0.to)] } }
            }
            var best: [Dependency]?
            let spent = bfs.explored
            for start in starts.prefix(startsPerComponent) {
                let work = bfs.explored - spent
                if best != nil ? work > statesPerComponent : work > statesBeforeGivingUp { break }
                guard let cycle = bfs.shortestCycle(graph, from: start, within: members, shape: shape) else { continue }
                if best == nil || cycle.count < best!.count { best = cycle }
                if cycle.count == 2 { break }
            }
            if let best { found.append(best) }
        }
        return found
    }

    /// Strongly connected components of more than one vertex over edges of
    /// the allowed kinds, by Tarjan's algorithm (iterative: histories can be
    /// deep), each sorted, in order of their smallest vertex.
    static func components(_ graph: DependencyGraph, allowed: Set<DependencyKind>) -> [[Int]] {
        var mask = [Bool](repeating: false, count: DependencyKind.allCases.count)
        for (i, kind) in DependencyKind.allCases.enumerated() { mask[i] = allowed.contains(kind) }
        let (component, count) = StrongComponents.label(vertexCount: graph.vertexCount, degree: { graph.arcs[$0].count }) { v, i in
            let arc = graph.arcs[v][i]
            return mask[arc.kind.index] ? Int(arc.to) : nil
        }
        var members = [[Int]](repeating: [], count: count)
        for v in component.indices { members[component[v]].append(v) }  // in order: each sorted
        return members.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
    }
}

/// Breadth-first search over (vertex, read-write count, saw write-read, saw
/// real time): the first return to the start whose mix the shape accepts is
/// the shortest such cycle through it. Buffers are reused between searches.
struct BreadthFirst {
    private var stamp: [Int32]
    private var parent: [Int32]
    private var via: [Int32]  // the edge that reached each state
    private var generation: Int32 = 0
    /// States taken off the queue so far, over all searches: the work done.
    private(set) var explored = 0
    private static let statesPerVertex = 12

    init(vertexCount: Int) {
        let size = vertexCount * Self.statesPerVertex
        stamp = Array(repeating: 0, count: size); parent = Array(repeating: -1, count: size)
        via = Array(repeating: -1, count: size)
    }

    private static func state(_ v: Int, _ rw: Int, _ wr: Bool, _ rt: Bool) -> Int {
        v * statesPerVertex + rw * 4 + (wr ? 2 : 0) + (rt ? 1 : 0)
    }

    mutating func shortestCycle(_ graph: DependencyGraph, from start: Int, within members: [Bool],
                                shape: CycleSearch.Shape) -> [Dependency]? {
        let ww = shape.allowed.contains(.ww), wr = shape.allowed.contains(.wr)
        let rwAllowed = shape.allowed.contains(.rw), rtAllowed = shape.allowed.contains(.realtime)
        generation += 1
        let origin = Self.state(start, 0, false, false)
        stamp[origin] = generation; parent[origin] = -1
        var queue = [origin], head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            explored += 1
            let v = s / Self.statesPerVertex, bits = s % Self.statesPerVertex
            let rw = bits / 4, sawWR = bits & 2 != 0, sawRT = bits & 1 != 0
            for arc in graph.arcs[v] {
                let to = Int(arc.to)
                guard members[to] else { continue }
                switch arc.kind {
                case .ww: guard ww else { continue }
                case .wr: guard wr else { continue }
                case .rw: guard rwAllowed else { continue }
                case .realtime: guard rtAllowed else { continue }
                }
                let rw2 = min(2, rw + (arc.kind == .rw ? 1 : 0))
                guard rw2 <= shape.maxRW else { continue }
                let wr2 = sawWR || arc.kind == .wr, rt2 = sawRT || arc.kind == .realtime
                if to == start {
                    if shape.accepts(rw2, wr2, rt2) { return (path(to: s) + [arc.edge]).map { graph.edges[Int($0)] } }
                    continue
                }
                let next = Self.state(to, rw2, wr2, rt2)
                guard stamp[next] != generation else { continue }
                stamp[next] = generation; parent[next] = Int32(s); via[next] = arc.edge
                queue.append(next)
            }
        }
        return nil
    }

    private func path(to s: Int) -> [Int32] {
        var edges: [Int32] = []
        var s = s
        while parent[s] >= 0 {  // only the origin has none
            edges.append(via[s]); s = Int(parent[s])
        }
        return edges.reversed()
    }
}
