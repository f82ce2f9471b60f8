/// The calls and returns of one key's ops as a doubly linked list in history
/// order, in flat arrays; entries are lifted out and put back in LIFO order
/// (dancing links).
struct EntryList {
    static let end = -1
    private static let head = 0

    /// For entry `e` (1-based; 0 is the head): the op it belongs to.
    private(set) var op: [Int]
    /// For a call entry, its return entry; `end` for a return entry.
    private var match: [Int]
    private(set) var next: [Int]
    private var prev: [Int]

    init(_ ops: [RegisterOperation]) {
        // (position, op, isReturn); pending returns all sit at the end, in invoke order.
        var events: [(position: Int, op: Int, isReturn: Bool)] = []
        events.reserveCapacity(ops.count * 2)
        for (i, o) in ops.enumerated() {
            events.append((o.invoke, i, false))
            events.append((o.returnPosition, i, true))
        }
        events.sort { ($0.position, $0.op) < ($1.position, $1.op) }

        let count = events.count + 1
        op = Array(repeating: EntryList.end, count: count)
        match = Array(repeating: EntryList.end, count: count)
        next = Array(repeating: EntryList.end, count: count)
        prev = Array(repeating: EntryList.end, count: count)
        var returnEntry = Array(repeating: 0, count: ops.count)
        for (i, event) in events.enumerated() {
            let e = i + 1
            op[e] = event.op
            prev[e] = e - 1
            next[e - 1] = e
            if event.isReturn { returnEntry[event.op] = e }
        }
        for e in 1..<count {
            let r = returnEntry[op[e]]
            if r != e { match[e] = r }
        }
    }

    var first: Int { next[EntryList.head] }

    func isCall(_ e: Int) -> Bool { match[e] != EntryList.end }

    /// Takes a call and its return out of the list.
    mutating func lift(_ e: Int) {
        let r = match[e]
        next[prev[e]] = next[e]
        prev[next[e]] = prev[e]  // a call's next is never `end`: its return follows
        next[prev[r]] = next[r]
        if next[r] != EntryList.end { prev[next[r]] = prev[r] }
    }

    /// Puts back the call most recently lifted, with its return.
    mutating func unlift(_ e: Int) {
        let r = match[e]
        next[prev[r]] = r
        if next[r] != EntryList.end { prev[next[r]] = r }
        next[prev[e]] = e
        prev[next[e]] = e
    }
}
