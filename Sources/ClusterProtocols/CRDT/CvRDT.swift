/// A state-based CRDT (a convergent replicated data type, Shapiro et al. 2011):
/// replicas update their own copy and exchange whole states; `merge` is the
/// join of a semilattice, so it is commutative, associative and idempotent,
/// and replicas that have seen the same updates hold equal states, whatever
/// the order, grouping or repetition of the merges that brought them there.
public protocol CvRDT: Hashable, Sendable {
    /// Folds `other` into this state (the least upper bound of the two).
    mutating func merge(_ other: Self)
}

extension CvRDT {
    /// This state joined with `other`.
    public func merging(_ other: Self) -> Self {
        var joined = self
        joined.merge(other)
        return joined
    }
}

/// A last-write-wins timestamp: a Lamport clock and the id of the node that
/// stamped it, ordered by clock and then by node, so two stamps are never
/// equal unless they are the same stamp and every replica picks the same winner.
///
/// Wall clocks are not used: nodes' clocks disagree (skew, drift, NTP steps),
/// so "last" would depend on whose clock was fast, and a simulated run could
/// not replay it bit for bit. A Lamport clock orders every write after the
/// writes its node had seen; writes it had not seen are ordered arbitrarily
/// but identically everywhere.
public struct LamportStamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var clock: Int64
    /// The stamping node's index.
    public var node: Int

    public init(clock: Int64, node: Int) { self.clock = clock; self.node = node }

    public static func < (a: LamportStamp, b: LamportStamp) -> Bool {
        (a.clock, a.node) < (b.clock, b.node)
    }

    /// `5@n2`: clock 5, stamped by the second server.
    public var description: String { "\(clock)@n\(node + 1)" }
}
