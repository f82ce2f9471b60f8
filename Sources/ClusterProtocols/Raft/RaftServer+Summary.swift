import ClusterSim

/// How a Raft server looks in the interface.
extension RaftServer {
    public var summary: NodeSummary {
        let tone: NodeSummary.Tone
        switch role {
        case .leader: tone = .leader
        case .candidate, .preCandidate: tone = .candidate
        case .follower: tone = .follower
        }
        var fields: [NodeSummary.Field] = [
            .init("term", String(currentTerm)),
            .init("votedFor", votedFor.map(name) ?? "—"),
            .init("leader", leader.map(name) ?? "—"),
            .init("commit", String(commitIndex)),
            .init("applied", String(lastApplied)),
        ]
        if log.snapshotIndex > 0 { fields.append(.init("snapshot", "\(log.snapshotIndex)@t\(log.snapshotTerm)")) }
        // The tail of the log: the interface shows no more, and a summary
        // must stay cheap however long the log grows.
        let shown = 64
        let first = max(0, log.entries.count - shown)
        let entries = log.entries[first...].enumerated().map { k, e in
            NodeSummary.LogEntry(term: e.term, committed: log.snapshotIndex + 1 + first + k <= commitIndex,
                                 text: e.command.description)
        }
        var details = [
            "\(name(id)) \(role.rawValue) in term \(currentTerm)",
            "election timeout \(DurationText.format(config.electionTimeout))"
                + " + up to \(DurationText.format(config.electionJitter)) random",
            "log: \(log.lastIndex) \(log.lastIndex == 1 ? "entry" : "entries") (last t\(log.lastTerm))"
                + (log.snapshotIndex > 0 ? ", first \(log.snapshotIndex) in the snapshot" : ""),
        ]
        if role == .leader {
            for p in peers {
                details.append("\(name(p)): nextIndex \(nextIndex[p.index]) matchIndex \(matchIndex[p.index])")
            }
            if !pending.isEmpty { details.append("awaiting commit: \(pending.count) client request(s)") }
            if !pendingReads.isEmpty { details.append("awaiting ReadIndex: \(pendingReads.count) read(s)") }
        }
        if role == .candidate || role == .preCandidate {
            details.append("votes: " + votes.sorted().map(name).joined(separator: " "))
        }
        let kv = store.data.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        details.append("store: " + (kv.isEmpty ? "empty" : kv))
        return NodeSummary(role: role.rawValue, tone: tone, epoch: currentTerm, fields: fields, log: Array(entries),
                           details: details, logLength: log.lastIndex, committedCount: commitIndex)
    }

    /// Role and term without building the summary (lab predicates read it every step).
    public var headline: NodeHeadline {
        let tone: NodeSummary.Tone
        switch role {
        case .leader: tone = .leader
        case .candidate, .preCandidate: tone = .candidate
        case .follower: tone = .follower
        }
        return NodeHeadline(role: role.rawValue, tone: tone, epoch: currentTerm)
    }
}
