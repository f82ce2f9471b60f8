import ClusterSim

/// Per-run parameters of a Multi-Paxos cluster, shared by servers and clients.
///
/// Times are virtual microseconds, chosen like Raft's (`RaftConfig`) so the
/// two run side by side on the same links and the same client workload.
public struct MultiPaxosConfig: Sendable, Hashable {
    /// A server that hears no leader this long runs phase 1 with a higher ballot.
    public var electionTimeout: Int64 = 150_000
    /// The largest random extra added to each election timeout, so that two
    /// servers rarely start phase 1 at once (dueling proposers).
    public var electionJitter: Int64 = 150_000
    /// A leader's heartbeat, which also re-sends accepts not yet chosen.
    public var heartbeatInterval: Int64 = 50_000
    /// The most decided slots one catch-up reply carries.
    public var catchUpBatch = 64
    /// The clients' workload: the same closed loop Raft's clients run.
    public var workload = RaftWorkload()
    /// A deliberate bug, for proving the checkers can fail; nil in normal runs.
    public var mutant: MultiPaxosMutant?

    public init() {}

    @inline(__always) func has(_ m: MultiPaxosMutant) -> Bool { mutant == m }
}

/// Deliberate bugs, each caught by a checker in MultiPaxosMutantTests.
public enum MultiPaxosMutant: String, Sendable, Hashable, CaseIterable {
    /// An acceptor accepts a phase 2 request whose ballot is below its promise.
    case acceptLowerBallot = "accept-lower-ballot"
    /// A new leader proposes no-ops everywhere, ignoring the values its
    /// promises reported (Paxos Made Simple §2.2's rule dropped).
    case skipValueAdoption = "skip-value-adoption"
    /// Phase 1 and phase 2 count half the servers (a minority) as a quorum.
    case countMinority = "count-minority"
    /// The promised ballot is not persisted: after a crash the acceptor has forgotten it.
    case forgetPromiseAfterCrash = "forget-promise-after-crash"
}
