import ClusterSim

/// What the placement view shows for one shard map (issue 7): the load on
/// every node, the keys a join and a leave would move against the ideal,
/// and, under a Zipf workload, the hot keys and the node that carries them.
public struct PlacementReport: Sendable, Hashable {
    /// One of the most requested keys.
    public struct HotKey: Sendable, Hashable {
        public let key: String
        public let requests: Int
        /// Its share of all requests, 0…1.
        public let share: Double
        public let node: String
    }

    /// The workload: `keys` keys `key0`…, and (if `zipf` is set) `requests`
    /// requests drawn with P(rank r) ∝ 1/r^zipf from `SeededRandom(seed)`.
    public struct Workload: Sendable, Hashable {
        public var keys: Int
        public var zipf: Double?
        public var requests: Int
        public var seed: UInt64
        public init(keys: Int, zipf: Double? = nil, requests: Int? = nil, seed: UInt64 = 1) {
            self.keys = keys; self.zipf = zipf; self.requests = requests ?? keys * 10; self.seed = seed
        }
    }

    public let nodes: [String]
    /// Keys per node, in `nodes` order.
    public let keyLoad: LoadSummary
    /// What the next join would move; ideal K/(N+1).
    public let join: KeyMovement
    /// What removing the newest node would move; ideal K/N. Nil with one node.
    public let leave: KeyMovement?
    /// Requests per node under the Zipf workload (nil without one).
    public let requestLoad: LoadSummary?
    /// The hottest keys, most requested first (empty without a Zipf workload).
    public let hotKeys: [HotKey]

    public init(_ map: ShardMap, _ workload: Workload, hotKeyCount: Int = 5) {
        let keys = PlacementAnalysis.keys(workload.keys)
        let names = map.members
        nodes = names
        let toMember = map.placement.nodes.map { names.firstIndex(of: $0) ?? 0 }
        let owner = keys.map { toMember[map.placement.nodeIndex(forKey: $0)] }
        var perNode = [Int](repeating: 0, count: names.count)
        for o in owner { perNode[o] += 1 }
        keyLoad = LoadSummary(perNode: perNode)
        join = PlacementAnalysis.movement(from: map.placement, to: map.joining().placement, keys: keys)
        leave = map.leaving().map { PlacementAnalysis.movement(from: map.placement, to: $0.placement, keys: keys) }
        guard let s = workload.zipf, workload.keys > 0, workload.requests > 0 else {
            requestLoad = nil; hotKeys = []; return
        }
        let zipf = ZipfSampler(count: workload.keys, exponent: s)
        var random = SeededRandom(seed: workload.seed)
        var perKey = [Int](repeating: 0, count: workload.keys)
        for _ in 0..<workload.requests { perKey[zipf.sample(&random)] += 1 }
        var requests = [Int](repeating: 0, count: names.count)
        for (k, n) in perKey.enumerated() { requests[owner[k]] += n }
        requestLoad = LoadSummary(perNode: requests)
        let top = perKey.indices.sorted { (perKey[$0], -$0) > (perKey[$1], -$1) }.prefix(hotKeyCount)
        hotKeys = top.map { k in
            HotKey(key: keys[k], requests: perKey[k], share: Double(perKey[k]) / Double(workload.requests), node: names[owner[k]])
        }
    }
}
