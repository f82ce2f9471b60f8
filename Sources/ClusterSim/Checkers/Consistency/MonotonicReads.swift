/// Finds monotonic-reads violations: a session reads a key and gets a version
/// older than one an earlier read of the same session returned for it
/// (older: every write the later read may have seen had completed before any
/// write the earlier read may have seen was invoked).
///
/// Once a session has seen a version it should never see time go backwards
/// (Terry et al., 1994); reading from a different, lagging replica each time
/// breaks this. One anomaly per read, naming the newest earlier read it contradicts.
public enum MonotonicReads {
    public static func find(in history: SessionHistory) -> [ConsistencyAnomaly] {
        let writes = history.writesByKey()
        var found: [ConsistencyAnomaly] = []
        // Per (session, key): the earlier ok reads, with what they may have seen.
        var seen: [String: [(source: ReadSource, line: Int)]] = [:]
        for read in history.operations.sorted(by: { $0.invoke < $1.invoke }) where read.isRead && read.outcome == .ok {
            let slot = "\(read.session)/\(read.key)"
            let source = ReadSource(of: read, writes: writes[read.key] ?? [])
            let earlier = (seen[slot] ?? []).filter { $0.line < read.invoke }
            if let newest = earlier.filter({ source.isOlder(than: $0.source) }).max(by: { $0.source.earliestInvoke < $1.source.earliestInvoke }) {
                found.append(ConsistencyAnomaly(kind: .monotonicReads, key: read.key, session: read.session, read: read.value,
                                                readLine: read.completion! + 1, expected: newest.source.value,
                                                expectedLine: newest.line + 1))
            }
            seen[slot, default: []].append((source, read.completion!))
        }
        return found
    }
}
