import ClusterSim

/// Where a consumer is in its poll loop.
public enum GroupConsumerPhase: String, Sendable, Hashable {
    case joining, syncing
    /// Asking the coordinator for the committed offsets of new partitions.
    case offsets
    case fetching
    /// At-most-once: committing the batch's end before processing it.
    case committingFirst = "commit-first"
    case processing
    case committing
    /// Nothing to read: waiting to poll again.
    case idle
}

/// A batch being processed: records of one partition.
public struct GroupBatch: Sendable, Hashable {
    public var partition: GroupPartition
    public var offsets: [Int]
    public var done = 0
}

/// A consumer of the group (a client, c1…): it joins through the
/// coordinator, computes the assignment when it is the leader, heartbeats,
/// fetches batches from the partition leaders, processes them one record per
/// `process_time` (recording each in the history) and commits as `commit`
/// says. A rebalance is acted on at the next poll, after the batch, as the
/// Java consumer does inside `poll()`; heartbeats go on meanwhile.
public struct GroupConsumer: Sendable, Hashable {
    public let config: KafkaGroupConfig
    public let process: Int
    public private(set) var member: String?
    public private(set) var generation = -1
    public private(set) var phase: GroupConsumerPhase = .joining
    public private(set) var assigned: [GroupPartition] = []
    public private(set) var position: GroupOffsets = [:]
    public private(set) var committed: GroupOffsets = [:]
    public private(set) var batch: GroupBatch?
    public private(set) var processed = 0
    public private(set) var rejoinNeeded = false
    /// The request waiting for its answer, sent again by the retry timer.
    var pending: GroupRequest?
    var nextPartition = 0
    var emptyFetches = 0

    init(config: KafkaGroupConfig, process: Int) {
        self.config = config; self.process = process
    }

    mutating func start(_ context: inout KafkaGroupContext) {
        context.setTimer(.heartbeat, after: config.heartbeat)
        join(&context)
    }

    mutating func request(_ message: KafkaGroupMessage, to: NodeID, _ context: inout KafkaGroupContext) {
        pending = GroupRequest(message: message, to: to)
        context.send(message, to: to)
        // A JoinGroup is answered only when the rebalance completes: wait that long before asking again.
        let wait = if case .joinGroup = message { config.rebalanceTimeout + config.sessionTimeout } else { config.sessionTimeout }
        context.setTimer(.retry, after: wait)
    }

    mutating func answered(_ context: inout KafkaGroupContext) {
        pending = nil
        context.cancelTimer(.retry)
    }

    /// (Re)joins: an eager assignor gives up every partition first; a cooperative one keeps them.
    mutating func join(_ context: inout KafkaGroupContext) {
        rejoinNeeded = false
        if !config.assignor.isCooperative { revoke(assigned, &context) }
        phase = .joining
        request(.joinGroup(member: member, owned: assigned), to: config.coordinator, &context)
    }

    mutating func revoke(_ ps: [GroupPartition], _ context: inout KafkaGroupContext) {
        guard !ps.isEmpty else { return }
        assigned.removeAll { ps.contains($0) }
        for p in ps { position[p] = nil; committed[p] = nil }
        context.log("revokes \(KafkaGroupMessage.list(ps))")
    }

    mutating func receive(_ message: KafkaGroupMessage, from: NodeID, _ context: inout KafkaGroupContext) {
        switch message {
        case .joinResponse(let m, let g, let leader, let members) where phase == .joining:
            answered(&context)
            member = m; generation = g
            var assignment: [String: [GroupPartition]] = [:]
            if m == leader {
                let target = config.assignor.assign(members: Array(members.keys), partitions: config.allPartitions, owned: members)
                let withhold = config.assignor.isCooperative && !config.mutations.contains(.assignOwnedImmediately)
                assignment = withhold ? KafkaGroupAssignor.cooperative(target: target, owned: members) : target
            }
            phase = .syncing
            request(.syncGroup(member: m, generation: g, assignment: assignment), to: config.coordinator, &context)
        case .syncResponse(let g, let ps, let error) where phase == .syncing:
            answered(&context)
            if let error { failed(error, &context); return }
            generation = g
            let revoked = assigned.filter { !ps.contains($0) }
            if !revoked.isEmpty { revoke(revoked, &context); rejoinNeeded = true }
            let added = ps.filter { !assigned.contains($0) }
            assigned = ps.sorted()
            context.stateChanged("gen \(g): \(KafkaGroupMessage.list(assigned))")
            if added.isEmpty { poll(&context) } else {
                phase = .offsets
                request(.offsetFetch(partitions: added), to: config.coordinator, &context)
            }
        case .offsetFetchResponse(let offsets) where phase == .offsets:
            var asked = assigned
            if case .offsetFetch(let ps)? = pending?.message { asked = ps }
            answered(&context)
            for p in asked where assigned.contains(p) {
                position[p] = offsets[p] ?? 0  // auto.offset.reset=earliest
                committed[p] = offsets[p]
            }
            poll(&context)
        case .records(let p, let offsets) where phase == .fetching:
            answered(&context)
            received(p, offsets, &context)
        case .offsetCommitResponse(let error) where phase == .committing || phase == .committingFirst,
             .txnCommitResponse(let error) where phase == .committing:
            let sent = pending?.message
            answered(&context)
            if let error { failed(error, &context); return }
            if case .offsetCommit(_, _, let o)? = sent { committed.merge(o) { $1 } }
            if case .txnCommit(_, _, _, let o)? = sent { committed.merge(o) { $1 } }
            if phase == .committingFirst { phase = .processing; context.setTimer(.process, after: config.processTime) } else { poll(&context) }
        case .heartbeatResponse(let error?):
            if error == .unknownMemberID { member = nil; generation = -1 }
            if !rejoinNeeded { context.log("heartbeat: \(error.rawValue): will rejoin") }
            rejoinNeeded = true
            if phase == .idle { poll(&context) }
        default: break
        }
    }

