import ClusterSim

/// How a broker looks in the interface: one line per partition it holds,
/// `t0-1 L I2 5/7`: leader (F follower, - offline), ISR size 2, high
/// watermark 5, log end offset 7, short enough for an 80-column box; the
/// title shows the newest leader epoch it acts in, the inspector the rest.
extension KafkaBroker {
    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = []
        var details = ["broker n\(me + 1), metadata v\(metadataVersion); per partition: role, ISR size, HW/LEO"]
        var leads = 0
        for (p, r) in replicas.enumerated() where p < metadata.count && metadata[p].replicas.contains(me) {
            let tag = r.role == .leader ? "L" : r.role == .follower ? "F" : "-"
            if r.role == .leader { leads += 1 }
            let isr = metadata[p].isr.count
            fields.append(.init(config.partitionName(p), "\(tag) I\(isr) \(r.highWatermark)/\(r.log.endOffset)"))
            var line = "\(config.partitionName(p)): \(r.role.rawValue) in epoch \(r.leaderEpoch)"
                + (r.leader.map { ", leader n\($0 + 1)" } ?? "") + ", LEO \(r.log.endOffset), HW \(r.highWatermark), ISR "
                + "{" + metadata[p].isr.map { "n\($0 + 1)" }.joined(separator: ",") + "}"
            if r.truncating { line += ", truncating (OffsetsForLeaderEpoch sent)" }
            if !r.waiting.isEmpty { line += ", \(r.waiting.count) acks=all produce(s) waiting for the HW" }
            details.append(line)
            details.append("  epochs " + r.log.epochs.map { "e\($0.epoch)@\($0.offset)" }.joined(separator: " "))
        }
        let role = leads > 0 ? "leader" : "follower"
        let epoch = replicas.filter { $0.role != .offline }.map(\.leaderEpoch).max()
        return NodeSummary(role: role, tone: leads > 0 ? .leader : .follower, epoch: epoch, fields: fields, details: details)
    }
}
