import ClusterSim

/// Log replication (§5.3), the commit rule (§5.3, §5.4.2) and applying
/// committed entries.
extension RaftServer {
    /// Sends every follower what it is missing (a heartbeat if nothing) and
    /// starts a new heartbeat round.
    mutating func heartbeat(_ context: inout RaftContext) {
        guard role == .leader else { return }
        round += 1
        for p in peers { sendAppend(to: p, &context) }
        context.setTimer(.heartbeat, after: config.heartbeatInterval)
    }

    /// Sends follower `p` the entries from its `nextIndex`, or the snapshot
    /// if those are compacted away. `nextIndex` then moves past what was
    /// sent (pipelining, as etcd's replicate state does): a refusal moves it
    /// back, so a lost message costs one round trip, not a stall.
    mutating func sendAppend(to p: NodeID, _ context: inout RaftContext) {
        let next = nextIndex[p.index]
        guard next > log.snapshotIndex else { return sendSnapshot(to: p, &context) }
        let prev = next - 1
        let entries = log.entries(from: next, max: config.maxEntriesPerAppend)
        context.send(.appendEntries(term: currentTerm, prevLogIndex: prev, prevLogTerm: log.term(at: prev) ?? 0,
                                    entries: entries, leaderCommit: commitIndex, round: round), to: p)
        nextIndex[p.index] = next + entries.count
    }

    /// §5.3, receiver side: the consistency check on (`prevLogIndex`,
    /// `prevLogTerm`), truncation of conflicting entries, append, commit.
    mutating func appendEntries(term: Int, prevLogIndex: Int, prevLogTerm: Int, entries: [RaftEntry],
                                leaderCommit: Int, round: Int, from: NodeID, _ context: inout RaftContext) {
        func reply(_ success: Bool, match: Int = 0, conflictTerm: Int = 0, conflictIndex: Int = 0,
                   _ context: inout RaftContext) {
            context.send(.appendEntriesReply(term: currentTerm, success: success, matchIndex: match,
                                             conflictTerm: conflictTerm, conflictIndex: conflictIndex, round: round),
                         to: from)
        }
        guard term == currentTerm else { return reply(false, &context) }  // a stale leader learns our term
        guard role != .leader else {
            return context.log("ignores AppendEntries from \(name(from)): also leader of t\(term)")
        }
        if role != .follower { becomeFollower(term: term, leader: from, &context) }
        leader = from
        resetElectionTimer(&context)

        if prevLogIndex > log.lastIndex {
            return reply(false, conflictIndex: log.lastIndex + 1, &context)
        }
        var prev = prevLogIndex, entries = entries
        if prev < log.snapshotIndex {
            // The snapshot covers committed entries, which match the leader's.
            let skip = min(entries.count, log.snapshotIndex - prev)
            entries.removeFirst(skip)
            prev += skip
            if prev < log.snapshotIndex { return reply(true, match: prev, &context) }
        } else if let t = log.term(at: prev), t != prevLogTerm {
            return reply(false, conflictTerm: t, conflictIndex: log.firstIndex(ofTerm: t, atOrBefore: prev), &context)
        }
        for (k, entry) in entries.enumerated() {
            let i = prev + 1 + k
            if i <= log.lastIndex {
                if log.term(at: i) == entry.term { continue }
                if config.has(.keepConflictingEntries) { log.overwrite(i, with: entry); continue }
                log.truncate(from: i)
            }
            log.append(entry)
        }
        if log.writtenFrom != .max, !config.has(.acknowledgeBeforePersisting) { persist(&context) }
        let lastNew = prev + entries.count
        if leaderCommit > commitIndex { commitIndex = max(commitIndex, min(leaderCommit, lastNew)) }
        reply(true, match: lastNew, &context)
        applyCommitted(&context)
    }

    /// §5.3, leader side: advance on success; on failure, back up past the
    /// whole conflicting term at once (the fast backup of §5.3's last paragraphs).
    mutating func appendEntriesReply(term: Int, success: Bool, matchIndex match: Int, conflictTerm: Int,
                                     conflictIndex: Int, round: Int, from: NodeID, _ context: inout RaftContext) {
        guard role == .leader, term == currentTerm else { return }
        let p = from.index
        recentlyActive[p] = true
        ackedRound[p] = max(ackedRound[p], round)
        if success {
            matchIndex[p] = max(matchIndex[p], match)
            nextIndex[p] = max(nextIndex[p], match + 1)
            advanceCommitIndex(&context)
            if nextIndex[p] <= log.lastIndex { sendAppend(to: from, &context) }
        } else {
            var next = conflictIndex
            if conflictTerm > 0, let last = log.lastIndex(ofTerm: conflictTerm) { next = last + 1 }
            nextIndex[p] = max(matchIndex[p] + 1, min(max(1, next), log.lastIndex + 1))
            sendAppend(to: from, &context)
        }
        serveReads(&context)
    }

    /// §5.3 and §5.4.2: the highest index stored on a majority commits,
    /// but only if its entry is of the current term; earlier terms' entries
    /// commit with it, never by being counted.
    mutating func advanceCommitIndex(_ context: inout RaftContext) {
        guard role == .leader else { return }
        matchIndex[id.index] = log.lastIndex
        var n = log.lastIndex
        while n > commitIndex, let t = log.term(at: n) {
            if t != currentTerm, !config.has(.commitPreviousTermByCounting) { break }
            if isMajority(matchIndex.filter { $0 >= n }.count) {
                commitIndex = n
                break
            }
            n -= 1
        }
        applyCommitted(&context)
        serveReads(&context)
    }

    /// Applies committed entries in order, answering the clients whose
    /// requests this leader put in the log.
    mutating func applyCommitted(_ context: inout RaftContext) {
        compactIfDue(&context)
        let limit = config.has(.applyBeforeCommit) ? log.lastIndex : commitIndex
        while lastApplied < limit {
            lastApplied += 1
            guard log.contains(lastApplied) else { continue }
            guard case .client(let op, let client, let request) = log[lastApplied].command else { continue }
            let result = store.apply(op, client: client, request: request)
            if let p = pending.removeValue(forKey: lastApplied), p.client == client, p.request == request,
               let result {
                answer(client, request: request, op: op, with: .result(result), &context)
            }
        }
    }
}
