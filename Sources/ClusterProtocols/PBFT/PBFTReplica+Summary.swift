import ClusterSim

/// How PBFT's replicas and clients look in the interface: the view and its
/// primary, what each sequence number has reached, the quorums waited for,
/// and a lying replica marked as such.
extension PBFTReplica {
    public var summary: NodeSummary {
        // "byzantine" alone: it fits the narrowest box; `primary` says whose view it is.
        let role = isByzantine ? "byzantine" : (isPrimary ? "primary" : "backup")
        let tone: NodeSummary.Tone = isByzantine ? .bad : (isPrimary ? .leader : .follower)
        // The node box shows the first field only: the newest sequence number and its phase.
        let latest = sequenceNumbers.last.flatMap { n in slots[n]!.request.map { "#\(n) \($0.op) \(phaseWord(n))" } }
        let fields: [NodeSummary.Field] = [
            .init("last", latest ?? "-"),
            .init("view", String(view)),
            .init("primary", "n\(primary + 1)"),
            .init("faulty", isByzantine ? config.behaviour.rawValue : "no"),
            .init("prepare_quorum", String(config.prepareQuorum)),
            .init("commit_quorum", String(config.commitQuorum)),
            .init("executed", executed.isEmpty ? "-" : executed.map(\.op).joined(separator: " ")),
        ]
        let log = sequenceNumbers.compactMap { n -> NodeSummary.LogEntry? in
            guard let r = slots[n]?.request else { return nil }
            let phase = isByzantine ? "sent" : phase(n)?.rawValue ?? ""
            return NodeSummary.LogEntry(term: view, committed: slots[n]!.committed, text: "#\(n) \(r.op) \(phase)")
        }
        var details = [
            "n\(id + 1) " + (isByzantine ? "Byzantine (\(config.behaviour.rawValue)), " : "") + "\(isPrimary ? "primary" : "backup") of view \(view)",
            "n = \(config.replicas), f = \(config.f): prepared after the pre-prepare and \(config.prepareQuorum) matching PREPAREs, "
                + "committed-local after \(config.commitQuorum) matching COMMITs",
            "no view change in this model: a faulty primary is never replaced (PBFT §4.4)",
        ]
        for n in sequenceNumbers {
            let s = slots[n]!
            let votes = { (m: [PBFTDigest: Set<Int>]) in
                m.keys.sorted().map { d in "\(d)×\(m[d]!.count)" }.joined(separator: " ")
            }
            details.append("#\(n): " + (s.request.map { "\($0.op) \(isByzantine ? "sent" : phase(n)?.rawValue ?? "")" } ?? "no pre-prepare")
                           + "; prepares \(votes(s.prepares)); commits \(votes(s.commits))")
        }
        if !held.isEmpty { details.append("holding: " + held.map(\.op).joined(separator: " ")) }
        return NodeSummary(role: role, tone: tone, fields: fields, log: log, details: details)
    }

    /// The phase of `n` in a word short enough for a node box.
    private func phaseWord(_ n: Int) -> String {
        guard !isByzantine else { return "sent" }
        switch phase(n) {
        case .prePrepared?: return "pre-prep"
        case .prepared?: return "prepared"
        case .committed?: return "commit"
        case .executed?: return "exec"
        case nil: return ""
        }
    }
}

extension PBFTClient {
    public var summary: NodeSummary {
        let last = accepted.last
        var details = ["waits for \(config.replyQuorum) matching replies (f + 1)"]
        if let r = current {
            details.append("sent \(r.op) (t\(r.timestamp)); replies: "
                           + (replies.isEmpty ? "none" : replies.keys.sorted().map { "\($0)×\(replies[$0]!.count)" }.joined(separator: " ")))
        }
        for a in accepted { details.append("accepted \(a.request.op) = \(a.result) from " + a.from.sorted().map { "n\($0 + 1)" }.joined(separator: " ")) }
        return NodeSummary(role: "client", tone: .neutral, fields: [
            .init("sent", current?.op ?? "-"),
            .init("accepted", String(accepted.count)),
            .init("result", last?.result ?? "-"),
        ], details: details)
    }
}
