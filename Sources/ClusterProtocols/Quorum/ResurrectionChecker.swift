import ClusterSim

/// A deleted value read back: a zombie.
public struct Resurrection: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var value: Int64
    /// Positions in the history (0-based): the write's `ok`, the delete's `ok`, the read's `ok`.
    public var writtenAt: Int, deletedAt: Int, readAt: Int

    public init(key: String, value: Int64, writtenAt: Int, deletedAt: Int, readAt: Int) {
        self.key = key; self.value = value; self.writtenAt = writtenAt; self.deletedAt = deletedAt; self.readAt = readAt
    }

    public var description: String {
        "\(key) = \(value) came back: written (history line \(writtenAt + 1)), deleted (line \(deletedAt + 1)), "
            + "read again (line \(readAt + 1))"
    }
}

/// Names the keys whose deleted value came back, from the client history
/// alone: a write of `v` completed, then a delete of the key was invoked and
/// completed, then a read invoked after that returned `v` again, with no
/// other write of `v` to the key invoked after the delete began (values are
/// unique per write, so `v` names the write it came from). A write that timed
/// out (`info`) may land at any time and is never the deleted write.
///
/// This is the symptom of a tombstone purged (after `gc_grace`) before every
/// replica had it: a replica that missed the delete still holds `v`, and a
/// repair or a read copies it back. A special case of a stale read, named
/// separately because the cure differs: repair within `gc_grace`, not a
/// stronger consistency level.
public enum ResurrectionChecker {
    public static func check(_ history: [HistoryOperation]) -> [Resurrection] {
        check(SessionHistory(history))
    }

    public static func check(_ history: SessionHistory) -> [Resurrection] {
        let ops = history.operations
        var found: [Resurrection] = []
        var named: Set<String> = []
        for read in ops where read.isJudgedRead {
            guard case .int(let v) = read.value, let readOk = read.completion else { continue }
            let writes = ops.filter { $0.f == "write" && $0.key == read.key && $0.value == .int(v) }
            guard let write = writes.first(where: { $0.outcome == .ok }), writes.count == 1 else { continue }
            let deletes = ops.filter { d in
                d.f == "delete" && d.key == read.key && d.outcome == .ok
                    && d.invoke > write.completionOrEnd && d.completionOrEnd < read.invoke
            }
            guard let delete = deletes.last, !named.contains("\(read.key)=\(v)") else { continue }
            named.insert("\(read.key)=\(v)")
            found.append(Resurrection(key: read.key, value: v, writtenAt: write.completionOrEnd,
                                      deletedAt: delete.completionOrEnd, readAt: readOk))
        }
        return found
    }

    /// The keys with a resurrection, sorted.
    public static func keys(_ history: SessionHistory) -> [String] {
        Array(Set(check(history).map(\.key))).sorted()
    }
}
