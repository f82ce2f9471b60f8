/// The network between the nodes of a run: default link behaviour, per-link
/// overrides, and partitions.
///
/// Partition rule (documented in README and tested): a message is checked
/// when it is sent *and* when it would be delivered. If its link is cut at
/// either moment it is dropped, so nothing crosses a partition, in flight
/// included — the rule Maelstrom uses. Healing does not resurrect messages
/// dropped before it. Clients are never partitioned from servers: a partition
/// splits the servers, as in Jepsen, where clients run beside the cluster.
public struct Network: Sendable, Hashable {
    public var defaults: LinkSettings
    /// Overrides for single directed links, keyed by `from * count + to`.
    public private(set) var overrides: [Int: LinkSettings] = [:]
    /// Group number per server; nil when there is no partition.
    public private(set) var groups: [Int]? = nil
    public let layout: ClusterLayout
    /// No partition and no overrides: every link behaves as `defaults`. The
    /// engine's hot path checks this one flag instead of the tables.
    public private(set) var isUniform = true

    public init(layout: ClusterLayout, defaults: LinkSettings = LinkSettings()) {
        self.layout = layout; self.defaults = defaults
    }

    @inlinable public func settings(from: NodeID, to: NodeID) -> LinkSettings {
        if isUniform || overrides.isEmpty { return defaults }
        return overrides[from.index * layout.count + to.index] ?? defaults
    }

    public mutating func setLink(from: NodeID, to: NodeID, _ settings: LinkSettings?) {
        overrides[from.index * layout.count + to.index] = settings
        isUniform = groups == nil && overrides.isEmpty
    }

    /// Splits the servers into groups; servers not named form one more group.
    public mutating func partition(_ parts: [[NodeID]]) {
        var g = [Int](repeating: parts.count, count: layout.serverCount)
        for (i, part) in parts.enumerated() {
            for n in part where n.index < layout.serverCount { g[n.index] = i }
        }
        groups = g
        isUniform = false
    }

    /// Removes the partition and every one-way cut; latency overrides stay.
    public mutating func heal() {
        groups = nil
        for (k, v) in overrides where v.cut {
            var s = v; s.cut = false
            overrides[k] = s == defaults ? nil : s
        }
        isUniform = overrides.isEmpty
    }

    public var isPartitioned: Bool { groups != nil }

    /// The partition as groups of servers, in order of first member.
    public var partitionGroups: [[NodeID]] {
        guard let groups else { return [] }
        var byGroup: [Int: [NodeID]] = [:]
        for (i, g) in groups.enumerated() { byGroup[g, default: []].append(NodeID(i)) }
        return byGroup.values.sorted { $0[0] < $1[0] }
    }

    /// The directed links cut one way (not by a partition).
    public var cuts: [(from: NodeID, to: NodeID)] {
        overrides.filter { $0.value.cut }.keys.sorted().map {
            (NodeID($0 / layout.count), NodeID($0 % layout.count))
        }
    }

    /// Whether a message from `from` to `to` can get through right now.
    @inlinable public func canDeliver(from: NodeID, to: NodeID) -> Bool {
        if isUniform { return true }
        if let groups, from.index < layout.serverCount, to.index < layout.serverCount,
           groups[from.index] != groups[to.index] { return false }
        if overrides.isEmpty { return true }
        return !(overrides[from.index * layout.count + to.index]?.cut ?? false)
    }

    /// Whether two servers are separated by the partition (either direction).
    public func partitioned(_ a: NodeID, _ b: NodeID) -> Bool {
        !canDeliver(from: a, to: b) || !canDeliver(from: b, to: a)
    }
}
