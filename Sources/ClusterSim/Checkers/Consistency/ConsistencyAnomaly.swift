/// A read that broke a consistency guarantee weaker than linearizability:
/// what it read, what it should at least have seen, and where both sit in
/// the history (1-based lines, as `clusterlab export --format history` writes them).
public struct ConsistencyAnomaly: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A read older than a write that completed before the read began.
        case staleRead = "stale read"
        /// A session's read older than the session's own earlier write.
        case readYourWrites = "read-your-writes"
        /// A session's read older than what an earlier read of the session returned.
        case monotonicReads = "monotonic reads"
    }

    public var kind: Kind
    public var key: String
    public var session: Int
    /// What the read returned.
    public var read: HistoryValue
    /// The line of the read's completion.
    public var readLine: Int
    /// The newer value it should have seen at least: the missed write, the
    /// session's own write, or the session's earlier read.
    public var expected: HistoryValue
    /// The line of that write's or earlier read's completion.
    public var expectedLine: Int

    public init(kind: Kind, key: String, session: Int, read: HistoryValue, readLine: Int,
                expected: HistoryValue, expectedLine: Int) {
        self.kind = kind; self.key = key; self.session = session; self.read = read
        self.readLine = readLine; self.expected = expected; self.expectedLine = expectedLine
    }

    public var description: String { description(session: "session \(session)") }

    /// The sentence with the session named as the caller likes (a trace's
    /// sessions are client nodes: pass the client's name, `c2`).
    public func description(session name: String) -> String {
        let what: String
        switch kind {
        case .staleRead: what = "but the write of \(expected) had completed before the read began (line \(expectedLine))"
        case .readYourWrites: what = "but the same session had written \(expected) before (line \(expectedLine))"
        case .monotonicReads: what = "but the same session had already read \(expected) (line \(expectedLine))"
        }
        return "\(kind.rawValue): \(name) read \(key) = \(read) (line \(readLine)), \(what)"
    }
}
