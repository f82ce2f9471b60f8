/// A partition of a topic: `t0p1` is partition 1 of topic t0 (the naming of
/// the Kafka assignor javadocs).
public struct GroupPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var topic: Int
    public var index: Int
    public init(topic: Int, index: Int) { self.topic = topic; self.index = index }
    public init(_ topic: Int, _ index: Int) { self.init(topic: topic, index: index) }
    public var description: String { "t\(topic)p\(index)" }
    public static func < (a: GroupPartition, b: GroupPartition) -> Bool { (a.topic, a.index) < (b.topic, b.index) }

    /// Every partition of `topics` topics with `partitions` partitions each, sorted.
    public static func all(topics: Int, partitions: Int) -> [GroupPartition] {
        (0..<topics).flatMap { t in (0..<partitions).map { GroupPartition(t, $0) } }
    }
}

/// The partition assignment strategies a group leader runs
/// (`partition.assignment.strategy`), as pure functions of the members, the
/// partitions of the subscribed topics and, for the sticky one, what each
/// member owns now. Every member subscribes to every topic here.
public enum KafkaGroupAssignor: String, Sendable, Hashable, CaseIterable {
    case range
    case roundrobin
    case cooperativeSticky = "cooperative-sticky"

    /// Cooperative (KIP-429): members keep their partitions through a
    /// rebalance and give up only the ones that move. Eager assignors make
    /// every member revoke everything before it rejoins.
    public var isCooperative: Bool { self == .cooperativeSticky }

    /// The target assignment: member id → partitions, sorted. Members are
    /// ordered by id, as Kafka orders them.
    public func assign(members: [String], partitions: [GroupPartition],
                       owned: [String: [GroupPartition]] = [:]) -> [String: [GroupPartition]] {
        let members = members.sorted()
        var result = Dictionary(uniqueKeysWithValues: members.map { ($0, [GroupPartition]()) })
        guard !members.isEmpty else { return [:] }
        switch self {
        case .range: result = Self.range(members, partitions)
        case .roundrobin:
            for (i, p) in partitions.sorted().enumerated() { result[members[i % members.count]]!.append(p) }
        case .cooperativeSticky: result = Self.sticky(members, partitions.sorted(), owned)
        }
        return result.mapValues { $0.sorted() }
    }

    /// RangeAssignor: per topic, the partitions in order split into
    /// contiguous ranges, the first `partitions % members` members one more.
    static func range(_ members: [String], _ partitions: [GroupPartition]) -> [String: [GroupPartition]] {
        var result = Dictionary(uniqueKeysWithValues: members.map { ($0, [GroupPartition]()) })
        let byTopic = Dictionary(grouping: partitions, by: \.topic)
        for topic in byTopic.keys.sorted() {
            let ps = byTopic[topic]!.sorted()
            let each = ps.count / members.count, extra = ps.count % members.count
            var next = 0
            for (i, m) in members.enumerated() {
                let n = each + (i < extra ? 1 : 0)
                result[m]!.append(contentsOf: ps[next..<next + n])
                next += n
            }
        }
        return result
    }

    /// The sticky assignment: balanced (sizes differ by at most one), and each
    /// member keeps as many of the partitions it owns as its quota allows; the
    /// rest go, in order, each to the member that has fewest (ties: first by id).
    static func sticky(_ members: [String], _ partitions: [GroupPartition],
                       _ owned: [String: [GroupPartition]]) -> [String: [GroupPartition]] {
        let minQuota = partitions.count / members.count
        var maxQuotaSlots = partitions.count % members.count
        let valid = Set(partitions)
        var taken: Set<GroupPartition> = []
        var result = Dictionary(uniqueKeysWithValues: members.map { ($0, [GroupPartition]()) })
        // Members that own the most keep first, so the extra slots go to them.
        let keepers = members.sorted { (owned[$0]?.count ?? 0, $1) > (owned[$1]?.count ?? 0, $0) }
        for m in keepers {
            let mine = (owned[m] ?? []).filter { valid.contains($0) && !taken.contains($0) }
            var quota = minQuota
            if mine.count > minQuota && maxQuotaSlots > 0 { quota += 1; maxQuotaSlots -= 1 }
            let kept = Array(mine.prefix(quota))
            result[m] = kept
            taken.formUnion(kept)
        }
        for p in partitions where !taken.contains(p) {
            let m = members.min { (result[$0]!.count, $0) < (result[$1]!.count, $1) }!
            result[m]!.append(p)
        }
        return result
    }

    /// What a member may take now under the cooperative protocol: its target
    /// minus partitions another member still owns (that owner revokes them
    /// first and rejoins; the next rebalance hands them over).
    public static func cooperative(target: [String: [GroupPartition]],
                                   owned: [String: [GroupPartition]]) -> [String: [GroupPartition]] {
        var ownerOf: [GroupPartition: String] = [:]
        for (m, ps) in owned { for p in ps { ownerOf[p] = m } }
        var result: [String: [GroupPartition]] = [:]
        for (m, ps) in target {
            result[m] = ps.filter { p in
                guard let owner = ownerOf[p] else { return true }
                return owner == m || target[owner] == nil
            }
        }
        return result
    }
}
