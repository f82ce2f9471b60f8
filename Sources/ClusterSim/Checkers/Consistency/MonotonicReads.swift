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
        /// Per (session, key): of the earlier reads that completed, the one whose
        /// version is newest for certain (highest earliest invoke); and reads
        /// not yet completed at the current read's invoke.
        struct Slot { var newest: (source: ReadSource, line: Int)?; var waiting: [(source: ReadSource, line: Int)] = [] }
        var slots: [String: Slot] = [:]
        for read in history.operations where read.isJudgedRead {  // in invoke order
            let key = "\(read.session)/\(read.key)"
            var slot = slots[key] ?? Slot()
            slot.waiting.removeAll { earlier in
                guard earlier.line < read.invoke else { return false }
                if slot.newest.map({ earlier.source.earliestInvoke > $0.source.earliestInvoke }) ?? true { slot.newest = earlier }
                return true
            }
            let source = ReadSource(of: read, writes: writes[read.key] ?? .none)
            if let newest = slot.newest, source.isOlder(than: newest.source) {
                found.append(ConsistencyAnomaly(kind: .monotonicReads, key: read.key, session: read.session, read: read.value,
                                                readLine: read.completion! + 1, expected: newest.source.value,
                                                expectedLine: newest.line + 1))
            }
            slot.waiting.append((source, read.completion!))
            slots[key] = slot
        }
        return found
    }
}
