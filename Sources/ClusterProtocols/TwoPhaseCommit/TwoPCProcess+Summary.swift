import ClusterSim

/// How the nodes look in the interface: a participant's prepared
/// transactions, locks and blocked ones; a coordinator's pending decisions.
extension TwoPCProcess {
    public var summary: NodeSummary {
        coordinator?.summary ?? participant?.summary ?? client?.summary ?? NodeSummary(role: "?")
    }
}

extension TwoPCParticipant {
    public var role: String { !blocked.isEmpty ? "blocked" : log.prepared.isEmpty ? "participant" : "prepared" }

    public var summary: NodeSummary {
        let commits = log.outcomes.values.filter(\.isCommit).count
        let tone: NodeSummary.Tone = !blocked.isEmpty ? .warning : log.prepared.isEmpty ? .follower : .candidate
        let fields: [NodeSummary.Field] = [
            .init("prepared", String(log.prepared.count)),
            .init("locks", String(locks.count)),
            .init("blocked", String(blocked.count)),
            .init("commits", String(commits)),
            .init("aborts", String(log.outcomes.count - commits)),
        ]
        let name = layout.name(id)
        var details = ["\(name): participant owning " + config.keys(of: id, servers: layout.serverCount).joined(separator: " ")]
        for (t, r) in log.prepared.sorted(by: { $0.key < $1.key }) {
            details.append("prepared \(t): " + r.writes.map(\.description).joined(separator: " ")
                           + " with " + r.participants.map(layout.name).joined(separator: " ")
                           + (blocked.contains(t) ? " — blocked, asking" : ""))
        }
        let held = locks.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value)" }.joined(separator: " ")
        details.append("locks: " + (held.isEmpty ? "none" : held))
        let kv = log.store.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        details.append("data: " + (kv.isEmpty ? "empty" : kv))
        for (t, o) in log.outcomes.sorted(by: { $0.key < $1.key }).suffix(5) { details.append("\(t): \(o.rawValue)") }
        if let m = config.mutant { details.append("MUTANT: \(m.rawValue)") }
        return NodeSummary(role: role, tone: tone, fields: fields, details: details)
    }
}

extension TwoPCCoordinator {
    public var role: String { raft.map { $0.role.rawValue } ?? "coordinator" }

    /// Decisions logged but not yet acknowledged by every participant (single coordinator).
    var unacked: Int { raft == nil ? log.decisions.count - log.ended.count : 0 }

    public var summary: NodeSummary {
        let commits = log.decisions.values.filter(\.commit).count
        var fields: [NodeSummary.Field] = [
            .init("pending", String(active.count)),
            .init("decided", String(log.decisions.count)),
            .init("commits", String(commits)),
            .init("aborts", String(log.decisions.count - commits)),
        ]
        if raft == nil { fields.append(.init("unacked", String(unacked))) }
        var details = [config.coordinator == .single ? "\(name(id)): the coordinator; its log survives a crash"
                       : "\(name(id)): coordinator replica \(id.index + 1) of \(config.coordinators); decisions go through Raft"]
        for (t, a) in active.sorted(by: { $0.key < $1.key }) {
            let votes = a.participants.map { "\(name($0)) " + (a.votes[$0].map { $0 ? "yes" : "no" } ?? "?") }
            details.append("pending \(t): " + votes.joined(separator: ", ") + (a.deciding ? " — deciding" : ""))
        }
        for (t, d) in log.decisions.sorted(by: { $0.key < $1.key }).suffix(6) {
            details.append("\(t): \(d.commit ? "commit" : "abort")" + (log.ended.contains(t) ? ", acknowledged" : ""))
        }
        var tone: NodeSummary.Tone = active.isEmpty ? .neutral : .leader
        var epoch: Int?
        var entries: [NodeSummary.LogEntry] = []
        if let r = raft {
            tone = r.role == .leader ? .leader : r.role == .follower ? .follower : .candidate
            epoch = r.currentTerm
            fields.insert(.init("term", String(r.currentTerm)), at: 0)
            let first = max(0, r.log.entries.count - 32)
            entries = r.log.entries[first...].enumerated().map { k, e in
                NodeSummary.LogEntry(term: e.term, committed: r.log.snapshotIndex + 1 + first + k <= r.commitIndex,
                                     text: TwoPCDecisionEntry(e.command)?.description ?? e.command.description)
            }
        }
        if let m = config.mutant { details.append("MUTANT: \(m.rawValue)") }
        return NodeSummary(role: role, tone: tone, epoch: epoch, fields: fields, log: entries, details: details,
                           logLength: raft?.log.lastIndex, committedCount: raft?.commitIndex)
    }
}
