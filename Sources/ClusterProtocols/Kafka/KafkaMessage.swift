import ClusterSim

/// What the controller decides for one partition: its replicas, its leader
/// (nil: offline), the leader epoch, and the in-sync replica set.
public struct KafkaPartitionState: Sendable, Hashable {
    public var replicas: [Int]
    public var leader: Int?
    public var leaderEpoch: Int
    public var isr: [Int]
    public init(replicas: [Int], leader: Int?, leaderEpoch: Int, isr: [Int]) {
        self.replicas = replicas; self.leader = leader; self.leaderEpoch = leaderEpoch; self.isr = isr
    }
}

/// Why a broker refused a request (Kafka's error names).
public enum KafkaError: String, Sendable, Hashable {
    /// The broker does not lead this partition (it names the leader it knows, if any).
    case notLeader = "NOT_LEADER_OR_FOLLOWER"
    /// acks=all and the ISR is smaller than min.insync.replicas: nothing was appended.
    case notEnoughReplicas = "NOT_ENOUGH_REPLICAS"
    /// acks=all, appended, but the ISR shrank below min.insync.replicas before the answer.
    case notEnoughReplicasAfterAppend = "NOT_ENOUGH_REPLICAS_AFTER_APPEND"
    /// The request names an older (or newer) leader epoch than the broker's.
    case fencedLeaderEpoch = "FENCED_LEADER_EPOCH"

    /// Nothing was appended: the send definitely did not happen.
    public var isDefinite: Bool { self == .notEnoughReplicas || self == .notLeader }
}

/// Every message of a Kafka-style cluster.
public enum KafkaMessage: ProtocolMessage, Hashable {
    /// Broker → controller, every heartbeat: alive, and the metadata version it has.
    case brokerHeartbeat(version: Int)
    /// Controller → brokers: every partition's state, at this metadata version.
    case metadata(version: Int, partitions: [KafkaPartitionState])
    /// Leader → controller (AlterPartition): change a partition's ISR.
    case alterISR(partition: Int, leaderEpoch: Int, isr: [Int])
    /// Follower → leader: records from `offset` on.
    case fetch(partition: Int, leaderEpoch: Int, offset: Int)
    case fetchReply(partition: Int, leaderEpoch: Int, offset: Int, records: [KafkaRecord], highWatermark: Int, error: KafkaError?)
    /// Follower → new leader (KIP-101): where does epoch `epoch` end in your log?
    case offsetsForLeaderEpoch(partition: Int, leaderEpoch: Int, epoch: Int)
    case epochEndOffset(partition: Int, leaderEpoch: Int, epoch: Int, endOffset: Int, error: KafkaError?)
    /// Producer → leader.
    case produce(request: Int, partition: Int, record: KafkaRecord, acks: KafkaAcks)
    case produceReply(request: Int, partition: Int, offset: Int?, error: KafkaError?, leader: Int?)
    /// Reader → leader: the committed log (below the high watermark).
    case readCommitted(request: Int, partition: Int)
    case readReply(request: Int, partition: Int, records: [KafkaRecord]?, leader: Int?)

    public var kind: String {
        switch self {
        case .brokerHeartbeat: return "BrokerHeartbeat"
        case .metadata: return "Metadata"
        case .alterISR: return "AlterPartition"
        case .fetch: return "Fetch"
        case .fetchReply: return "FetchReply"
        case .offsetsForLeaderEpoch: return "OffsetsForLeaderEpoch"
        case .epochEndOffset: return "EpochEndOffset"
        case .produce: return "Produce"
        case .produceReply: return "ProduceReply"
        case .readCommitted: return "Read"
        case .readReply: return "ReadReply"
        }
    }

    public var isReply: Bool {
        switch self {
        case .fetchReply, .epochEndOffset, .produceReply, .readReply, .metadata: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .brokerHeartbeat(let v): return "BrokerHeartbeat v\(v)"
        case .metadata(let v, _): return "Metadata v\(v)"
        case .alterISR(let p, let e, let isr): return "AlterPartition p\(p) e\(e) isr \(isr.map { "n\($0 + 1)" })"
        case .fetch(let p, let e, let o): return "Fetch p\(p) e\(e) from \(o)"
        case .fetchReply(let p, let e, let o, let rs, let hw, let err):
            return "FetchReply p\(p) e\(e) \(rs.count) from \(o) hw \(hw)" + (err.map { " \($0.rawValue)" } ?? "")
        case .offsetsForLeaderEpoch(let p, _, let e): return "OffsetsForLeaderEpoch p\(p) epoch \(e)"
        case .epochEndOffset(let p, _, let e, let o, let err):
            return "EpochEndOffset p\(p) epoch \(e) end \(o)" + (err.map { " \($0.rawValue)" } ?? "")
        case .produce(let r, let p, let rec, let acks): return "Produce #\(r) p\(p) \(rec.key)=\(rec.value) acks=\(acks.rawValue)"
        case .produceReply(let r, _, let o, let err, _): return "ProduceReply #\(r) " + (err?.rawValue ?? "offset \(o ?? -1)")
        case .readCommitted(let r, let p): return "Read #\(r) p\(p)"
        case .readReply(let r, _, let rs, _): return "ReadReply #\(r) " + (rs.map { "\($0.count) records" } ?? "not leader")
        }
    }
}

/// The timers of a Kafka cluster's processes.
public enum KafkaTimer: String, Hashable, Sendable, CustomStringConvertible {
    /// Controller: fence brokers unheard for a session timeout.
    case controllerTick
    /// Broker: heartbeat the controller.
    case heartbeat
    /// Broker: fetch for the partitions it follows; as leader, check follower lag.
    case replicaTick
    /// Producer: retry the record in flight (same sequence number).
    case retry
    /// Producer: give up on the record in flight (`info`).
    case deliveryTimeout
    /// Producer: send the next record.
    case next
    /// Reader: read every partition's committed log.
    case read

    public var description: String { rawValue }
}
