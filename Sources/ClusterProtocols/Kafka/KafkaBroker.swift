import ClusterSim

public typealias KafkaContext = NodeContext<KafkaProcess>

/// What survives a crash: the controller's metadata, or a broker's logs
/// and high watermarks (Kafka's log segments and HW checkpoint file).
public enum KafkaDurable: Sendable, Hashable {
    case controller(version: Int, partitions: [KafkaPartitionState])
    case broker(logs: [KafkaLog], highWatermarks: [Int])
}

/// A broker's view of one partition it holds a replica of.
public struct KafkaReplica: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable { case leader, follower, offline }
    public var log = KafkaLog()
    /// Records below it are committed: every ISR member has them (on a
    /// follower, the leader's high watermark as last heard).
    public var highWatermark = 0
    public var role: Role = .offline
    /// The leader epoch this replica acts in (-1: none yet).
    public var leaderEpoch = -1
    public var leader: Int?
    /// A follower waiting for its new leader's OffsetsForLeaderEpoch answer before it fetches.
    public var truncating = false
    var fetchSentAt: Int64? = nil
    // Leader only.
    var followerEnd: [Int: Int] = [:]
    var lastCaughtUp: [Int: Int64] = [:]
    var lastFetchEnd: [Int: Int] = [:]
    var lastFetchAt: [Int: Int64] = [:]
    var parkedFetches: Set<Int> = []
    var waiting: [KafkaWaitingProduce] = []
}

/// An acks=all produce waiting for the high watermark to pass its offset.
struct KafkaWaitingProduce: Sendable, Hashable {
    var request: Int
    var client: NodeID
    var offset: Int
}

/// One broker (n2…nN): for each partition it holds, the leader or a
/// follower as the controller's latest metadata says. Followers fetch from
/// the leader; the leader keeps the high watermark at the smallest log end
/// of its ISR and asks the controller to shrink or grow the ISR.
public struct KafkaBroker: Sendable {
    public let id: NodeID
    public let config: KafkaConfig
    public private(set) var metadataVersion = 0
    public private(set) var metadata: [KafkaPartitionState] = []
    /// Indexed by partition; partitions this broker does not hold stay empty.
    public internal(set) var replicas: [KafkaReplica]
    /// Virtual time as counted by this broker's replica ticks.
    var elapsed: Int64 = 0
    var dirty = false

    public init(id: NodeID, config: KafkaConfig, durable: KafkaDurable?) {
        self.id = id; self.config = config
        replicas = Array(repeating: KafkaReplica(), count: config.partitionCount)
        if case .broker(let logs, let hws)? = durable {
            for p in replicas.indices where p < logs.count {
                replicas[p].log = logs[p]; replicas[p].highWatermark = min(hws[p], logs[p].endOffset)
            }
        }
    }

    var me: Int { id.index }

    public mutating func start(_ context: inout KafkaContext) {
        context.send(.brokerHeartbeat(version: metadataVersion), to: NodeID(0))
        context.setTimer(.heartbeat, after: config.heartbeat)
        context.setTimer(.replicaTick, after: config.fetchInterval)
    }

    public mutating func receive(_ message: KafkaMessage, from: NodeID, _ context: inout KafkaContext) {
        switch message {
        case .metadata(let v, let ps): applyMetadata(v, ps, &context)
        case .fetch(let p, let e, let o): leaderFetch(p, e, o, from: from.index, &context)
        case .fetchReply(let p, let e, let o, let rs, let hw, let err): followerFetched(p, e, o, rs, hw, err, &context)
        case .offsetsForLeaderEpoch(let p, let e, let epoch): answerEpochQuery(p, e, epoch, to: from, &context)
        case .epochEndOffset(let p, let e, let epoch, let end, let err): truncate(p, e, epoch, end, err, &context)
        case .produce(let r, let p, let rec, let acks): produce(r, p, rec, acks, from: from, &context)
        case .readCommitted(let r, let p): readCommitted(r, p, from: from, &context)
        default: break
        }
        persistIfDirty(&context)
    }

    public mutating func timerFired(_ tag: KafkaTimer, _ context: inout KafkaContext) {
        switch tag {
        case .heartbeat:
            context.send(.brokerHeartbeat(version: metadataVersion), to: NodeID(0))
            context.setTimer(.heartbeat, after: config.heartbeat)
        case .replicaTick:
            elapsed += config.fetchInterval
            context.setTimer(.replicaTick, after: config.fetchInterval)
            for p in replicas.indices {
                switch replicas[p].role {
                case .leader: leaderTick(p, &context)
                case .follower: followerTick(p, &context)
                case .offline: break
                }
            }
        default: break
        }
        persistIfDirty(&context)
    }

    mutating func persistIfDirty(_ context: inout KafkaContext) {
        guard dirty else { return }
        dirty = false
        context.persist(.broker(logs: replicas.map(\.log), highWatermarks: replicas.map(\.highWatermark)))
    }

    /// Takes the controller's decisions: becomes leader or follower where the
    /// leader or its epoch changed.
    mutating func applyMetadata(_ v: Int, _ ps: [KafkaPartitionState], _ context: inout KafkaContext) {
        guard v > metadataVersion, ps.count == replicas.count else { return }
        metadataVersion = v; metadata = ps
        for (p, s) in ps.enumerated() where s.replicas.contains(me) {
            let r = replicas[p]
            if s.leader == me {
                if r.role != .leader || r.leaderEpoch != s.leaderEpoch { becomeLeader(p, s, &context) }
                else { advanceHighWatermark(p, &context) }
            } else if let l = s.leader {
                if r.role != .follower || r.leaderEpoch != s.leaderEpoch || r.leader != l { becomeFollower(p, s, &context) }
            } else if r.role != .offline {
                stepDown(p, to: .offline, &context)
                replicas[p].leaderEpoch = s.leaderEpoch
            }
        }
    }

