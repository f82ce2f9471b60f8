/// Which write a read's value may have come from, bounded in real time.
///
/// Values name writes (clients write values no other write uses), but a
/// history may repeat a value (Raft's workload draws from a small range), so
/// a read is matched with every write of its value invoked before the read
/// completed, and the checkers take the reading most favourable to the
/// store: a read is blamed only if it is wrong whichever of them it saw.
/// Null matches the key's initial, never-written state too.
struct ReadSource: Sendable, Hashable {
    /// The latest any candidate write completed (`Int.max`: one may still be in
    /// flight; -1: only the initial state). The read saw nothing newer than a
    /// write invoked after this.
    var latestCompletion: Int
    /// The earliest any candidate write was invoked (-1: the initial state).
    /// A version that completed before this is older than what the read saw.
    var earliestInvoke: Int
    /// The value read, for messages.
    var value: HistoryValue

    /// The source of `read`, an `ok` read, among `writes` of its key.
    init(of read: SessionHistory.Operation, writes: KeyWrites) {
        value = read.value
        let span = writes.byValue[read.value]?.span(invokedBefore: read.completionOrEnd)
        latestCompletion = span?.latestCompletion ?? -1
        earliestInvoke = span?.earliestInvoke ?? -1
        if read.value == .null || span == nil {
            // The initial state (or a value nobody wrote, judged as if nothing had been read).
            earliestInvoke = -1
        }
    }

    /// True if `write` certainly came after every write this read may have seen:
    /// it was invoked after all of them had completed.
    func isOlder(than write: WrittenVersion) -> Bool { latestCompletion < write.invoke }

    /// True if every version this read may have seen is certainly older than
    /// every version `other` may have seen.
    func isOlder(than other: ReadSource) -> Bool { latestCompletion < other.earliestInvoke }
}
