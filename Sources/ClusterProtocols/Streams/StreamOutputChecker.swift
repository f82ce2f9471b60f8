/// Exactly-once check of a dataflow's output: a pure function of the sink's
/// output and the input log. The expected output is the same dataflow run on
/// one node without failures: count each key's events per tumbling window.
public enum StreamOutputChecker {
    /// What the output got wrong, per (window, key).
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        /// Slots written more than once, with how many extra copies.
        public var duplicates: [StreamSlot: Int] = [:]
        /// Slots whose (first) count differs from the failure-free count: (seen, expected).
        public var wrong: [StreamSlot: (seen: Int, expected: Int)] = [:]
        /// Slots the failure-free run outputs that never appeared.
        public var missing: [StreamSlot] = []
        /// Slots that appeared but the failure-free run has no such result.
        public var unexpected: [StreamSlot] = []

        public var exactlyOnce: Bool { duplicates.isEmpty && wrong.isEmpty && missing.isEmpty && unexpected.isEmpty }
        /// Extra copies in all: what a duplicate count means everywhere in the interface.
        public var duplicateCount: Int { duplicates.values.reduce(0, +) }

        public static func == (a: Report, b: Report) -> Bool { a.description == b.description }
        public func hash(into h: inout Hasher) { h.combine(description) }

        public var description: String {
            if exactlyOnce { return "exactly once: every (window, key) result appears once with its failure-free count" }
            var parts: [String] = []
            if !duplicates.isEmpty {
                parts.append("duplicated: " + duplicates.keys.sorted().map { "\($0) ×\(duplicates[$0]! + 1)" }.joined(separator: ", "))
            }
            if !wrong.isEmpty {
                parts.append("wrong counts: " + wrong.keys.sorted().map { "\($0) = \(wrong[$0]!.seen), not \(wrong[$0]!.expected)" }.joined(separator: ", "))
            }
            if !missing.isEmpty { parts.append("missing: " + missing.map(\.description).joined(separator: ", ")) }
            if !unexpected.isEmpty { parts.append("unexpected: " + unexpected.map(\.description).joined(separator: ", ")) }
            return parts.joined(separator: "; ")
        }
    }

    /// The failure-free output: per (window, key), the number of events.
    public static func expected(_ log: StreamInputLog, window: Int) -> [StreamSlot: Int] {
        var counts: [StreamSlot: Int] = [:]
        for partition in log.partitions {
            for e in partition { counts[StreamSlot(window: e.time - e.time % window, key: e.key), default: 0] += 1 }
        }
        return counts
    }

    /// Compares `output` with the failure-free output. With `complete` false
    /// (the job is still running) results not written yet are not missing.
    public static func check(_ output: [StreamResult], log: StreamInputLog, window: Int, complete: Bool = true) -> Report {
        let want = expected(log, window: window)
        var report = Report()
        var seen: [StreamSlot: [Int]] = [:]
        for r in output { seen[r.slot, default: []].append(r.count) }
        for (slot, counts) in seen {
            if counts.count > 1 { report.duplicates[slot] = counts.count - 1 }
            guard let expected = want[slot] else { report.unexpected.append(slot); continue }
            if let bad = counts.first(where: { $0 != expected }) { report.wrong[slot] = (bad, expected) }
        }
        if complete { report.missing = want.keys.filter { seen[$0] == nil }.sorted() }
        report.unexpected.sort()
        return report
    }
}
