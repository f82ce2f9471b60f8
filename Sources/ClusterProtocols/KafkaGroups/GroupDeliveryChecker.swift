import ClusterSim

/// What a consumer group did with each record, from the run's history:
/// which records were processed more than once and which never were. A
/// record counts as processed when its `process` operation is `ok`
/// (transactional consumers' tentative processing is `info` until the
/// coordinator commits their output). A record is never processed if it lies
/// below the partition's end — the last committed offset or one past the
/// highest record processed, whichever is further — and no one processed it.
public struct GroupDeliveryReport: Sendable, Hashable, CustomStringConvertible {
    /// Per partition: offset → times processed, for records processed twice or more.
    public var duplicates: [GroupPartition: [Int: Int]] = [:]
    /// Per partition: offsets never processed.
    public var lost: [GroupPartition: [Int]] = [:]
    public var processed = 0

    public var duplicateCount: Int { duplicates.values.reduce(0) { $0 + $1.count } }
    public var lostCount: Int { lost.values.reduce(0) { $0 + $1.count } }

    public var description: String {
        var parts: [String] = []
        for p in duplicates.keys.sorted() {
            parts.append("\(p): " + duplicates[p]!.keys.sorted().map { "\($0) ×\(duplicates[p]![$0]!)" }.joined(separator: ", ") + " processed more than once")
        }
        for p in lost.keys.sorted() {
            parts.append("\(p): " + Self.ranges(lost[p]!) + " never processed")
        }
        return parts.isEmpty ? "every record processed once" : parts.joined(separator: "; ")
    }

    /// `3-5, 9`: offsets as ranges.
    static func ranges(_ xs: [Int]) -> String {
        var out: [String] = []
        var i = 0
        while i < xs.count {
            var j = i
            while j + 1 < xs.count && xs[j + 1] == xs[j] + 1 { j += 1 }
            out.append(i == j ? "\(xs[i])" : "\(xs[i])-\(xs[j])")
            i = j + 1
        }
        return out.joined(separator: ", ")
    }
}

public enum GroupDeliveryChecker {
    /// Reads `t0p3` back into a partition.
    public static func partition(_ key: String) -> GroupPartition? {
        guard key.first == "t", let pIndex = key.firstIndex(of: "p"),
              let t = Int(key[key.index(after: key.startIndex)..<pIndex]), let p = Int(key[key.index(after: pIndex)...]) else { return nil }
        return GroupPartition(t, p)
    }

    public static func check(_ history: [HistoryOperation]) -> GroupDeliveryReport {
        var times: [GroupPartition: [Int: Int]] = [:]
        var lastCommit: [GroupPartition: Int] = [:]
        var report = GroupDeliveryReport()
        for op in history where op.type == .ok {
            guard let p = partition(op.key), case .int(let v) = op.value else { continue }
            if op.f == "process" { times[p, default: [:]][Int(v), default: 0] += 1; report.processed += 1 }
            if op.f == "commit" { lastCommit[p] = Int(v) }
        }
        for p in Set(times.keys).union(lastCommit.keys) {
            let seen = times[p] ?? [:]
            let end = max(lastCommit[p] ?? 0, (seen.keys.max() ?? -1) + 1)
            let twice = seen.filter { $0.value > 1 }
            if !twice.isEmpty { report.duplicates[p] = twice }
            let never = (0..<end).filter { seen[$0] == nil }
            if !never.isEmpty { report.lost[p] = never }
        }
        return report
    }

    /// What the commit mode promises, checked at the end of a run:
    /// at-most-once never processes a record twice, at-least-once never skips
    /// one, exactly-once (transactional) does neither.
    public static func problem(_ report: GroupDeliveryReport, commit: GroupCommitMode) -> String? {
        let dup = commit != .afterProcessing && report.duplicateCount > 0
        let lost = commit != .beforeProcessing && report.lostCount > 0
        guard dup || lost else { return nil }
        return "commit: \(commit.rawValue) promises \(commit == .transactional ? "exactly-once" : commit == .afterProcessing ? "at-least-once" : "at-most-once"), but \(report)"
    }

    public static func finalCheck(_ run: ClusterRun) -> String? {
        guard let sim = run as? Simulation<KafkaGroupProcess> else { return nil }
        return problem(check(sim.trace.history), commit: sim.config.commit)
    }
}
