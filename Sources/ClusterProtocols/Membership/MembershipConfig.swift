import ClusterSim

/// The failure detector a membership run uses.
public enum FailureDetector: String, Sendable, Hashable, CaseIterable {
    /// Fixed timeout: a peer not heard from within `timeout` is suspected.
    case heartbeat
    /// Phi accrual (Hayashibara et al. 2004): suspicion grows with the time
    /// since the last heartbeat, judged against the peer's own history.
    case phi
    /// SWIM (Das et al. 2002): random probes, indirect probes through `k`
    /// others, suspicion with incarnation numbers, gossip piggybacked on probes.
    case swim
}

/// Per-run parameters of `membership`, shared by every node. Durations are
/// microseconds of virtual time.
public struct MembershipConfig: Sendable, Hashable {
    public var detector: FailureDetector

    // heartbeat and phi
    /// Time between a node's heartbeats to every peer.
    public var interval: Int64
    /// heartbeat: silence after which a peer is suspected.
    public var timeout: Int64

    // phi
    /// phi: the period of the node's own `tick` timer, its unit of time.
    /// Inter-arrival times are whole ticks, so they are accurate to ±1 tick;
    /// keep it well below `interval` (the default is a tenth).
    public var tick: Int64
    /// phi: how many inter-arrival samples are kept per peer (oldest dropped).
    public var window: Int
    /// phi: a peer is suspected when phi reaches this (8 means "the chance
    /// that a heartbeat is still coming is 10⁻⁸").
    public var threshold: Double
    /// phi: the floor on the standard deviation, so a very regular peer is
    /// not suspected the moment one heartbeat is a little late.
    public var minStddev: Int64

    // swim
    /// swim: the protocol period; each period a node probes one member.
    public var period: Int64
    /// swim: how long to wait for a direct ack before asking others (ping-req).
    public var pingTimeout: Int64
    /// swim: how many members are asked to probe indirectly (`k`); 0 disables ping-req.
    public var indirectProbes: Int
    /// swim: how long a member stays suspected before it is confirmed dead.
    public var suspicionTimeout: Int64
    /// swim: how many membership updates ride on one ping or ack.
    public var piggyback: Int

    public init(detector: FailureDetector = .heartbeat,
                interval: Int64 = 100_000, timeout: Int64 = 300_000,
                tick: Int64? = nil, window: Int = 100, threshold: Double = 8, minStddev: Int64? = nil,
                period: Int64 = 200_000, pingTimeout: Int64 = 60_000, indirectProbes: Int = 3,
                suspicionTimeout: Int64 = 1_000_000, piggyback: Int = 6) {
        self.detector = detector; self.interval = interval; self.timeout = timeout
        self.tick = max(1, tick ?? interval / 10); self.window = max(2, window); self.threshold = threshold
        self.minStddev = minStddev ?? interval / 10
        self.period = period; self.pingTimeout = pingTimeout; self.indirectProbes = max(0, indirectProbes)
        self.suspicionTimeout = suspicionTimeout; self.piggyback = max(1, piggyback)
    }
}
