import ClusterSim

/// A read that returned something older than a write it should have seen.
public struct StaleRead: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    /// The reader's Jepsen process.
    public var process: Int
    /// What it read (nil: nothing).
    public var read: Int64?
    /// A write that completed before the read began and after the write of `read` completed.
    public var missed: Int64
    /// The read's `ok` and the missed write's `ok`, as positions in the history.
    public var readAt: Int, missedAt: Int
    /// The missed write was a delete (`missed` is then 0).
    public var missedDelete = false

    public var description: String {
        "process \(process) read \(key) = \(read.map(String.init) ?? "nothing") (history line \(readAt + 1)), "
            + "but " + (missedDelete ? "the delete of \(key)" : "the write \(key) = \(missed)")
            + " had completed before it began (line \(missedAt + 1))"
    }
}

/// Finds stale reads in a key-value history where every write writes a
/// distinct value: a read is stale if some write on its key completed before
/// the read was invoked and after the write it read from completed (or it
/// read nothing). Real-time order is the order of the history's lines.
///
/// This is weaker than linearizability (it ignores concurrent writes and the
/// order of reads against each other) and is what R + W > N promises with
/// timestamps that respect real time. A write that timed out (`info`) may
/// take effect at any time, so reading it is never stale; a value nobody
/// wrote is reported as stale against the latest write before the read.
/// A delete is a write of nothing: reading nothing after it is fresh; a read
/// of an overwritten value after it is stale (reported with `missed` 0).
/// Reads that returned several siblings (a list) are not checked.
public enum StaleReadChecker {
    /// A write, or (value nil) a delete.
    struct Write { var value: Int64?; var invoke: Int; var complete: Int? }

    public static func check(_ history: [HistoryOperation]) -> [StaleRead] {
        var pending: [Int: Int] = [:]  // process -> its invoke's position
        var writes: [String: [Write]] = [:]
        var reads: [(key: String, process: Int, value: Int64?, invoke: Int, complete: Int)] = []
        for (i, op) in history.enumerated() {
            if op.type == .invoke { pending[op.process] = i; continue }
            guard let start = pending.removeValue(forKey: op.process) else { continue }
            switch (op.f, op.type, op.value) {
            case ("write", .ok, .int(let v)): writes[op.key, default: []].append(Write(value: v, invoke: start, complete: i))
            case ("write", .info, .int(let v)): writes[op.key, default: []].append(Write(value: v, invoke: start, complete: nil))
            case ("delete", .ok, _): writes[op.key, default: []].append(Write(value: nil, invoke: start, complete: i))
            case ("delete", .info, _): writes[op.key, default: []].append(Write(value: nil, invoke: start, complete: nil))
            case ("read", .ok, .int(let v)): reads.append((op.key, op.process, v, start, i))
            case ("read", .ok, .null): reads.append((op.key, op.process, nil, start, i))
            default: break
            }
        }
        var stale: [StaleRead] = []
        for r in reads {
            let all = writes[r.key] ?? []
            let before = all.filter { ($0.complete ?? Int.max) < r.invoke }
            // Reading nothing may come from a delete: the latest one that began before the read ended.
            let deletes = r.value == nil ? all.filter { $0.value == nil && $0.invoke < r.complete } : []
            if deletes.contains(where: { $0.complete == nil }) { continue }
            let source = r.value.flatMap { v in all.first { $0.value == v } } ?? deletes.max { $0.complete! < $1.complete! }
            if let s = source, s.complete == nil { continue }  // a timed-out write may land any time
            let sourceDone = source?.complete ?? -1
            if let missed = before.filter({ $0.invoke > sourceDone }).max(by: { $0.complete! < $1.complete! }) {
                stale.append(StaleRead(key: r.key, process: r.process, read: r.value, missed: missed.value ?? 0,
                                       readAt: r.complete, missedAt: missed.complete!, missedDelete: missed.value == nil))
            }
        }
        return stale
    }
}
