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
        let writes = history.writesByKey()
        var found: [ConsistencyAnomaly] = []
        for read in history.operations where read.isJudgedRead {
            let keyWrites = writes[read.key] ?? .none
            let source = ReadSource(of: read, writes: keyWrites)
            guard let latest = keyWrites.latestMissed(before: read.invoke, after: source) else { continue }
            found.append(ConsistencyAnomaly(kind: .staleRead, key: read.key, session: read.session, read: read.value,
                                            readLine: read.completion! + 1, expected: latest.value,
                                            expectedLine: latest.completion + 1))
        }
        return found
    }
}
