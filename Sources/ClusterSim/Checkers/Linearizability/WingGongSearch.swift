/// Wing & Gong's search for a linearization of one key's operations, with
/// Lowe's memo of points already explored: the algorithm of Porcupine's
/// `checkSingle`, with pending ops handled lazily.
///
/// The completed ops' calls and returns sit in one doubly linked list in
/// history order. At each point the search tries to linearize next each op
/// whose call comes before the first return (lifting the call and its return
/// out of the list); when none works it backtracks.
///
/// Pending ops (`info`, or never completed) may take effect any time after
/// their invoke, or never. They are not in the list: a pending op that no one
/// observes need not be placed at all, and one that is observed can be moved
/// to just before the first completed op after it. So the search places
/// pending ops only as a short run just before a completed read or cas that
/// cannot happen in the current state, the run bringing the register to the
/// value that op needs (`PendingOps.runs`); a write needs none, nor does an
/// op that already can happen.
///
/// A point of the search is (completed ops linearized, state, pending ops
/// used). Having used fewer pending ops is never worse: so the memo keeps, per
/// (completed ops, state), the usages already explored, and skips a point when
/// it has used at least as many of each group as one of them (`SearchMemo`).
/// Ops that can happen without pending ops are tried first, so the point with
/// the least usage tends to be explored first. The memo's key for the
/// completed ops is the first unlinearized op plus the few words after it
/// (`LinearizedSet`), not a bitset of the whole key.
///
/// Time is exponential in the number of concurrent ops in the worst case; the
/// memo makes it about (ops × distinct states × 2^concurrency) in practice.
/// Proving a history *not* linearizable explores all of that; `run(_:budget:)`
/// bounds the steps.
enum WingGongSearch {
    enum Outcome: Equatable {
        case linearizable
        /// `blockedAt`: the furthest history position of a return the search
        /// could not get past; the history cut there already fails.
        case notLinearizable(blockedAt: Int)
        case gaveUp

        var failed: Bool { if case .notLinearizable = self { true } else { false } }
    }

    /// Searches with no limit.
    static func run(_ ops: [RegisterOperation], initial: HistoryValue? = nil) -> Outcome {
        var unlimited = Int.max
        return run(ops, initial: initial, budget: &unlimited)
    }

    /// A point being explored: which op to try next, and the op being tried.
    private struct Frame {
        /// The next call entry to try.
        var entry: Int
        /// Second pass: ops that need pending ops placed before them.
        var withPending = false
        /// History position of the first return: pending ops invoked before it may be placed.
        var horizon: Int
        /// The runs of pending ops for `entry` (second pass), the state each
        /// leaves the register in, and the next to try.
        var runs: [[Int32]] = []
        var runTargets: [RegisterModel.State] = []
        var run = -1
        /// The child being explored: its call entry, run (-1: none), and what to restore.
        var childEntry = EntryList.end
        var childRun = -1
        var savedState: RegisterModel.State = RegisterModel.absent
        var savedUsage: Int32 = 0
    }

