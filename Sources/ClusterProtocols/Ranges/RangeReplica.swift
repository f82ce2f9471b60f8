import ClusterSim

/// What a replica keeps across a crash: the range as it was created (the
/// state its log replays onto) and its Raft state.
public struct RangeReplicaDurable: Sendable, Hashable {
    public var base: RangeData
    public var raft: RaftDurable
}

/// One replica of one range on one server: a `RaftServer` whose log carries
/// range commands, and the range state those commands build.
///
/// The Raft server inside believes it is server `local` of a cluster of the
/// range's replicas (`NodeID(0)`…); `RangeServer` translates its peers to the
/// real servers, tags its messages and timers with the range, and runs
/// several replicas, one per range it holds, side by side.
public struct RangeReplica: Sendable {
    /// The range as it was created: at start, or split off another.
    public let base: RangeData
    public internal(set) var raft: RaftServer
    public internal(set) var data: RangeData
    /// The last log index applied to `data`.
    var applied = 0
    /// Requests this leader put in the log, by index: who to answer once applied.
    var waiting: [Int: Waiter] = [:]

    struct Waiter: Sendable, Hashable {
        var gateway: NodeID
        var request: Int
        var text: String
    }

    init(base: RangeData, on node: NodeID, config: RaftConfig, durable: RaftDurable?) {
        self.base = base; data = base
        let local = base.span.replicas.firstIndex(of: node) ?? 0
        raft = RaftServer(id: NodeID(local), serverCount: base.span.replicas.count, config: config, durable: durable)
    }

    public var id: Int { base.span.id }
    public var isLeader: Bool { raft.role == .leader }
    var replicas: [NodeID] { base.span.replicas }
    public var leader: NodeID? { raft.leader.map { replicas[$0.index] } }
    var durable: RangeReplicaDurable { RangeReplicaDurable(base: base, raft: raft.durable) }

    /// The Raft server's name for a real server (nil: not a replica of this range).
    func local(_ node: NodeID) -> NodeID? { replicas.firstIndex(of: node).map(NodeID.init) }

    /// Puts a command in the log, to be answered to `gateway` once applied (leader only).
    mutating func propose(_ command: RangeCommand, gateway: NodeID?, request: Int, _ inner: inout RaftContext) {
        let text = command.encoded
        raft.receive(.clientRequest(request: raft.log.lastIndex + 1, op: .read(text)), from: raft.id, &inner)
        if let gateway { waiting[raft.log.lastIndex] = Waiter(gateway: gateway, request: request, text: text) }
    }

    /// Applies what Raft has applied since the last look; returns the answers
    /// owed to gateways and the range split off, if a split applied.
    mutating func applyCommitted(config: RangeConfig) -> (answers: [(Waiter, RangeReply)], splits: [RangeData]) {
        if raft.lastApplied < applied { data = base; applied = 0 }  // restarted: replay from the log
        if !isLeader { waiting = [:] }
        var answers: [(Waiter, RangeReply)] = []
        var splits: [RangeData] = []
        while applied < raft.lastApplied {
            applied += 1
            guard raft.log.contains(applied), case .client(.read(let text), _, _) = raft.log[applied].command,
                  let command = RangeCommand(decoding: text) else { continue }
            let reply = data.apply(command, config: config)
            splits += data.splitOff; data.splitOff = []
            if let w = waiting.removeValue(forKey: applied), w.text == text { answers.append((w, reply)) }
        }
        return (answers, splits)
    }
}
