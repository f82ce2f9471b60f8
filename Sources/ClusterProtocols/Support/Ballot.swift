import ClusterSim

/// A proposal number: a round and the proposer that owns it, ordered by round
/// and then by proposer, so no two proposers ever use the same number
/// ("Paxos Made Simple" §2.2: "different proposals have different numbers").
/// Shown as `3.n2`: round 3 of proposer n2. Paxos and Multi-Paxos share it.
public struct Ballot: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var round: Int
    /// The proposer's node index.
    public var proposer: Int

    public init(round: Int, proposer: Int) { self.round = round; self.proposer = proposer }

    /// Below every real ballot: what an acceptor has promised before any prepare.
    public static let zero = Ballot(round: 0, proposer: -1)

    public static func < (a: Ballot, b: Ballot) -> Bool {
        (a.round, a.proposer) < (b.round, b.proposer)
    }

    public var description: String { self == .zero ? "0" : "\(round).n\(proposer + 1)" }
}
