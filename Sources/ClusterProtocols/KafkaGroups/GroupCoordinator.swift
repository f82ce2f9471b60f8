import ClusterSim

/// The group's state at its coordinator (Kafka's GroupCoordinator states).
public enum GroupState: String, Sendable, Hashable {
    case empty = "Empty"
    /// Waiting for every member to (re)join.
    case preparingRebalance = "PreparingRebalance"
    /// The generation is formed; waiting for the leader's assignment (SyncGroup).
    case completingRebalance = "CompletingRebalance"
    case stable = "Stable"

    /// The name without "Rebalance", for a node box.
    public var short: String {
        switch self {
        case .preparingRebalance: "Preparing"
        case .completingRebalance: "Completing"
        default: rawValue
        }
    }
}

/// A member as the coordinator knows it.
public struct GroupMember: Sendable, Hashable {
    public var client: NodeID
    /// The consumer's process number in the history.
    public var process: Int
    /// Partitions it said it owns when it last joined.
    public var owned: [GroupPartition] = []
    /// It has (re)joined in the current rebalance.
    public var joined = false
    /// It sent SyncGroup and waits for its assignment.
    public var awaitingSync = false
}

/// The group coordinator, run by one broker: membership, generations,
/// rebalances, and the group's committed offsets. The offsets (and, for
/// transactional consumers, their committed output) are durable, as
/// `__consumer_offsets` is; membership is not.
public struct GroupCoordinator: Sendable, Hashable {
    public let config: KafkaGroupConfig
    public private(set) var state: GroupState = .empty
    public private(set) var generation = 0
    public private(set) var members: [String: GroupMember] = [:]
    public private(set) var leader: String?
    public private(set) var assignment: [String: [GroupPartition]] = [:]
    public private(set) var committed: GroupOffsets = [:]
    /// Records of output committed by transactions.
    public private(set) var outputs = 0
    /// Commits and transactions refused for a stale generation or an unknown member.
    public private(set) var fenced = 0
    /// Members removed because their session expired.
    public private(set) var evictions = 0
    var nextMember = 1

    init(config: KafkaGroupConfig, durable: KafkaGroupDurable?) {
        self.config = config
        committed = durable?.committed ?? [:]
        outputs = durable?.outputs ?? 0
    }

    mutating func receive(_ message: KafkaGroupMessage, from: NodeID, _ context: inout KafkaGroupContext) {
        switch message {
        case .joinGroup(let m, let owned): join(m, owned: owned, from: from, &context)
        case .syncGroup(let m, let g, let a): sync(m, generation: g, assignment: a, from: from, &context)
        case .heartbeat(let m, let g):
            context.send(.heartbeatResponse(error: check(m, g, from: from, duringRebalance: true, &context)), to: from)
        case .offsetFetch(let ps):
            var o: GroupOffsets = [:]
            for p in ps { if let c = committed[p] { o[p] = c } }
            context.send(.offsetFetchResponse(offsets: o), to: from)
        case .offsetCommit(let m, let g, let offsets):
            let error = fence(m, g, from: from, &context)
            if error == nil { commit(offsets, by: m, from: from, &context) }
            context.send(.offsetCommitResponse(error: error), to: from)
        case .txnCommit(let m, let g, let processed, let offsets):
            let error = fence(m, g, from: from, &context)
            if error == nil {
                let process = members[m]?.process ?? from.index - context.layout.serverCount
                for p in processed.keys.sorted() {
                    for o in processed[p]! {
                        context.record(HistoryOperation(process: process, type: .ok, f: "process", key: p.description, value: .int(Int64(o))))
                    }
                    outputs += processed[p]!.count
                }
                commit(offsets, by: m, from: from, &context)
            }
            context.send(.txnCommitResponse(error: error), to: from)
        default: break
        }
    }

    mutating func timerFired(_ tag: KafkaGroupTimer, _ context: inout KafkaGroupContext) {
        switch tag {
        case .session(let m):
            guard let member = members[m] else { return }
            // A member waiting in JoinGroup is not sending heartbeats: its join keeps it alive.
            if state == .preparingRebalance && member.joined { touch(m, &context); return }
            members[m] = nil
            evictions += 1
            context.log("\(m)'s session expired: evicted")
            context.stateChanged("\(m) evicted")
            if members.isEmpty { becomeEmpty(&context) } else if state == .preparingRebalance { completeJoinIfReady(&context) } else { prepareRebalance(&context) }
        case .joinDeadline:
            guard state == .preparingRebalance else { return }
            completeJoin(&context)
        default: break
        }
    }

    /// A JoinGroup: a new member, or a member rejoining for a rebalance.
    mutating func join(_ m: String?, owned: [GroupPartition], from: NodeID, _ context: inout KafkaGroupContext) {
        let id: String
        if let m, members[m] != nil { id = m } else {
            id = "\(context.layout.name(from))-\(nextMember)"
            nextMember += 1
            members[id] = GroupMember(client: from, process: from.index - context.layout.serverCount)
            context.log("\(id) joins the group")
        }
        members[id]!.owned = owned
        members[id]!.client = from
        touch(id, &context)
        if state != .preparingRebalance { prepareRebalance(&context) }
        members[id]!.joined = true
        completeJoinIfReady(&context)
    }

