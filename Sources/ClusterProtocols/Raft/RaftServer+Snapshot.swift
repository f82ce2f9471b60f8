import ClusterSim

/// Log compaction and InstallSnapshot (§7).
extension RaftServer {
    /// Once `snapshotThreshold` applied entries sit in the log, the state
    /// machine as of `lastApplied` becomes the snapshot and those entries go.
    ///
    /// It runs before a handler applies anything new, so entries applied in
    /// one handler are still in the log when the checkers look after it.
    mutating func compactIfDue(_ context: inout RaftContext) {
        let threshold = config.snapshotThreshold
        guard threshold > 0, lastApplied - log.snapshotIndex >= threshold, lastApplied <= log.lastIndex else { return }
        snapshot = store
        log.compact(through: lastApplied)
        persist(&context)
        context.log("snapshot through \(log.snapshotIndex) (t\(log.snapshotTerm))")
    }

    func sendSnapshot(to p: NodeID, _ context: inout RaftContext) {
        context.send(.installSnapshot(term: currentTerm, lastIncludedIndex: log.snapshotIndex,
                                      lastIncludedTerm: log.snapshotTerm, state: snapshot), to: p)
    }

    /// §7, receiver side: keep the log after the snapshot if it matches,
    /// otherwise discard it; the state machine becomes the snapshot.
    mutating func installSnapshot(term: Int, lastIncludedIndex: Int, lastIncludedTerm: Int, state: KVStore,
                                  from: NodeID, _ context: inout RaftContext) {
        guard term == currentTerm else {
            return context.send(.installSnapshotReply(term: currentTerm, matchIndex: 0), to: from)
        }
        guard role != .leader else { return }
        if role != .follower { becomeFollower(term: term, leader: from, &context) }
        leader = from
        resetElectionTimer(&context)
        if lastIncludedIndex > commitIndex {
            if log.term(at: lastIncludedIndex) == lastIncludedTerm, lastIncludedIndex > log.snapshotIndex {
                log.compact(through: lastIncludedIndex)
            } else {
                log.reset(toSnapshot: lastIncludedIndex, term: lastIncludedTerm)
            }
            snapshot = state
            store = state
            commitIndex = lastIncludedIndex
            lastApplied = lastIncludedIndex
            persist(&context)
            context.log("installed snapshot through \(lastIncludedIndex) from \(name(from))")
        }
        context.send(.installSnapshotReply(term: currentTerm, matchIndex: max(lastIncludedIndex, commitIndex)),
                     to: from)
    }

    mutating func installSnapshotReply(term: Int, matchIndex match: Int, from: NodeID, _ context: inout RaftContext) {
        guard role == .leader, term == currentTerm else { return }
        let p = from.index
        recentlyActive[p] = true
        matchIndex[p] = max(matchIndex[p], match)
        nextIndex[p] = max(nextIndex[p], match + 1)
        advanceCommitIndex(&context)
        if nextIndex[p] <= log.lastIndex { sendAppend(to: from, &context) }
    }
}
