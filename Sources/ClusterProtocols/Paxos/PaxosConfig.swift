import ClusterSim

/// Per-run settings of a single-decree Paxos cluster, shared by every node.
/// Times are virtual microseconds.
public struct PaxosConfig: Sendable, Hashable {
    /// How many servers are acceptors: n1…nK. The rest propose and learn
    /// only. 0 means every server.
    public var acceptors = 0
    /// A proposer that has not seen its value chosen this long after
    /// starting a ballot starts a higher one (lost messages, a crashed acceptor).
    public var retryTimeout: Int64 = 100_000
    /// A proposer whose ballot was refused waits a uniform random time up to
    /// this long before trying a higher one. 0 retries at once, which lets
    /// two proposers pre-empt each other for ever (§2.4's livelock).
    public var backoff: Int64 = 30_000
    /// Servers n1…nK each propose a value of their own (`v1`, `v2`, …) at the start.
    public var initialProposers = 0
    /// Proposer k (from 0) starts k × `stagger` after the first.
    public var stagger: Int64 = 0
    /// A deliberate bug, for proving the checkers can fail; nil in normal runs.
    public var mutant: PaxosMutant?

    public init() {}

    /// The acceptors' count in a cluster of `servers`.
    public func acceptorCount(servers: Int) -> Int { acceptors == 0 ? servers : min(acceptors, servers) }

    /// Acceptances or promises that make a quorum: a majority of the acceptors
    /// (with `countMinority`, the largest minority).
    public func quorum(servers: Int) -> Int {
        let n = acceptorCount(servers: servers)
        return mutant == .countMinority ? max(1, n / 2) : n / 2 + 1
    }

    /// The value proposer `index` proposes at the start.
    public static func initialValue(_ index: Int) -> String { "v\(index + 1)" }
}

/// Deliberate bugs, each caught by a test (PaxosMutantTests).
public enum PaxosMutant: String, Sendable, Hashable, CaseIterable {
    /// An acceptor accepts a proposal numbered below the one it promised.
    case acceptLowerBallot = "accept-lower-ballot"
    /// A proposer sends its own value in phase 2, ignoring the accepted
    /// proposals its promises reported.
    case skipValueAdoption = "skip-value-adoption"
    /// Proposers and learners take half the acceptors, rounded down, as a quorum.
    case countMinority = "count-minority"
    /// An acceptor persists what it accepted but not what it promised, so a
    /// restart forgets its promise.
    case forgetPromiseAfterCrash = "forget-promise-after-crash"
}

/// What an acceptor keeps across a crash: its promise and its accepted
/// proposal (§2.2: "an acceptor must remember this information even if it
/// fails and then restarts"), the highest round its proposer used (§2.5), so it
/// never reuses a number, and the value it learned.
public struct PaxosDurable: Sendable, Hashable {
    public var promised: Ballot?
    public var accepted: Proposal?
    public var highestRound: Int
    public var chosen: String?
}
