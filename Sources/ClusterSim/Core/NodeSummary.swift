/// How a node looks in the interface. Protocols fill this in; the interface
/// knows protocols only through it.
public struct NodeSummary: Sendable, Hashable {
    /// The colour family of a role, chosen by the protocol.
    public enum Tone: String, Sendable, Hashable, Codable {
        case neutral, leader, candidate, follower, warning, good, bad
    }
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }
    /// One entry of a replicated log, for protocols that have one.
    public struct LogEntry: Sendable, Hashable {
        public var term: Int
        public var committed: Bool
        public var text: String
        public init(term: Int, committed: Bool, text: String) {
            self.term = term; self.committed = committed; self.text = text
        }
    }

    public var role: String
    public var tone: Tone
    /// How many entries the whole log has, when `log` shows only its tail.
    public var logLength: Int?
    /// How many entries are committed (Raft's commit index), when `log` shows only its tail.
    public var committedCount: Int?
    /// Raft's term, Paxos's ballot, a membership incarnation.
    public var epoch: Int?
    public var fields: [Field]
    public var log: [LogEntry]
    /// Extra lines for the inspector: the node's full state, readably.
    public var details: [String]
    /// Membership protocols: this node's opinion of each peer (empty for
    /// protocols without a failure detector). The membership view draws it.
    public var views: [NodeID: PeerView]
    /// Live measurements, one row per thing measured (a load balancer's
    /// backends), which the interface draws as bars and sparklines.
    public var metrics: [MetricRow]

    public init(role: String, tone: Tone = .neutral, epoch: Int? = nil,
                fields: [Field] = [], log: [LogEntry] = [], details: [String] = [],
                logLength: Int? = nil, committedCount: Int? = nil, views: [NodeID: PeerView] = [:],
                metrics: [MetricRow] = []) {
        self.role = role; self.tone = tone; self.epoch = epoch; self.views = views
        self.fields = fields; self.log = log; self.details = details
        self.logLength = logLength; self.committedCount = committedCount
        self.metrics = metrics
    }

    /// The log's length, whether or not `log` lists every entry.
    public var totalLogLength: Int { logLength ?? log.count }
    /// The committed entries, whether or not `log` lists every entry.
    public var totalCommitted: Int { committedCount ?? log.filter(\.committed).count }

    public var headline: NodeHeadline { NodeHeadline(role: role, tone: tone, epoch: epoch) }
}

/// The part of a summary that is cheap to compute: what lab predicates and
/// the leader lookup read after every step. (A full summary may list a long
/// log; reading it each step made a lab's run quadratic.)
public struct NodeHeadline: Sendable, Hashable {
    public var role: String
    public var tone: NodeSummary.Tone
    public var epoch: Int?
    public init(role: String, tone: NodeSummary.Tone = .neutral, epoch: Int? = nil) {
        self.role = role; self.tone = tone; self.epoch = epoch
    }
}
