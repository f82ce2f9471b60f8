/// Finds stale reads: an `ok` read that returned a version older than a write
/// on its key that completed before the read was invoked (older: that write
/// was invoked after every write the read may have seen had completed).
///
/// Linearizability forbids this, and R + W > N with stamps that follow real
/// time prevents it; R + W <= N allows it. Writes that timed out (`info`) may
/// land at any time, so reading one is never stale. One anomaly per read,
/// naming the latest write it missed.
public enum StaleReads {
    public static func find(in history: SessionHistory) -> [ConsistencyAnomaly] {
        missedWrites(in: history, kind: .staleRead) { _, _ in true }
    }

    /// One `kind` anomaly per judged read that missed a write completed before
    /// it began and accepted by `counts` (the read, the write): every such
    /// write for stale reads, the session's own for read-your-writes.
    static func missedWrites(in history: SessionHistory, kind: ConsistencyAnomaly.Kind,
                             counts: (SessionHistory.Operation, WrittenVersion) -> Bool) -> [ConsistencyAnomaly] {
        let writes = history.writesByKey()
        var found: [ConsistencyAnomaly] = []
        for read in history.operations where read.isJudgedRead {
            let keyWrites = writes[read.key] ?? .none
            let source = ReadSource(of: read, writes: keyWrites)
            guard let latest = keyWrites.latestMissed(before: read.invoke, after: source,
                                                      where: { counts(read, $0) }) else { continue }
            found.append(ConsistencyAnomaly(kind: kind, key: read.key, session: read.session, read: read.value,
                                            readLine: read.completion! + 1, expected: latest.value,
                                            expectedLine: latest.completion + 1))
        }
        return found
    }
}
