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
        StaleReads.missedWrites(in: history, kind: .readYourWrites) { read, write in write.session == read.session }
    }
}
