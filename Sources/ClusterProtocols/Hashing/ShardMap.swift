/// A scheme applied to a cluster: which node owns each key now, and what
/// the map becomes when a node joins or leaves. Stateful schemes (ranges,
/// Redis slots) change from the map they had, as those systems do; the
/// others are a function of the node list.
///
/// A join adds the next name (`n6` after `n1`…`n5`); a leave removes the
/// most recently added node, the only one jump hash can remove without
/// renumbering buckets, so every scheme is compared on the same change.
public struct ShardMap: Sendable {
    public let scheme: PlacementScheme
    /// Virtual nodes per node on the ring (1 is one point per node).
    public let virtualNodes: Int
    /// Keys that range partitioning splits by (its split points are sample keys).
    public let sample: [String]
    public let placement: any KeyPlacement
    /// Nodes in the order they joined (names never reused).
    public let members: [String]

    /// `nodes` nodes `n1`…, ranges split evenly over `sample`.
    public init(_ scheme: PlacementScheme, nodes: Int, virtualNodes: Int = 1, sample: [String]) {
        precondition(nodes >= 1, "a shard map needs a node")
        PlacementBuilds.count()
        self.scheme = scheme; self.virtualNodes = max(1, virtualNodes); self.sample = sample
        members = NodeNames.standard(nodes)
        switch scheme {
        case .range:
            let splits = RangePartitioning.evenSplitPoints(of: sample.isEmpty ? ["k"] : sample, nodes: nodes)
            // Duplicate sample keys can give fewer splits than nodes - 1: the surplus nodes get none.
            let names = Array(members.prefix(splits.count + 1))
            placement = try! RangePartitioning(nodes: names, splitPoints: splits)
        default:
            placement = ShardMap.stateless(scheme, members, virtualNodes: self.virtualNodes)
        }
    }

    init(scheme: PlacementScheme, virtualNodes: Int, sample: [String], placement: any KeyPlacement, members: [String]) {
        self.scheme = scheme; self.virtualNodes = virtualNodes; self.sample = sample
        self.placement = placement; self.members = members
    }

    static func stateless(_ scheme: PlacementScheme, _ nodes: [String], virtualNodes: Int) -> any KeyPlacement {
        switch scheme {
        case .modN: return ModuloHashing(nodes: nodes)
        case .ring: return HashRing(nodes: nodes, virtualNodes: virtualNodes)
        case .rendezvous: return RendezvousHashing(nodes: nodes)
        case .jump: return JumpPlacement(nodes: nodes)
        case .kafka: return KafkaPlacement(nodes: nodes)
        case .redisSlots: return RedisSlotTable(evenlyAcross: nodes)
        case .range: preconditionFailure("ranges are built from split points")
        }
    }

    public var nodeCount: Int { members.count }
    /// The name the next join takes.
    public var nextName: String { "n\((members.compactMap { Int($0.dropFirst()) }.max() ?? 0) + 1)" }

    /// The map after a new node joins.
    public func joining() -> ShardMap {
        PlacementBuilds.count()
        let name = nextName
        let next: any KeyPlacement
        switch scheme {
        case .redisSlots: next = (placement as! RedisSlotTable).joining(name)
        case .range: next = splitLargestRange(giving: name)
        default: next = ShardMap.stateless(scheme, members + [name], virtualNodes: virtualNodes)
        }
        return ShardMap(scheme: scheme, virtualNodes: virtualNodes, sample: sample, placement: next, members: members + [name])
    }

    /// The map after the most recently added node leaves; nil with one node left.
    public func leaving() -> ShardMap? {
        guard members.count > 1, let gone = members.last else { return nil }
        PlacementBuilds.count()
        let rest = Array(members.dropLast())
        let next: any KeyPlacement
        switch scheme {
        case .redisSlots: next = (placement as! RedisSlotTable).leaving(gone)
        case .range: next = mergeRange(of: gone)
        default: next = ShardMap.stateless(scheme, rest, virtualNodes: virtualNodes)
        }
        return ShardMap(scheme: scheme, virtualNodes: virtualNodes, sample: sample, placement: next, members: rest)
    }

    /// Ranges: the range with the most sample keys splits at its median; the upper half goes to `name`.
    func splitLargestRange(giving name: String) -> any KeyPlacement {
        let ranges = placement as! RangePartitioning
        var inRange = [[String]](repeating: [], count: ranges.nodes.count)
        for key in sample { inRange[ranges.nodeIndex(forKey: key)].append(key) }
        let largest = inRange.indices.max { inRange[$0].count < inRange[$1].count } ?? 0
        let keys = inRange[largest].sorted(by: RangePartitioning.precedes)
        var nodes = ranges.nodes, splits = ranges.splitPoints
        guard keys.count >= 2 else {
            // Nothing to split: the new node takes an empty range at the top.
            return (try? RangePartitioning(nodes: nodes + [name], splitPoints: splits + [(splits.last ?? "") + "\u{10FFFF}"])) ?? ranges
        }
        let median = keys[keys.count / 2]
        nodes.insert(name, at: largest + 1)
        splits.insert(median, at: largest)
        return (try? RangePartitioning(nodes: nodes, splitPoints: splits)) ?? ranges
    }

    /// Ranges: `name`'s range joins its lower neighbour's (the first range joins the next one up).
    func mergeRange(of name: String) -> any KeyPlacement {
        let ranges = placement as! RangePartitioning
        guard let i = ranges.nodes.firstIndex(of: name) else { return ranges }
        var nodes = ranges.nodes, splits = ranges.splitPoints
        nodes.remove(at: i)
        if !splits.isEmpty { splits.remove(at: max(0, i - 1)) }
        return (try? RangePartitioning(nodes: nodes, splitPoints: splits)) ?? ranges
    }
}

/// Counts shard maps built (each one places every node's points or ranges),
/// so tests can check that a series of changes costs one build per change
/// rather than one replay of the whole series per change. Off unless a test
/// sets `counter` for its task.
public enum PlacementBuilds {
    public final class Counter: @unchecked Sendable {
        public private(set) var builds = 0
        public init() {}
        func add() { builds += 1 }
    }
    @TaskLocal public static var counter: Counter?

    @inline(__always) static func count() { counter?.add() }
}
