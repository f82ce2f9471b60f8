/// The unique tag of one `add`: the adding replica and its sequence number.
public struct ORSetTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var replica: Int
    public var sequence: Int
    public init(replica: Int, sequence: Int) { self.replica = replica; self.sequence = sequence }
    public static func < (a: ORSetTag, b: ORSetTag) -> Bool { (a.replica, a.sequence) < (b.replica, b.sequence) }
    public var description: String { "n\(replica + 1).\(sequence)" }
}

/// An observed-remove set, add-wins: every `add` carries a fresh tag, and a
/// `remove` removes only the tags its replica has observed. An add concurrent
/// with a remove has a tag the remove never saw, so the element survives the
/// merge. Removed tags are kept as tombstones, so a stale copy of an add
/// arriving later cannot bring the element back.
public struct ORSet<Element: Hashable & Comparable & Sendable>: CvRDT {
    /// Each present element with its live tags (never empty).
    public private(set) var live: [Element: Set<ORSetTag>] = [:]
    /// Tags of adds that some replica removed.
    public private(set) var tombstones: Set<ORSetTag> = []
    /// The highest sequence number each replica has issued, as far as this copy knows.
    public private(set) var issued: [Int: Int] = [:]

    public init() {}

    /// The elements, sorted.
    public var elements: [Element] { live.keys.sorted() }

    public func contains(_ element: Element) -> Bool { live[element] != nil }

    /// Adds `element` at `replica` with a fresh tag.
    public mutating func add(_ element: Element, at replica: Int) {
        let sequence = (issued[replica] ?? 0) + 1
        issued[replica] = sequence
        live[element, default: []].insert(ORSetTag(replica: replica, sequence: sequence))
    }

    /// Removes `element` as this replica has observed it (its tags become tombstones).
    public mutating func remove(_ element: Element) {
        guard let tags = live.removeValue(forKey: element) else { return }
        tombstones.formUnion(tags)
    }

    public mutating func merge(_ other: ORSet<Element>) {
        tombstones.formUnion(other.tombstones)
        issued.merge(other.issued, uniquingKeysWith: max)
        live.merge(other.live) { $0.union($1) }
        for (element, tags) in live where !tags.isDisjoint(with: tombstones) {
            let remaining = tags.subtracting(tombstones)
            live[element] = remaining.isEmpty ? nil : remaining
        }
    }
}
