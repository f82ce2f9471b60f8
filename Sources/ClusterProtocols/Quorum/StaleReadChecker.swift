import ClusterSim

/// A read that returned something older than a write it should have seen.
public struct StaleRead: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    /// The reader's Jepsen process.
    public var process: Int
    /// What it read (nil: nothing).
    public var read: Int64?
    /// A write that completed before the read began and after the write of `read` completed.
    public var missed: Int64
    /// The read's `ok` and the missed write's `ok`, as positions in the history.
    public var readAt: Int, missedAt: Int
    /// The missed write was a delete (`missed` is then 0).
    public var missedDelete = false

    public var description: String {
        "process \(process) read \(key) = \(read.map(String.init) ?? "nothing") (history line \(readAt + 1)), "
            + "but " + (missedDelete ? "the delete of \(key)" : "the write \(key) = \(missed)")
            + " had completed before it began (line \(missedAt + 1))"
    }
}

/// The quorum store's stale reads, in its own terms (Jepsen processes,
/// 0-based history positions): the generic `StaleReads` checker over the
/// history. A read is stale if some write on its key completed before the
/// read was invoked and after the write it read from completed (or it read
/// nothing); a delete is a write of nothing; writes that timed out may land
/// any time; reads that returned several siblings are not judged.
///
/// Weaker than linearizability (it ignores concurrent writes and the order
/// of reads against each other): what R + W > N promises with timestamps
/// that respect real time.
public enum StaleReadChecker {
    public static func check(_ history: [HistoryOperation]) -> [StaleRead] {
        StaleReads.find(in: SessionHistory(history)).map { a in
            StaleRead(key: a.key, process: history[a.readLine - 1].process, read: a.read.integer,
                      missed: a.expected.integer ?? 0, readAt: a.readLine - 1, missedAt: a.expectedLine - 1,
                      missedDelete: a.expected == .null)
        }
    }
}

private extension HistoryValue {
    var integer: Int64? { if case .int(let v) = self { return v } else { return nil } }
}