    mutating func stepDown(_ p: Int, to role: KafkaReplica.Role, _ context: inout KafkaContext) {
        for w in replicas[p].waiting {
            context.send(.produceReply(request: w.request, partition: p, offset: nil, error: .notLeader, leader: metadata[p].leader), to: w.client)
        }
        replicas[p].waiting = []; replicas[p].parkedFetches = []
        replicas[p].followerEnd = [:]; replicas[p].lastCaughtUp = [:]
        replicas[p].lastFetchEnd = [:]; replicas[p].lastFetchAt = [:]
        replicas[p].role = role
    }

    mutating func becomeLeader(_ p: Int, _ s: KafkaPartitionState, _ context: inout KafkaContext) {
        stepDown(p, to: .leader, &context)
        replicas[p].leaderEpoch = s.leaderEpoch; replicas[p].leader = me; replicas[p].truncating = false
        replicas[p].log.startEpoch(s.leaderEpoch)
        for f in s.isr where f != me { replicas[p].lastCaughtUp[f] = elapsed }
        dirty = true
        context.stateChanged("\(config.partitionName(p)) leader e\(s.leaderEpoch)")
        context.log("leads \(config.partitionName(p)) in epoch \(s.leaderEpoch) from offset \(replicas[p].log.endOffset)")
        advanceHighWatermark(p, &context)
    }

    /// A new leader: ask it where our latest epoch ends, and truncate there before fetching (KIP-101).
    mutating func becomeFollower(_ p: Int, _ s: KafkaPartitionState, _ context: inout KafkaContext) {
        stepDown(p, to: .follower, &context)
        replicas[p].leaderEpoch = s.leaderEpoch; replicas[p].leader = s.leader
        replicas[p].fetchSentAt = nil
        if replicas[p].log.latestEpoch < 0 || config.has(.noTruncation) {
            replicas[p].truncating = false
            sendFetch(p, &context)
        } else {
            replicas[p].truncating = true
            askEpochEnd(p, &context)
        }
    }

    mutating func askEpochEnd(_ p: Int, _ context: inout KafkaContext) {
        sendToLeader(p, .offsetsForLeaderEpoch(partition: p, leaderEpoch: replicas[p].leaderEpoch, epoch: replicas[p].log.latestEpoch), &context)
    }

    func answerEpochQuery(_ p: Int, _ e: Int, _ epoch: Int, to: NodeID, _ context: inout KafkaContext) {
        let r = replicas[p]
        guard r.role == .leader, r.leaderEpoch == e else {
            return context.send(.epochEndOffset(partition: p, leaderEpoch: e, epoch: -1, endOffset: 0, error: .fencedLeaderEpoch), to: to)
        }
        let (found, end) = r.log.endOffset(forEpoch: epoch)
        context.send(.epochEndOffset(partition: p, leaderEpoch: e, epoch: found, endOffset: end, error: nil), to: to)
    }

    /// KIP-101: drop what the leader's log does not have in our latest epoch, then fetch.
    mutating func truncate(_ p: Int, _ e: Int, _ epoch: Int, _ end: Int, _ err: KafkaError?, _ context: inout KafkaContext) {
        guard replicas[p].role == .follower, replicas[p].leaderEpoch == e, replicas[p].truncating, err == nil else { return }
        let log = replicas[p].log
        let mine = epoch < 0 ? end : log.endOffset(forEpoch: epoch).offset
        let to = min(end, mine, log.endOffset)
        if to < log.endOffset {
            context.log("truncates \(config.partitionName(p)) from \(log.endOffset) to \(to) (epoch \(epoch) ends at \(end) on the leader)")
            replicas[p].log.truncate(to: to)
            replicas[p].highWatermark = min(replicas[p].highWatermark, to)
            dirty = true
        }
        replicas[p].truncating = false
        sendFetch(p, &context)
    }

    mutating func sendFetch(_ p: Int, _ context: inout KafkaContext) {
        sendToLeader(p, .fetch(partition: p, leaderEpoch: replicas[p].leaderEpoch, offset: replicas[p].log.endOffset), &context)
    }

    /// A follower's request to its leader; the tick resends it if no answer comes.
    mutating func sendToLeader(_ p: Int, _ message: KafkaMessage, _ context: inout KafkaContext) {
        guard let l = replicas[p].leader else { return }
        replicas[p].fetchSentAt = elapsed
        context.send(message, to: NodeID(l))
    }

    /// A follower resends what may have been lost; a fetch parked at the leader is answered within a tick.
    mutating func followerTick(_ p: Int, _ context: inout KafkaContext) {
        guard elapsed - (replicas[p].fetchSentAt ?? .min / 2) > 2 * config.fetchInterval else { return }
        if replicas[p].truncating { askEpochEnd(p, &context) } else { sendFetch(p, &context) }
    }

    mutating func followerFetched(_ p: Int, _ e: Int, _ o: Int, _ rs: [KafkaRecord], _ hw: Int, _ err: KafkaError?,
                                  _ context: inout KafkaContext) {
        guard replicas[p].role == .follower, replicas[p].leaderEpoch == e, !replicas[p].truncating, err == nil else { return }
        guard o == replicas[p].log.endOffset else { return sendFetch(p, &context) }
        for r in rs { replicas[p].log.append(r) }
        if !rs.isEmpty { dirty = true }
        let newHW = min(hw, replicas[p].log.endOffset)
        if newHW != replicas[p].highWatermark { replicas[p].highWatermark = newHW; dirty = true }
        sendFetch(p, &context)
    }
}