    /// Searches for at most `budget` steps (points tried), subtracting the
    /// steps it took; `gaveUp` when the budget ran out first.
    static func run(_ ops: [RegisterOperation], initial: HistoryValue? = nil, budget: inout Int) -> Outcome {
        var model = RegisterModel()
        let start = model.initialState(initial)
        let completed = ops.filter(\.completedOK).sorted { $0.invoke < $1.invoke }
        let steps = completed.map { model.step(for: $0) }
        var pending = PendingOps(ops.filter { !$0.completedOK }, model: &model)
        var list = EntryList(completed)
        var linearized = LinearizedSet(completed)
        var memo = SearchMemo()
        var state = start
        let stateCount = model.count
        var blockedAt = 0

        func horizon() -> Int {
            var e = list.first
            while list.isCall(e) { e = list.next[e] }
            return completed[list.op[e]].returnPosition
        }

        guard list.first != EntryList.end else { return .linearizable }
        var frames = [Frame(entry: list.first, horizon: horizon())]

        while !frames.isEmpty {
            let t = frames.count - 1
            // The next child of frame t: a call entry, with a run of pending ops or none.
            var chosen: (entry: Int, run: Int)?
            while chosen == nil {
                let e = frames[t].entry
                if !list.isCall(e) {
                    guard !frames[t].withPending, !pending.isEmpty else { break }
                    frames[t].withPending = true
                    frames[t].entry = list.first
                    continue
                }
                let step = steps[list.op[e]]
                if !frames[t].withPending {
                    frames[t].entry = list.next[e]
                    if RegisterModel.apply(step, to: state) != nil { chosen = (e, -1) }
                    continue
                }
                if frames[t].run < 0 {
                    frames[t].run = 0
                    frames[t].runs = []
                    frames[t].runTargets = []
                    if RegisterModel.apply(step, to: state) == nil {
                        for target in needed(step, stateCount: stateCount) {
                            let runs = pending.runs(from: state, to: target, before: frames[t].horizon)
                            frames[t].runs += runs
                            frames[t].runTargets += repeatElement(target, count: runs.count)
                        }
                    }
                }
                if frames[t].run < frames[t].runs.count {
                    chosen = (e, frames[t].run)
                    frames[t].run += 1
                } else {
                    frames[t].entry = list.next[e]
                    frames[t].run = -1
                    frames[t].runs = []
                    frames[t].runTargets = []
                }
            }

            guard let (entry, run) = chosen else {
                // Explored: back to the parent, undoing the step that led here.
                blockedAt = max(blockedAt, frames[t].horizon)
                frames.removeLast()
                guard let parent = frames.last else { break }
                list.unlift(parent.childEntry)
                linearized.remove(list.op[parent.childEntry])
                state = parent.savedState
                if parent.childRun >= 0 { pending.unuse(parent.runs[parent.childRun], usage: parent.savedUsage) }
                continue
            }

            if budget <= 0 { return .gaveUp }
            budget -= 1
            let op = list.op[entry]
            let savedUsage = pending.usage
            var before = state
            if run >= 0 {
                pending.use(frames[t].runs[run])
                before = frames[t].runTargets[run]
            }
            let next = RegisterModel.apply(steps[op], to: before)!
            linearized.insert(op)
            list.lift(entry)
            if list.first == EntryList.end { return .linearizable }
            if memo.insert(linearized.key(state: next), usage: pending.usage, pending: pending) {
                frames[t].childEntry = entry
                frames[t].childRun = run
                frames[t].savedState = state
                frames[t].savedUsage = savedUsage
                state = next
                frames.append(Frame(entry: list.first, horizon: horizon()))
            } else {
                list.unlift(entry)
                linearized.remove(op)
                if run >= 0 { pending.unuse(frames[t].runs[run], usage: savedUsage) }
            }
        }
        return .notLinearizable(blockedAt: blockedAt)
    }

    /// The states in which a read or a cas can happen (none to reach for a
    /// write, which always can): one for a read or a matching cas, any value
    /// but the expected one for a cas that found another.
    private static func needed(_ step: RegisterModel.Step, stateCount: Int) -> [RegisterModel.State] {
        switch step {
        case .read(let v): return [v]
        case .cas(let expected, _), .pendingCas(let expected, _): return [expected]
        case .differs(let expected):
            return (0..<RegisterModel.State(stateCount)).filter { $0 != expected }
        case .write: return []
        }
    }
}

/// The points already explored: per (completed ops linearized, state), the
/// pending usages explored from there, none using at least as much as another.
private struct SearchMemo {
    private struct Usages {
        var first: Int32
        var more: [Int32] = []
    }

    private var explored: [MemoKey: Usages] = [:]

    /// Records the point; false when it (or a point with no more usage) was explored already.
    mutating func insert(_ key: MemoKey, usage: Int32, pending: PendingOps) -> Bool {
        guard let index = explored.index(forKey: key) else {
            explored[key] = Usages(first: usage)
            return true
        }
        let known = explored.values[index]
        if pending.atMost(known.first, usage) || known.more.contains(where: { pending.atMost($0, usage) }) {
            return false
        }
        // Keep an antichain: drop usages this one beats.
        let kept = ([known.first] + known.more).filter { !pending.atMost(usage, $0) }
        explored.values[index] = Usages(first: usage, more: kept)
        return true
    }
}