    /// A refused request: a fenced member rejoins (a new member if the coordinator forgot it).
    mutating func failed(_ error: GroupError, _ context: inout KafkaGroupContext) {
        context.log("\(phase.rawValue): \(error.rawValue)")
        if error == .unknownMemberID { member = nil; generation = -1 }
        if error != .rebalanceInProgress {
            revoke(assigned, &context)  // fenced: its partitions may already be someone else's
        }
        batch = nil
        join(&context)
    }

    mutating func timerFired(_ tag: KafkaGroupTimer, _ context: inout KafkaGroupContext) {
        switch tag {
        case .heartbeat:
            if let m = member, phase != .joining { context.send(.heartbeat(member: m, generation: generation), to: config.coordinator) }
            context.setTimer(.heartbeat, after: config.heartbeat)
        case .retry:
            if let r = pending { request(r.message, to: r.to, &context) }
        case .poll:
            if phase == .idle { poll(&context) }
        case .process:
            processNext(&context)
        default: break
        }
    }

    /// The next step of the poll loop: rejoin if a rebalance is under way, else fetch from the next partition.
    mutating func poll(_ context: inout KafkaGroupContext) {
        batch = nil
        if rejoinNeeded { join(&context); return }
        guard !assigned.isEmpty, emptyFetches < assigned.count else {
            emptyFetches = 0
            phase = .idle
            context.setTimer(.poll, after: config.pollWait)
            return
        }
        let p = assigned[nextPartition % assigned.count]
        nextPartition += 1
        phase = .fetching
        request(.fetch(partition: p, offset: position[p] ?? 0, max: config.batch), to: config.leader(of: p), &context)
    }

    mutating func received(_ p: GroupPartition, _ offsets: [Int], _ context: inout KafkaGroupContext) {
        guard assigned.contains(p), !offsets.isEmpty else { emptyFetches += 1; poll(&context); return }
        emptyFetches = 0
        batch = GroupBatch(partition: p, offsets: offsets)
        position[p] = offsets.last! + 1
        if config.commit == .beforeProcessing {
            phase = .committingFirst
            request(.offsetCommit(member: member ?? "", generation: generation, offsets: [p: position[p]!]), to: config.coordinator, &context)
        } else {
            phase = .processing
            context.setTimer(.process, after: config.processTime)
        }
    }

    /// One record of the batch is processed (its output, in transactional mode, is not visible until the commit).
    mutating func processNext(_ context: inout KafkaGroupContext) {
        guard phase == .processing, var b = batch, b.done < b.offsets.count else { return }
        let o = b.offsets[b.done]
        context.record(HistoryOperation(process: process, type: config.commit == .transactional ? .info : .ok,
                                        f: "process", key: b.partition.description, value: .int(Int64(o))))
        b.done += 1; processed += 1
        batch = b
        if b.done < b.offsets.count { context.setTimer(.process, after: config.processTime); return }
        let end = [b.partition: position[b.partition]!]
        switch config.commit {
        case .beforeProcessing: poll(&context)
        case .afterProcessing:
            phase = .committing
            request(.offsetCommit(member: member ?? "", generation: generation, offsets: end), to: config.coordinator, &context)
        case .transactional:
            phase = .committing
            request(.txnCommit(member: member ?? "", generation: generation, processed: [b.partition: b.offsets], offsets: end),
                    to: config.coordinator, &context)
        }
    }

    public var summary: NodeSummary {
        let parts = KafkaGroupMessage.list(assigned)
        let pos = assigned.map { "\($0.index):\(position[$0].map(String.init) ?? "?")" }.joined(separator: " ")
        let com = assigned.map { "\($0.index):\(committed[$0].map(String.init) ?? "-")" }.joined(separator: " ")
        let fields: [NodeSummary.Field] = [
            .init("parts", parts), .init("pos", pos.isEmpty ? "-" : pos), .init("committed", com.isEmpty ? "-" : com),
            .init("gen", generation < 0 ? "-" : "\(generation)"),
            .init("phase", phase.rawValue), .init("processed", "\(processed)"),
            .init("batch", batch.map { "\($0.partition)@\($0.offsets.first!)..\($0.offsets.last!)" } ?? "-"),
            .init("in_batch", "\(batch?.done ?? 0)"),
        ]
        return NodeSummary(role: "consumer", tone: phase == .processing ? .good : .follower, epoch: max(generation, 0), fields: fields,
                           details: ["member \(member ?? "-"), generation \(generation), \(phase.rawValue)",
                                     "assigned \(parts)",
                                     "position " + (position.isEmpty ? "-" : KafkaGroupMessage.offsets(position)),
                                     "committed " + (committed.isEmpty ? "-" : KafkaGroupMessage.offsets(committed)),
                                     "commit \(config.commit.rawValue), assignor \(config.assignor.rawValue)"])
    }
}

/// A request a consumer waits on, kept to be sent again if unanswered.
struct GroupRequest: Sendable, Hashable {
    var message: KafkaGroupMessage
    var to: NodeID
}