    mutating func prepareRebalance(_ context: inout KafkaGroupContext) {
        state = .preparingRebalance
        for m in members.keys { members[m]!.joined = false; members[m]!.awaitingSync = false }
        assignment = [:]
        context.setTimer(.joinDeadline, after: config.rebalanceTimeout)
        context.stateChanged("PreparingRebalance")
    }

    mutating func completeJoinIfReady(_ context: inout KafkaGroupContext) {
        if state == .preparingRebalance, !members.isEmpty, members.values.allSatisfy(\.joined) { completeJoin(&context) }
    }

    /// Every member rejoined (or the deadline passed): a new generation, the leader gets the members.
    mutating func completeJoin(_ context: inout KafkaGroupContext) {
        context.cancelTimer(.joinDeadline)
        for (m, member) in members where !member.joined {
            members[m] = nil
            context.cancelTimer(.session(member: m))
            context.log("\(m) did not rejoin in time: removed")
        }
        guard !members.isEmpty else { becomeEmpty(&context); return }
        generation += 1
        if leader == nil || members[leader!] == nil { leader = members.keys.sorted().first }
        state = .completingRebalance
        context.stateChanged("generation \(generation)")
        let owned = members.mapValues(\.owned)
        for m in members.keys.sorted() {
            context.send(.joinResponse(member: m, generation: generation, leader: leader!, members: m == leader ? owned : [:]),
                         to: members[m]!.client)
        }
    }

    mutating func becomeEmpty(_ context: inout KafkaGroupContext) {
        state = .empty; leader = nil; assignment = [:]
        generation += 1
        context.cancelTimer(.joinDeadline)
        context.stateChanged("Empty")
    }

    mutating func sync(_ m: String, generation g: Int, assignment a: [String: [GroupPartition]], from: NodeID,
                       _ context: inout KafkaGroupContext) {
        if let e = check(m, g, from: from, duringRebalance: false, &context) {
            context.send(.syncResponse(generation: generation, partitions: [], error: e), to: from); return
        }
        switch state {
        case .completingRebalance:
            members[m]!.awaitingSync = true
            guard m == leader else { return }
            assignment = a
            state = .stable
            context.stateChanged("Stable")
            context.log("generation \(generation): " + assignment.keys.sorted().map { "\($0)=\(KafkaGroupMessage.list(assignment[$0]!))" }.joined(separator: " "))
            for (id, member) in members where member.awaitingSync {
                members[id]!.awaitingSync = false
                context.send(.syncResponse(generation: generation, partitions: assignment[id] ?? [], error: nil), to: member.client)
            }
        case .stable:
            context.send(.syncResponse(generation: generation, partitions: assignment[m] ?? [], error: nil), to: from)
        default:
            context.send(.syncResponse(generation: generation, partitions: [], error: .rebalanceInProgress), to: from)
        }
    }

    /// The answer to a heartbeat or a SyncGroup: nil if the member is known and current.
    mutating func check(_ m: String, _ g: Int, from: NodeID, duringRebalance: Bool, _ context: inout KafkaGroupContext) -> GroupError? {
        guard members[m] != nil else { return .unknownMemberID }
        touch(m, &context)
        if duringRebalance && state == .preparingRebalance { return .rebalanceInProgress }
        return g == generation ? nil : .illegalGeneration
    }

    /// A commit's fence: the member must be known and in the current generation (unless the mutant ignores it).
    mutating func fence(_ m: String, _ g: Int, from: NodeID, _ context: inout KafkaGroupContext) -> GroupError? {
        if config.mutations.contains(.ignoreGeneration) { return nil }
        let error: GroupError? = members[m] == nil ? .unknownMemberID : g != generation ? .illegalGeneration : nil
        if let error {
            fenced += 1
            context.log("refuses a commit from \(m) gen \(g): \(error.rawValue) (generation is \(generation))")
        }
        return error
    }

    mutating func commit(_ offsets: GroupOffsets, by m: String, from: NodeID, _ context: inout KafkaGroupContext) {
        let process = members[m]?.process ?? from.index - context.layout.serverCount
        for p in offsets.keys.sorted() {
            committed[p] = offsets[p]!
            context.record(HistoryOperation(process: process, type: .ok, f: "commit", key: p.description, value: .int(Int64(offsets[p]!))))
        }
    }

    /// Restarts the member's session timer.
    mutating func touch(_ m: String, _ context: inout KafkaGroupContext) {
        context.setTimer(.session(member: m), after: config.sessionTimeout)
    }

    var details: [String] {
        ["group \(config.groupID): \(state.rawValue), generation \(generation), leader \(leader ?? "-")"]
            + members.keys.sorted().map { m in
                "  \(m) (owns \(KafkaGroupMessage.list(members[m]!.owned)))"
                    + (assignment[m].map { " → \(KafkaGroupMessage.list($0))" } ?? "")
            }
            + ["committed: " + (committed.isEmpty ? "-" : KafkaGroupMessage.offsets(committed))]
            + (config.commit == .transactional ? ["transactional output records: \(outputs)"] : [])
            + ["commits fenced: \(fenced), members evicted: \(evictions)"]
    }
}

/// What a broker keeps through a crash: the group's committed offsets and
/// transactional output (its `__consumer_offsets`), and its partitions' log ends.
public struct KafkaGroupDurable: Sendable, Hashable {
    public var committed: GroupOffsets = [:]
    public var outputs = 0
    public var logEnd: GroupOffsets = [:]
}
