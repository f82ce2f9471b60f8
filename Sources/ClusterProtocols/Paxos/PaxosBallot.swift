import ClusterSim

/// A proposal number: a round and the proposer that owns it, ordered by round
/// and then by proposer, so no two proposers ever use the same number
/// ("Paxos Made Simple" §2.2: "different proposals have different numbers").
/// Shown as `3.n2`: round 3 of proposer n2.
public struct Ballot: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var round: Int
    /// The proposer's node index.
    public var proposer: Int

    public init(round: Int, proposer: Int) { self.round = round; self.proposer = proposer }

    public static func < (a: Ballot, b: Ballot) -> Bool {
        (a.round, a.proposer) < (b.round, b.proposer)
    }

    public var description: String { "\(round).n\(proposer + 1)" }
}

/// A proposal an acceptor has accepted: its number and its value.
public struct Proposal: Hashable, Sendable, CustomStringConvertible {
    public var ballot: Ballot
    public var value: String

    public init(_ ballot: Ballot, _ value: String) { self.ballot = ballot; self.value = value }

    public var description: String { "\(value)@\(ballot)" }
}
