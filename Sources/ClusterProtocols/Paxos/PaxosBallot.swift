import ClusterSim

/// A proposal an acceptor has accepted: its number and its value.
public struct Proposal: Hashable, Sendable, CustomStringConvertible {
    public var ballot: Ballot
    public var value: String

    public init(_ ballot: Ballot, _ value: String) { self.ballot = ballot; self.value = value }

    public var description: String { "\(value)@\(ballot)" }
}
