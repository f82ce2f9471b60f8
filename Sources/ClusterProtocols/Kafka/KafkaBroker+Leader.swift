import ClusterSim

/// A partition leader's rules: serving fetches, the high watermark, the ISR
/// (shrink after `replica_lag_time` behind, grow when caught up), produce
/// with acks and idempotence, and reads below the high watermark.
extension KafkaBroker {
    /// The most records one fetch reply carries.
    static let maxFetchRecords = 500

    mutating func leaderFetch(_ p: Int, _ e: Int, _ offset: Int, from f: Int, _ context: inout KafkaContext) {
        guard p < replicas.count, replicas[p].role == .leader, replicas[p].leaderEpoch == e else {
            return context.send(.fetchReply(partition: p, leaderEpoch: e, offset: offset, records: [], highWatermark: 0,
                                            error: .fencedLeaderEpoch), to: NodeID(f))
        }
        let end = replicas[p].log.endOffset
        replicas[p].followerEnd[f] = offset
        // replica.lag.time.max.ms: caught up now, or caught up with where the log ended at its previous fetch.
        if offset >= end { replicas[p].lastCaughtUp[f] = elapsed }
        else if let prev = replicas[p].lastFetchEnd[f], offset >= prev, let at = replicas[p].lastFetchAt[f] {
            replicas[p].lastCaughtUp[f] = max(replicas[p].lastCaughtUp[f] ?? at, at)
        }
        replicas[p].lastFetchEnd[f] = end; replicas[p].lastFetchAt[f] = elapsed
        advanceHighWatermark(p, &context)
        if end - offset >= config.fetchMinRecords {
            answerFetch(p, f, offset, &context)
        } else {
            replicas[p].parkedFetches.insert(f)
        }
    }

    mutating func answerFetch(_ p: Int, _ f: Int, _ offset: Int, _ context: inout KafkaContext) {
        replicas[p].parkedFetches.remove(f)
        let r = replicas[p]
        context.send(.fetchReply(partition: p, leaderEpoch: r.leaderEpoch, offset: offset,
                                 records: r.log.records(from: offset, max: Self.maxFetchRecords),
                                 highWatermark: r.highWatermark, error: nil), to: NodeID(f))
    }

    /// Answers held fetches with at least `atLeast` new records for them
    /// (every one at the tick: the fetch's max wait).
    mutating func answerParked(_ p: Int, atLeast: Int = 0, _ context: inout KafkaContext) {
        for f in replicas[p].parkedFetches.sorted() {
            let from = replicas[p].followerEnd[f] ?? 0
            if replicas[p].log.endOffset - from >= atLeast { answerFetch(p, f, from, &context) }
        }
    }

    /// The high watermark: the smallest log end offset in the ISR, never moving back.
    mutating func advanceHighWatermark(_ p: Int, _ context: inout KafkaContext) {
        let r = replicas[p]
        guard r.role == .leader, p < metadata.count else { return }
        var hw = r.log.endOffset
        if !config.has(.hwIgnoresISR) {
            for f in metadata[p].isr where f != me { hw = min(hw, r.followerEnd[f] ?? 0) }
        }
        guard hw > r.highWatermark else { return }
        replicas[p].highWatermark = hw
        dirty = true
        let isrSize = metadata[p].isr.count
        var still: [KafkaWaitingProduce] = []
        for w in r.waiting {
            if w.offset >= hw { still.append(w); continue }
            let ok = isrSize >= config.minInsyncReplicas
            context.send(.produceReply(request: w.request, partition: p, offset: ok ? w.offset : nil,
                                       error: ok ? nil : .notEnoughReplicasAfterAppend, leader: me), to: w.client)
        }
        replicas[p].waiting = still
    }

    /// Each tick: answer parked fetches, and ask the controller to change the
    /// ISR when a member has lagged for `replica_lag_time` or a non-member caught up.
    mutating func leaderTick(_ p: Int, _ context: inout KafkaContext) {
        answerParked(p, &context)
        guard p < metadata.count else { return }
        let r = replicas[p], s = metadata[p]
        let epochStart = r.log.epochs.last(where: { $0.epoch == r.leaderEpoch })?.offset ?? 0
        var isr = s.isr.filter { f in f == me || elapsed - (r.lastCaughtUp[f] ?? 0) <= config.replicaLagTime }
        for f in s.replicas where !isr.contains(f) && f != me {
            if let end = r.followerEnd[f], end >= r.highWatermark, end >= epochStart,
               elapsed - (r.lastCaughtUp[f] ?? .min / 2) <= config.replicaLagTime { isr.append(f) }
        }
        isr.sort()
        if isr != s.isr.sorted() {
            context.send(.alterISR(partition: p, leaderEpoch: r.leaderEpoch, isr: isr), to: NodeID(0))
        }
    }

    mutating func produce(_ request: Int, _ p: Int, _ record: KafkaRecord, _ acks: KafkaAcks, from client: NodeID,
                          _ context: inout KafkaContext) {
        guard p < replicas.count, replicas[p].role == .leader, p < metadata.count else {
            let hint = p < metadata.count ? metadata[p].leader : nil
            return context.send(.produceReply(request: request, partition: p, offset: nil, error: .notLeader, leader: hint), to: client)
        }
        let offset: Int
        if config.idempotence, !config.has(.noIdempotence), let o = replicas[p].log.duplicate(of: record.identity) {
            context.log("drops a duplicate of \(record.identity) in \(config.partitionName(p)) (at offset \(o))")
            offset = o
        } else {
            if acks == .all && metadata[p].isr.count < config.minInsyncReplicas {
                return context.send(.produceReply(request: request, partition: p, offset: nil, error: .notEnoughReplicas,
                                                  leader: me), to: client)
            }
            var rec = record
            rec.epoch = replicas[p].leaderEpoch
            offset = replicas[p].log.endOffset
            replicas[p].log.append(rec)
            dirty = true
            answerParked(p, atLeast: config.fetchMinRecords, &context)
            advanceHighWatermark(p, &context)
        }
        switch acks {
        case .none: break
        case .leader:
            context.send(.produceReply(request: request, partition: p, offset: offset, error: nil, leader: me), to: client)
        case .all:
            if offset < replicas[p].highWatermark {
                context.send(.produceReply(request: request, partition: p, offset: offset, error: nil, leader: me), to: client)
            } else {
                replicas[p].waiting.append(KafkaWaitingProduce(request: request, client: client, offset: offset))
            }
        }
    }

    func readCommitted(_ request: Int, _ p: Int, from client: NodeID, _ context: inout KafkaContext) {
        guard p < replicas.count, replicas[p].role == .leader else {
            let hint = p < metadata.count ? metadata[p].leader : nil
            return context.send(.readReply(request: request, partition: p, records: nil, leader: hint), to: client)
        }
        let r = replicas[p]
        context.send(.readReply(request: request, partition: p, records: Array(r.log.records[0..<r.highWatermark]), leader: me),
                     to: client)
    }
}
