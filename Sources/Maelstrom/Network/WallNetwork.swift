import ClusterSim

/// The network between node processes, in wall-clock time: for each message,
/// when it arrives or why it never does. Latency and loss come from
/// ClusterSim's `LinkSettings`; partitions split the servers into groups;
/// one-way cuts stop a single direction. Clients and services sit outside
/// partitions (as in Maelstrom, whose nemesis partitions only the nodes).
///
/// Choices come from a `SeededRandom`, but the processes keep their own
/// clocks and the OS schedules them, so a run is recorded, not replayable.
public struct WallNetwork: Sendable {
    public enum Route: Equatable, Sendable {
        case deliver(afterMicroseconds: Int64)
        case drop(TraceEvent.DropReason)
    }

    public var link: LinkSettings
    /// Group number per server name; nil when there is no partition.
    public private(set) var groups: [String: Int]?
    /// One-way cuts as `from→to` pairs.
    public private(set) var cuts: Set<Cut> = []

    public struct Cut: Hashable, Sendable {
        public var from: String, to: String
        public init(from: String, to: String) { self.from = from; self.to = to }
    }

    public init(link: LinkSettings) { self.link = link }

    /// Where a message from `from` to `to` goes; `servers` tells nodes from clients and services.
    public func route(from: String, to: String, random: inout SeededRandom) -> Route {
        if let groups, let a = groups[from], let b = groups[to], a != b { return .drop(.partition) }
        if cuts.contains(Cut(from: from, to: to)) { return .drop(.partition) }
        if random.chance(link.loss) { return .drop(.lost) }
        let base = link.latency.sample(&random)
        let delay = link.slowdown == 1 ? base : SaturatingTime.rounded(Double(base) * link.slowdown)
        return .deliver(afterMicroseconds: max(0, delay))
    }

    /// Splits the servers into `parts`; servers in no part stay reachable from all.
    public mutating func partition(_ parts: [[String]]) {
        var g: [String: Int] = [:]
        for (i, part) in parts.enumerated() { for n in part { g[n] = i } }
        groups = g
    }

    public mutating func cut(from: String, to: String) { cuts.insert(Cut(from: from, to: to)) }

    /// Ends every partition and cut.
    public mutating func heal() { groups = nil; cuts = [] }

    public var isPartitioned: Bool { groups != nil || !cuts.isEmpty }
}

/// The partition shapes Maelstrom's nemesis uses (Jepsen's
/// `partition-random-halves` and a majority that loses one side): chosen by the seed.
public enum PartitionShape: String, Sendable, CaseIterable {
    case randomHalves = "random-halves"
    case isolateOne = "isolate-one"

    /// The groups for `nodes`, drawn from `random`.
    public func groups(_ nodes: [String], _ random: inout SeededRandom) -> [[String]] {
        var shuffled = nodes
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
            let j = Int(random.below(UInt64(i + 1)))
            shuffled.swapAt(i, j)
        }
        switch self {
        case .randomHalves:
            let cut = shuffled.count / 2
            return [Array(shuffled[..<cut]), Array(shuffled[cut...])].map { $0.sorted(by: NodeName.less) }
        case .isolateOne:
            return [[shuffled[0]], Array(shuffled.dropFirst()).sorted(by: NodeName.less)]
        }
    }
}

/// Ordering of `n2` before `n10`.
public enum NodeName {
    public static func less(_ a: String, _ b: String) -> Bool {
        if a.first == b.first, let x = Int(a.dropFirst()), let y = Int(b.dropFirst()) { return x < y }
        return a < b
    }
}
