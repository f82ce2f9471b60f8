import ClusterSim

/// Broadcast's stable latency, as Maelstrom reports it: "measured from the
/// time a broadcast request was acknowledged to when it was last missing
/// from a read on any node" (Fly.io's Gossip Glomers, challenge 3d,
/// https://fly.io/dist-sys/3d/). Here a read's moment is its reply, the
/// latest it can have been missing; messages some final read lacks are lost,
/// never stable, and not counted.
enum StableLatency {
    /// Microseconds, one per acknowledged message that every final read holds.
    static func latencies(_ history: [MaelstromOperation], times: [Int64]) -> [Int64] {
        guard times.count == history.count else { return [] }
        var invokedAt: [Int: Int64] = [:]  // process -> its outstanding invoke's time
        var acked: [(message: MessageValue, at: Int64)] = []
        var reads: [(invokedAt: Int64, repliedAt: Int64, seen: Set<MessageValue>, isFinal: Bool)] = []
        for (op, time) in zip(history, times) {
            if op.type == .invoke { invokedAt[op.process] = time; continue }
            let start = invokedAt.removeValue(forKey: op.process) ?? time
            guard op.type == .ok else { continue }
            if op.f == "broadcast" { acked.append((op.value, time)) }
            if op.f == "read", let list = op.value.array { reads.append((start, time, Set(list), op.isFinal)) }
        }
        let finals = reads.filter(\.isFinal)
        return acked.compactMap { m in
            guard !finals.isEmpty, finals.allSatisfy({ $0.seen.contains(m.message) }) else { return nil }
            let lastMissing = reads.filter { $0.invokedAt >= m.at && !$0.seen.contains(m.message) }.map(\.repliedAt).max()
            return max(0, (lastMissing ?? m.at) - m.at)
        }
    }

    /// `p50 12ms, p95 …, p99 …, max …`, or nil when no message became stable.
    static func summary(_ latencies: [Int64]) -> String? {
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        return [("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0)]
            .map { "\($0.0) \(DurationText.format(RunStatistics.quantile(sorted, $0.1)))" }.joined(separator: ", ")
    }
}
