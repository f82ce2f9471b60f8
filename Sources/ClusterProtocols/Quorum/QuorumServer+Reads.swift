import ClusterSim

/// Reads as Cassandra 4.0 coordinates them: the coordinator asks only as
/// many replicas as the read's level needs — itself first if it holds the
/// key, then the others in ring order, those it believes down last — and
/// compares their answers. If they differ, it sends the newest versions to
/// the contacted replicas that answered with less and answers the client
/// only once they have acknowledged (blocking read repair: two successive
/// QUORUM reads never go backwards). A replica the read did not contact is
/// not repaired, so a read at ONE repairs nothing.
/// https://cassandra.apache.org/doc/latest/cassandra/managing/operating/read_repair.html
///
/// A contacted replica that stays silent for `speculativeRetry` gets one
/// more replica asked in its place (Cassandra's `speculative_retry`). With
/// `readRepairChance` > 0 a read also asks every other replica and repairs
/// it in the background, as Cassandra did before 4.0 (`read_repair_chance`,
/// removed by CASSANDRA-13910).
extension QuorumServer {
    /// The key's replicas in the order a read asks them.
    func preferred(_ c: Coordination) -> [NodeID] {
        let others = c.replicas.filter { $0 != id }
        return (c.replicas.contains(id) ? [id] : []) + others.filter { !suspected.contains($0) }
            + others.filter(suspected.contains)
    }

    mutating func startReading(_ op: Int, _ context: inout QuorumContext) {
        guard var c = coordinating[op] else { return }
        if c.phase == .stamping {
            c.contacted = c.replicas  // a write's stamp read asks them all; it repairs nothing
        } else {
            let needed = c.readLevel.required(of: c.replicas.count)
            let background = config.readRepairChance > 0
                && Double(context.random(below: 1_000_000)) < config.readRepairChance * 1_000_000
            c.contacted = background ? preferred(c) : Array(preferred(c).prefix(needed))
            if c.contacted.count < c.replicas.count, let after = config.speculativeRetry {
                context.setTimer(.speculativeRetry(op), after: after)
            }
        }
        coordinating[op] = c
        for r in c.contacted where r != id { context.send(.replicaRead(op: op, key: c.key), to: r) }
        if c.contacted.contains(id) { readReply(op, storage.read(c.key), from: id, &context) }
    }

    /// Speculative retry: a contacted replica has not answered; ask the next one.
    mutating func speculate(_ op: Int, _ context: inout QuorumContext) {
        guard let c = coordinating[op], c.phase == .reading, !c.answered,
              let next = preferred(c).first(where: { !c.contacted.contains($0) }) else { return }
        coordinating[op]!.contacted.append(next)
        context.log("op#\(op) on \(c.key): speculative retry asks \(context.layout.name(next))")
        if c.contacted.count + 1 < c.replicas.count, let after = config.speculativeRetry {
            context.setTimer(.speculativeRetry(op), after: after)
        }
        context.send(.replicaRead(op: op, key: c.key), to: next)
    }

    mutating func readReply(_ op: Int, _ versions: [Version], from: NodeID, _ context: inout QuorumContext) {
        guard let phase = coordinating[op]?.phase, phase != .writing, coordinating[op]!.contacted.contains(from) else { return }
        if let s = versions.map(\.stamp.clock).max() { clock = max(clock, s) }
        coordinating[op]!.readReplies[from] = versions  // in place: a copy would copy the replies
        let c = coordinating[op]!
        let needed = c.readLevel.required(of: c.replicas.count)
        if c.phase == .stamping {
            if c.readReplies.count >= (c.resolves ? c.replicas.count : needed) { startWriting(op, &context) }
            return
        }
        if c.readReplies.count == needed, !c.answered {
            repair(op, c.readReplies.keys.sorted(), &context)  // blocking: the answer waits for these
            if coordinating[op]!.pendingRepairs.isEmpty { answer(op, &context) }
        } else if c.readReplies.count > needed {
            repair(op, [from], &context)  // a speculative or background reply after the answer's set
        }
        finishIfDone(op, &context)
    }

    /// Sends the newest versions of the key to those of `replicas` that answered with less.
    mutating func repair(_ op: Int, _ replicas: [NodeID], _ context: inout QuorumContext) {
        let c = coordinating[op]!
        let latest = newest(c)
        guard !latest.isEmpty else { return }
        for replica in replicas where Set(c.readReplies[replica] ?? []) != Set(latest) {
            context.log("read repair: \(context.layout.name(replica)) gets \(c.key)=\(QuorumMessage.show(latest))")
            if replica == id {
                if apply(c.key, latest, &context) { readRepairs += 1 }
            } else {
                if !c.answered { coordinating[op]!.pendingRepairs.insert(replica) }
                context.send(.repair(op: op, key: c.key, latest), to: replica)
            }
        }
    }

    mutating func repairAcknowledged(_ op: Int, from: NodeID, _ context: inout QuorumContext) {
        guard coordinating[op]?.pendingRepairs.remove(from) != nil else { return }
        if coordinating[op]!.pendingRepairs.isEmpty, !coordinating[op]!.answered { answer(op, &context) }
        finishIfDone(op, &context)
    }

    mutating func answer(_ op: Int, _ context: inout QuorumContext) {
        coordinating[op]!.answered = true
        let c = coordinating[op]!
        context.send(.clientReply(request: c.request, outcome(newest(c))), to: c.client)
    }

    /// A read is over once it has answered and every replica it asked has replied.
    mutating func finishIfDone(_ op: Int, _ context: inout QuorumContext) {
        guard let c = coordinating[op], c.answered, c.readReplies.count == c.contacted.count else { return }
        finish(op, &context)
    }
}
