/// Finds read-your-writes violations: a session reads a key and gets a
/// version older than one the same session had written there, its write
/// acknowledged (`ok`) before the read began.
///
/// A session that reads back what it just wrote expects to see it (Terry et
/// al., 1994). A store that sends each request to any replica breaks this
/// unless reads and writes overlap (R + W > N) or the session sticks to one
/// replica. One anomaly per read, naming the session's latest write it missed.
public enum ReadYourWrites {
    public static func find(in history: SessionHistory) -> [ConsistencyAnomaly] {
        let writes = history.writesByKey()
        var found: [ConsistencyAnomaly] = []
        for read in history.operations where read.isJudgedRead {
            let keyWrites = writes[read.key] ?? .none
            let source = ReadSource(of: read, writes: keyWrites)
            guard let latest = keyWrites.latestMissed(before: read.invoke, after: source,
                                                      where: { $0.session == read.session }) else { continue }
            found.append(ConsistencyAnomaly(kind: .readYourWrites, key: read.key, session: read.session, read: read.value,
                                            readLine: read.completion! + 1, expected: latest.value,
                                            expectedLine: latest.completion + 1))
        }
        return found
    }
}
