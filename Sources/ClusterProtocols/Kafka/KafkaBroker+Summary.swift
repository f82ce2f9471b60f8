import ClusterSim

/// How a broker looks in the interface: one line per partition it holds,
/// `t0-1 L e2 LEO 7 HW 5 ISR 2` (L leader, F follower, - offline).
extension KafkaBroker {
    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = []
        var details = ["broker n\(me + 1), metadata v\(metadataVersion)"]
        var leads = 0
        for (p, r) in replicas.enumerated() where p < metadata.count && metadata[p].replicas.contains(me) {
            let tag = r.role == .leader ? "L" : r.role == .follower ? "F" : "-"
            if r.role == .leader { leads += 1 }
            let isr = metadata[p].isr.count
            fields.append(.init(config.partitionName(p), "\(tag) e\(max(0, r.leaderEpoch)) LEO \(r.log.endOffset) HW \(r.highWatermark) ISR \(isr)"))
            var line = "\(config.partitionName(p)): \(r.role.rawValue) in epoch \(r.leaderEpoch)"
                + (r.leader.map { ", leader n\($0 + 1)" } ?? "") + ", LEO \(r.log.endOffset), HW \(r.highWatermark), ISR "
                + "{" + metadata[p].isr.map { "n\($0 + 1)" }.joined(separator: ",") + "}"
            if r.truncating { line += ", truncating (OffsetsForLeaderEpoch sent)" }
            if !r.waiting.isEmpty { line += ", \(r.waiting.count) acks=all produce(s) waiting for the HW" }
            details.append(line)
            details.append("  epochs " + r.log.epochs.map { "e\($0.epoch)@\($0.offset)" }.joined(separator: " "))
        }
        let role = leads > 0 ? "leader" : "follower"
        return NodeSummary(role: role, tone: leads > 0 ? .leader : .follower, fields: fields, details: details)
    }
}
