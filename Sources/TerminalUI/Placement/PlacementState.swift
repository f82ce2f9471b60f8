import ClusterProtocols

/// What happened on the placement screen, named for the key's meaning.
public enum PlacementAction: Hashable, Sendable {
    case schemeCycled(forward: Bool)
    case nodeJoined
    case nodeLeft
    case virtualNodesToggled
    case zipfToggled
    case resetPressed
    /// Back to the home screen (when opened from there).
    case closed
}

/// The latest join or leave: which node, and the keys it moved.
public struct LastChange: Hashable, Sendable {
    /// `join n11`, `leave n10`.
    public var what: String
    public var movement: KeyMovement
}

/// One membership change made on the placement screen.
public enum PlacementChange: Hashable, Sendable { case join, leave }

/// The placement screen: a scheme on a cluster of N nodes, the changes made
/// to it, and the figures for the map as it stands (recomputed by the
/// reducer after every change, so rendering is cheap and pure).
public struct PlacementState: Hashable, Sendable {
    public var scheme: PlacementScheme
    /// Nodes before any change.
    public var initialNodes: Int
    public var keys: Int
    /// Virtual nodes per node on the ring when they are on.
    public var virtualNodes: Int
    public var virtualNodesOn: Bool
    /// The Zipf exponent when the skewed workload is on.
    public var zipf: Double
    public var zipfOn: Bool
    public var seed: UInt64
    /// Joins and leaves since the scheme was picked (ranges and Redis slots depend on the history).
    public var changes: [PlacementChange] = []
    /// The latest change and what it moved.
    public var lastChange: LastChange?
    /// Opened from the home screen: escape goes back there.
    public var openedFromHome = false
    public private(set) var report: PlacementReport
    /// The nodes now, in the order they joined.
    public private(set) var nodes: [String]
    /// The name the next join takes.
    public private(set) var nextName: String
    /// The map as it stands, kept change by change: rebuilding it from the
    /// initial nodes at every change made a run of leaves quadratic.
    private var current: Derived<ShardMap>

    public init(scheme: PlacementScheme = .ring, nodes: Int = 10, keys: Int = 10_000, virtualNodes: Int = 128,
                virtualNodesOn: Bool = true, zipf: Double = 1.0, zipfOn: Bool = false, seed: UInt64 = 1) {
        self.scheme = scheme; initialNodes = nodes; self.keys = keys
        self.virtualNodes = virtualNodes; self.virtualNodesOn = virtualNodesOn
        self.zipf = zipf; self.zipfOn = zipfOn; self.seed = seed
        let map = ShardMap(scheme, nodes: nodes, virtualNodes: virtualNodesOn ? virtualNodes : 1, sample: PlacementAnalysis.keys(keys))
        report = PlacementReport(map, .init(keys: keys, zipf: zipfOn ? zipf : nil, seed: seed))
        self.nodes = map.members
        nextName = map.nextName
        current = Derived(map)
    }

    /// The vnodes the ring uses now.
    public var ringVirtualNodes: Int { virtualNodesOn ? virtualNodes : 1 }

    /// The map as it stands: the scheme on the initial nodes, then every change.
    public var map: ShardMap { current.value }

    /// The map after `change`, or nil for a leave with one node left.
    private func step(_ map: ShardMap, _ change: PlacementChange) -> ShardMap? {
        switch change {
        case .join: return map.joining()
        case .leave: return map.leaving()
        }
    }

    /// Makes `newChanges` one after another (a leave with one node left is
    /// skipped), records the last as `lastChange` with what it moved, and
    /// recomputes the figures once: linear in the number of changes.
    public mutating func apply(_ newChanges: [PlacementChange]) {
        var map = current.value
        for (i, change) in newChanges.enumerated() {
            guard let next = step(map, change) else { continue }
            if i == newChanges.count - 1 {
                let what = change == .join ? "join \(next.members.last!)" : "leave \(map.members.last!)"
                let moved = PlacementAnalysis.movement(from: map.placement, to: next.placement, keys: PlacementAnalysis.keys(keys))
                lastChange = LastChange(what: what, movement: moved)
            }
            changes.append(change)
            map = next
        }
        current = Derived(map)
        updateFigures()
    }

    /// Rebuilds the map from the initial nodes and every change, and the
    /// figures, after a change of scheme, virtual nodes or workload.
    public mutating func refresh() {
        var map = ShardMap(scheme, nodes: initialNodes, virtualNodes: ringVirtualNodes, sample: PlacementAnalysis.keys(keys))
        for change in changes { map = step(map, change) ?? map }
        current = Derived(map)
        updateFigures()
    }

    private mutating func updateFigures() {
        let map = current.value
        report = PlacementReport(map, .init(keys: keys, zipf: zipfOn ? zipf : nil, seed: seed))
        nodes = map.members
        nextName = map.nextName
    }
}

/// A value computed from the fields beside it, kept to save recomputing:
/// it takes no part in equality or hashing, which those fields decide.
struct Derived<Value: Sendable>: Hashable, Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
    static func == (a: Derived, b: Derived) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
