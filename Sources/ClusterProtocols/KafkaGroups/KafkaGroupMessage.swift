import ClusterSim

/// The group coordinator's error codes that a consumer acts on (Kafka's names).
public enum GroupError: String, Sendable, Hashable {
    /// The group is rebalancing: rejoin.
    case rebalanceInProgress = "REBALANCE_IN_PROGRESS"
    /// The member was evicted (or never joined): join again as a new member.
    case unknownMemberID = "UNKNOWN_MEMBER_ID"
    /// The request carries an old generation: the member is fenced.
    case illegalGeneration = "ILLEGAL_GENERATION"
}

/// Offsets per partition, as messages carry them (sorted by partition).
public typealias GroupOffsets = [GroupPartition: Int]

/// Messages of the consumer-group protocol: the group API (JoinGroup,
/// SyncGroup, Heartbeat, OffsetCommit, OffsetFetch, TxnOffsetCommit) and
/// the fetch of records from a partition's leader.
public enum KafkaGroupMessage: ProtocolMessage, Hashable {
    /// Consumer → coordinator: join (nil member id: a new member), with the partitions it still owns.
    case joinGroup(member: String?, owned: [GroupPartition])
    /// Coordinator → member: the new generation, its id, the leader, and (to the leader only) every member's owned partitions.
    case joinResponse(member: String, generation: Int, leader: String, members: [String: [GroupPartition]])
    /// Member → coordinator: the leader sends the assignment; the others an empty one.
    case syncGroup(member: String, generation: Int, assignment: [String: [GroupPartition]])
    /// Coordinator → member: its partitions in this generation, or an error.
    case syncResponse(generation: Int, partitions: [GroupPartition], error: GroupError?)
    case heartbeat(member: String, generation: Int)
    case heartbeatResponse(error: GroupError?)
    /// Member → coordinator: where to start reading these partitions.
    case offsetFetch(partitions: [GroupPartition])
    case offsetFetchResponse(offsets: GroupOffsets)
    /// Member → coordinator: commit these offsets (the next record to read).
    case offsetCommit(member: String, generation: Int, offsets: GroupOffsets)
    case offsetCommitResponse(error: GroupError?)
    /// Member → coordinator: a read-process-write transaction: the output of
    /// processing these records and the offsets, committed together or not at all.
    case txnCommit(member: String, generation: Int, processed: [GroupPartition: [Int]], offsets: GroupOffsets)
    case txnCommitResponse(error: GroupError?)
    /// Consumer → partition leader: up to `max` records from `offset`.
    case fetch(partition: GroupPartition, offset: Int, max: Int)
    /// Leader → consumer: the offsets of the records returned (empty: none yet).
    case records(partition: GroupPartition, offsets: [Int])

    public var kind: String {
        switch self {
        case .joinGroup: "JoinGroup"
        case .joinResponse: "JoinGroupResp"
        case .syncGroup: "SyncGroup"
        case .syncResponse: "SyncGroupResp"
        case .heartbeat: "Heartbeat"
        case .heartbeatResponse: "HeartbeatResp"
        case .offsetFetch: "OffsetFetch"
        case .offsetFetchResponse: "OffsetFetchResp"
        case .offsetCommit: "OffsetCommit"
        case .offsetCommitResponse: "OffsetCommitResp"
        case .txnCommit: "TxnCommit"
        case .txnCommitResponse: "TxnCommitResp"
        case .fetch: "Fetch"
        case .records: "Records"
        }
    }

    public var isReply: Bool {
        switch self {
        case .joinResponse, .syncResponse, .heartbeatResponse, .offsetFetchResponse, .offsetCommitResponse,
             .txnCommitResponse, .records: true
        default: false
        }
    }

    static func list(_ ps: [GroupPartition]) -> String { ps.isEmpty ? "-" : ps.sorted().map(\.description).joined(separator: ",") }
    static func offsets(_ o: GroupOffsets) -> String {
        o.keys.sorted().map { "\($0)@\(o[$0]!)" }.joined(separator: " ")
    }
    static func error(_ e: GroupError?) -> String { e?.rawValue ?? "ok" }

    public var description: String {
        switch self {
        case .joinGroup(let m, let owned): "JoinGroup \(m ?? "new") owns \(Self.list(owned))"
        case .joinResponse(let m, let g, let l, let ms):
            "JoinGroupResp \(m) gen \(g) leader \(l)" + (ms.isEmpty ? "" : " members " + ms.keys.sorted().joined(separator: ","))
        case .syncGroup(let m, let g, let a):
            "SyncGroup \(m) gen \(g)" + (a.isEmpty ? "" : " " + a.keys.sorted().map { "\($0)=\(Self.list(a[$0]!))" }.joined(separator: " "))
        case .syncResponse(let g, let ps, let e): e.map { "SyncGroupResp \($0.rawValue)" } ?? "SyncGroupResp gen \(g) \(Self.list(ps))"
        case .heartbeat(let m, let g): "Heartbeat \(m) gen \(g)"
        case .heartbeatResponse(let e): "HeartbeatResp \(Self.error(e))"
        case .offsetFetch(let ps): "OffsetFetch \(Self.list(ps))"
        case .offsetFetchResponse(let o): "OffsetFetchResp \(Self.offsets(o))"
        case .offsetCommit(let m, let g, let o): "OffsetCommit \(m) gen \(g) \(Self.offsets(o))"
        case .offsetCommitResponse(let e): "OffsetCommitResp \(Self.error(e))"
        case .txnCommit(let m, let g, _, let o): "TxnCommit \(m) gen \(g) \(Self.offsets(o))"
        case .txnCommitResponse(let e): "TxnCommitResp \(Self.error(e))"
        case .fetch(let p, let o, let n): "Fetch \(p)@\(o) max \(n)"
        case .records(let p, let os): os.isEmpty ? "Records \(p) none" : "Records \(p)@\(os.first!)..\(os.last!)"
        }
    }
}

/// The timers of a `kafka-groups` run's nodes.
public enum KafkaGroupTimer: Hashable, Sendable, CustomStringConvertible {
    /// Coordinator: this member's session expires unless it is heard from.
    case session(member: String)
    /// Coordinator: stop waiting for members to rejoin.
    case joinDeadline
    /// Broker: the producer appends a record to each partition it leads.
    case produce
    /// Consumer: send a heartbeat.
    case heartbeat
    /// Consumer: one record of the batch is processed.
    case process
    /// Consumer: poll again.
    case poll
    /// Consumer: an unanswered request is sent again.
    case retry

    public var description: String {
        switch self {
        case .session(let m): "session \(m)"
        case .joinDeadline: "join-deadline"
        case .produce: "produce"
        case .heartbeat: "heartbeat"
        case .process: "process"
        case .poll: "poll"
        case .retry: "retry"
        }
    }
}
