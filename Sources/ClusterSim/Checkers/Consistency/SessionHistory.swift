/// A client history with each invoke paired to its completion and tagged with
/// the session (the client) that issued it: what the session-guarantee and
/// stale-read checkers read.
///
/// Jepsen-style clients take a new process number after an `info` (the old
/// one may still take effect), so a process is not a session; the trace
/// knows which client node recorded each line, and `init(trace:)` uses it.
/// Positions are indexes into the history: real-time order is line order.
public struct SessionHistory: Sendable {
    /// One operation, invoke and completion together.
    public struct Operation: Sendable, Hashable {
        public enum Outcome: Sendable, Hashable { case ok, fail, info, pending }
        /// The client that issued it (its node index in a trace).
        public var session: Int
        public var process: Int
        /// `read`, `write` or `cas`.
        public var f: String
        public var key: String
        /// For a write, the value written; for an `ok` read, the value read; for a cas, `[expected, new]`.
        public var value: HistoryValue
        public var outcome: Outcome
        /// Positions of the invoke and the completion in the history (nil: never completed).
        public var invoke: Int
        public var completion: Int?
        /// Virtual times of the invoke and the completion, when they came from a trace.
        public var invokeTime: Int64?
        public var completionTime: Int64?
        /// The node the client first sent the operation to (from a trace): the
        /// server a partition may cut it off with.
        public var firstContact: Int?

        public var isRead: Bool { f == "read" }
        /// An `ok` read with one value: what the checkers judge. A read that
        /// returned several siblings (a list) saw concurrent versions and is not judged.
        public var isJudgedRead: Bool {
            guard isRead, outcome == .ok else { return false }
            if case .list = value { return false }
            return true
        }
        /// Where the completion sits, or after everything if it never completed.
        public var completionOrEnd: Int { completion ?? Int.max }
    }

    /// Operations in invoke order.
    public var operations: [Operation]
    /// The history the operations were paired from.
    public var lines: [HistoryOperation]

    /// Pairs `history` line by line; `session` maps a process to its session
    /// (default: each process is its own session). Completions with no
    /// outstanding invoke are ignored: these checkers read, they don't validate.
    public init(_ history: [HistoryOperation], session: (Int) -> Int = { $0 }) {
        self.init(history, sessions: history.map { session($0.process) }, times: nil)
    }

    /// Pairs the client history of a trace; a session is the client node that recorded the line.
    public init(trace: Trace) {
        var ops: [HistoryOperation] = [], sessions: [Int] = [], times: [Int64] = []
        var waiting: [Int32: Int] = [:]  // client node -> position of its invoke, until it sends
        var contacts: [Int: Int] = [:]  // invoke position -> first node sent to
        for e in trace.events {
            if e.kind == .send, let at = waiting.removeValue(forKey: e.node) { contacts[at] = Int(e.peer) }
            guard let op = trace.operation(of: e) else { continue }
            if e.kind == .invoke { waiting[e.node] = ops.count }
            ops.append(op); sessions.append(Int(e.node)); times.append(e.time)
        }
        self.init(ops, sessions: sessions, times: times)
        for i in operations.indices { operations[i].firstContact = contacts[operations[i].invoke] }
    }

    init(_ history: [HistoryOperation], sessions: [Int], times: [Int64]?) {
        lines = history
        operations = []
        var outstanding: [Int: Int] = [:]  // process -> index into operations
        for (i, line) in history.enumerated() {
            let time = times?[i]
            if line.type == .invoke {
                outstanding[line.process] = operations.count
                operations.append(Operation(session: sessions[i], process: line.process, f: line.f, key: line.key,
                                            value: line.value, outcome: .pending, invoke: i, completion: nil,
                                            invokeTime: time, completionTime: nil, firstContact: nil))
                continue
            }
            guard let slot = outstanding.removeValue(forKey: line.process) else { continue }
            operations[slot].completion = i
            operations[slot].completionTime = time
            switch line.type {
            case .ok:
                operations[slot].outcome = .ok
                if line.f == "read" { operations[slot].value = line.value }
            case .fail: operations[slot].outcome = .fail
            case .info: operations[slot].outcome = .info
            case .invoke: break
            }
        }
    }

    /// The writes that may have taken effect, by key: `ok`, `info` and never-completed
    /// writes, cas ops that did not fail (their new value) and deletes (a write
    /// of null: reading nothing after one is fresh). Failed ones did not happen.
    func writesByKey() -> [String: KeyWrites] {
        var writes: [String: [WrittenVersion]] = [:]
        for op in operations where op.outcome != .fail {
            let value: HistoryValue
            switch (op.f, op.value) {
            case ("write", let v): value = v
            case ("delete", _): value = .null
            case ("cas", .list(let pair)) where pair.count == 2: value = pair[1]
            default: continue
            }
            let done = op.outcome == .ok ? op.completion! : Int.max
            writes[op.key, default: []].append(WrittenVersion(value: value, invoke: op.invoke, completion: done, session: op.session))
        }
        return writes.mapValues(KeyWrites.init)
    }
}

/// One key's writes, indexed for the checkers: by completion (to find the
/// writes that completed in a window) and by value (to find a read's source).
struct KeyWrites: Sendable {
    /// Sorted by completion, then invoke.
    let byCompletion: [WrittenVersion]
    let byValue: [HistoryValue: SameValueWrites]

    init(_ writes: [WrittenVersion]) {
        byCompletion = writes.sorted { ($0.completion, $0.invoke) < ($1.completion, $1.invoke) }
        byValue = Dictionary(grouping: writes, by: \.value).mapValues(SameValueWrites.init)
    }

    static let none = KeyWrites([])

    /// The latest-completing write that completed before `position` and
    /// certainly follows every version `source` may be (invoked after they all
    /// completed), among those `include` accepts. Scans back only over writes
    /// completing after `source.latestCompletion`: no earlier one can qualify.
    func latestMissed(before position: Int, after source: ReadSource,
                      where include: (WrittenVersion) -> Bool = { _ in true }) -> WrittenVersion? {
        // First index whose completion is >= position.
        var lo = 0, hi = byCompletion.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if byCompletion[mid].completion < position { lo = mid + 1 } else { hi = mid }
        }
        var i = lo - 1
        while i >= 0, byCompletion[i].completion > source.latestCompletion {
            let w = byCompletion[i]
            if source.isOlder(than: w), include(w) { return w }
            i -= 1
        }
        return nil
    }
}

/// The writes of one value to one key, for finding which of them a read
/// may have seen without scanning them all (values can repeat thousands of times).
struct SameValueWrites: Sendable {
    /// Invokes in ascending order, and for each prefix the latest completion.
    let invokes: [Int]
    let latestCompletionUpTo: [Int]

    init(_ writes: [WrittenVersion]) {
        let sorted = writes.sorted { $0.invoke < $1.invoke }
        invokes = sorted.map(\.invoke)
        var latest = Int.min
        latestCompletionUpTo = sorted.map { latest = max(latest, $0.completion); return latest }
    }

    /// The earliest invoke and the latest completion among the writes invoked
    /// before `position`, or nil if none was.
    func span(invokedBefore position: Int) -> (earliestInvoke: Int, latestCompletion: Int)? {
        var lo = 0, hi = invokes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if invokes[mid] < position { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : (invokes[0], latestCompletionUpTo[lo - 1])
    }
}

/// A write as the version checkers see it: its value and the span of lines
/// in which it took effect (completion `Int.max`: it may take effect any time).
struct WrittenVersion: Sendable, Hashable {
    var value: HistoryValue
    var invoke: Int
    var completion: Int
    var session: Int
}
