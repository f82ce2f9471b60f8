import ClusterSim

/// How a Multi-Paxos server looks in the interface: its ballot and promise,
/// the leader it follows, its commit index, and the last few slots with the
/// ballot and value accepted in each.
extension MultiPaxosServer {
    /// The ballot this server acts in: its own as candidate or leader, else the one it promised.
    public var currentBallot: Ballot { role == .follower ? promised : ballot }

    var tone: NodeSummary.Tone {
        switch role {
        case .leader: return .leader
        case .candidate: return .candidate
        case .follower: return .follower
        }
    }

    /// `7 2.n1 put x 3 ✓`: slot, accepted ballot, value, decided mark.
    func slotLine(_ slot: Int) -> String {
        let v = acceptedValue(slot)
        let mark = decidedCommand(slot) != nil ? " ✓" : ""
        return "\(slot) " + (v.map { "\($0.ballot) \($0.command)" } ?? "—") + mark
    }

    public var summary: NodeSummary {
        let lastSlot = max(accepted.count, decided.count)
        var fields: [NodeSummary.Field] = [
            .init("ballot", currentBallot.description),
            .init("promised", promised.description),
            .init("leader", leader.map(name) ?? "—"),
            .init("commit", String(commitIndex)),
            .init("slots", String(lastSlot)),
            .init("noops", String(decidedNoops)),
            .init("kv", store.data.isEmpty ? "-"
                : store.data.sorted { $0.key < $1.key }.prefix(6).map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
        ]
        let recent = max(1, lastSlot - 2)...max(1, lastSlot)
        if lastSlot > 0 { fields.append(.init("last", recent.map(slotLine).joined(separator: " · "))) }
        // The tail of the slots, as a log whose "term" is the accepted ballot's round.
        let shown = 64
        let entries = (max(1, lastSlot - shown + 1)...max(1, lastSlot)).filter { $0 <= lastSlot }.map { s in
            NodeSummary.LogEntry(term: acceptedValue(s)?.ballot.round ?? 0, committed: s <= commitIndex,
                                 text: "slot \(s): " + (acceptedValue(s).map(\.description) ?? "nothing accepted"))
        }
        var details = [
            "\(name(id)) \(role.rawValue), ballot \(currentBallot), promised \(promised)",
            "leader: " + (leader.map(name) ?? "none known") + "; commit index \(commitIndex) (slots executed in order)",
        ]
        if role == .leader {
            details.append("phase 1 done for slots \(phaseOneFrom)…; next new slot \(nextSlot)")
            if !acks.isEmpty { details.append("awaiting a majority: slots " + acks.keys.sorted().prefix(8).map(String.init).joined(separator: " ")) }
        }
        if role == .candidate { details.append("promises: " + promisedBy.sorted().map { "n\($0 + 1)" }.joined(separator: " ")) }
        for s in max(1, lastSlot - 7)...max(1, lastSlot) where s <= lastSlot { details.append("slot " + slotLine(s)) }
        let kv = store.data.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        details.append("store: " + (kv.isEmpty ? "empty" : kv))
        return NodeSummary(role: role.rawValue, tone: tone, epoch: currentBallot.round, fields: fields, log: entries,
                           details: details, logLength: lastSlot, committedCount: commitIndex)
    }

    /// Role and ballot round without building the summary.
    public var headline: NodeHeadline { NodeHeadline(role: role.rawValue, tone: tone, epoch: currentBallot.round) }
}
