import ClusterSim

/// One entry of a Raft log: the term of the leader that created it and what to apply.
public struct RaftEntry: Sendable, Hashable, CustomStringConvertible {
    public var term: Int
    public var command: RaftCommand
    public init(term: Int, command: RaftCommand) { self.term = term; self.command = command }
    public var description: String { "t\(term) \(command)" }
}

/// What an entry asks the state machine to do.
public enum RaftCommand: Sendable, Hashable, CustomStringConvertible {
    /// The entry a new leader appends to commit earlier terms' entries (§5.4.2, §8).
    case noop
    /// A client's operation; `(client, request)` identifies it for deduplication.
    case client(KVOperation, client: NodeID, request: Int)

    public var description: String {
        switch self {
        case .noop: return "no-op"
        case .client(let op, _, _): return op.description
        }
    }
}

/// A Raft log whose prefix may have been compacted into a snapshot.
///
/// Indices start at 1; index `snapshotIndex` is the last one the snapshot
/// covers (0 with no snapshot) and `entries[0]` sits at `snapshotIndex + 1`.
/// The log also remembers the lowest index written since the current
/// handler began, so the safety checkers can look only at what changed.
public struct RaftLog: Sendable, Hashable {
    public private(set) var snapshotIndex = 0
    public private(set) var snapshotTerm = 0
    /// Chunked, so a persisted copy doesn't make the next append copy the whole log.
    public private(set) var entries = ChunkedArray<RaftEntry>()
    /// Bumped on every write (including a restart), for the checkers.
    public private(set) var writes = 0
    /// The lowest index written since `beginHandler()`; `Int.max` if none.
    public private(set) var writtenFrom = Int.max

    public init() {}

    public init(_ entries: [RaftEntry]) { self.entries = ChunkedArray(entries) }

    public var lastIndex: Int { snapshotIndex + entries.count }
    public var lastTerm: Int { entries.last?.term ?? snapshotTerm }

    /// The term of the entry at `index`, or nil if it is compacted away or past the end.
    public func term(at index: Int) -> Int? {
        if index == snapshotIndex { return snapshotTerm }
        if index < snapshotIndex || index > lastIndex { return nil }
        return entries[index - snapshotIndex - 1].term
    }

    /// The entry at `index`; it must be in the log (not compacted, not past the end).
    public subscript(index: Int) -> RaftEntry {
        entries[index - snapshotIndex - 1]
    }

    /// Whether `index` holds an entry (not compacted, not past the end).
    public func contains(_ index: Int) -> Bool { index > snapshotIndex && index <= lastIndex }

    /// Up to `max` entries starting at `index` (which must be past the snapshot).
    public func entries(from index: Int, max: Int) -> [RaftEntry] {
        let lo = index - snapshotIndex - 1
        guard lo >= 0, lo < entries.count else { return [] }
        return Array(entries[lo..<min(entries.count, lo + max)])
    }

    /// §5.4.1: a log ending in (`lastIndex`, `lastTerm`) is at least as
    /// up-to-date as this one.
    public func isAtLeastAsUpToDate(lastIndex: Int, lastTerm: Int) -> Bool {
        lastTerm > self.lastTerm || (lastTerm == self.lastTerm && lastIndex >= self.lastIndex)
    }

    /// The first index holding `term` (for a follower's conflict hint).
    public func firstIndex(ofTerm term: Int, atOrBefore index: Int) -> Int {
        var i = index
        while i - 1 > snapshotIndex, self.term(at: i - 1) == term { i -= 1 }
        return i
    }

    /// The last index holding `term`, if the log has any entry of it (for a leader's backup).
    public func lastIndex(ofTerm term: Int) -> Int? {
        var i = lastIndex
        while i > snapshotIndex {
            let t = self.term(at: i)!
            if t == term { return i }
            if t < term { return nil }
            i -= 1
        }
        return nil
    }

    // MARK: Writing

    mutating func beginHandler() { writtenFrom = .max }

    private mutating func wrote(_ index: Int) {
        writes &+= 1
        writtenFrom = min(writtenFrom, index)
    }

    public mutating func append(_ entry: RaftEntry) {
        entries.append(entry)
        wrote(lastIndex)
    }

    /// Replaces the entry at `index` in place, keeping those after it (only
    /// the `keepConflictingEntries` mutation does this).
    mutating func overwrite(_ index: Int, with entry: RaftEntry) {
        entries[index - snapshotIndex - 1] = entry
        wrote(index)
    }

    /// Removes the entry at `index` and every one after it.
    public mutating func truncate(from index: Int) {
        guard index <= lastIndex else { return }
        entries.removeSuffix(from: max(0, index - snapshotIndex - 1))
        wrote(index)
    }

    /// Drops the entries up to and including `index`, which the snapshot now covers.
    mutating func compact(through index: Int) {
        guard index > snapshotIndex, index <= lastIndex else { return }
        let term = self.term(at: index)!
        entries.removePrefix(index - snapshotIndex)
        snapshotIndex = index; snapshotTerm = term
        writes &+= 1
    }

    /// Discards the whole log for a snapshot that ends at (`index`, `term`).
    mutating func reset(toSnapshot index: Int, term: Int) {
        entries.removeAll()
        snapshotIndex = index; snapshotTerm = term
        wrote(index + 1)
    }

    /// After a restart every entry counts as freshly written.
    mutating func reloaded() {
        writes &+= 1
        writtenFrom = snapshotIndex + 1
    }
}
