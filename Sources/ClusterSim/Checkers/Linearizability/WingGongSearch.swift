/// Wing & Gong's search for a linearization of one key's operations, with
/// Lowe's memo of (linearized set, state) pairs already explored: the
/// algorithm of Porcupine's `checkSingle`.
///
/// Calls and returns sit in one doubly linked list in history order. The
/// search walks it: at a call it tries to linearize that op next (lifting the
/// call and its return out of the list); at a return it has met an op that
/// should already have been linearized, so it backtracks. A pending op's
/// return sits after everything, so it may be linearized at any point, and
/// linearizing it last is the same as it never having happened.
///
/// Pending ops that do the same thing differ only in when they may start,
/// so they are linearized in invoke order (the earliest can stand in for any
/// later one): k pending writes of one value cost k + 1 search states, not 2^k.
///
/// Time is exponential in the number of concurrent ops in the worst case; the
/// memo makes it about (ops × distinct states × 2^concurrency) in practice.
/// Proving a history *not* linearizable explores all of that, and a pending
/// op stays concurrent with everything after it: one hot key with many
/// clients, few values and many `info` ops is the slow case.
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
    static func run(_ ops: [RegisterOperation]) -> Outcome {
        var unlimited = Int.max
        return run(ops, budget: &unlimited)
    }

    /// Searches for at most `budget` steps, subtracting the steps it took;
    /// `gaveUp` when the budget ran out first.
    static func run(_ ops: [RegisterOperation], budget: inout Int) -> Outcome {
        var model = RegisterModel()
        let steps = ops.map { model.step(for: $0) }
        let predecessor = pendingPredecessors(ops, steps)
        var list = EntryList(ops)
        var linearized = LinearizedSet(count: ops.count)
        var memo = Set<Memo>()
        var calls: [(entry: Int, state: RegisterModel.State)] = []
        var state = RegisterModel.absent
        var entry = list.first
        var blockedAt = 0

        while list.first != EntryList.end {
            if budget <= 0 { return .gaveUp }
            budget -= 1
            let op = list.op[entry]
            if list.isCall(entry) {
                let waits = predecessor[op] >= 0 && !linearized.contains(predecessor[op])
                if !waits, let next = RegisterModel.apply(steps[op], to: state) {
                    linearized.toggle(op)
                    if memo.insert(Memo(linearized: linearized, state: next)).inserted {
                        calls.append((entry, state))
                        state = next
                        list.lift(entry)
                        entry = list.first
                        continue
                    }
                    linearized.toggle(op)
                }
                entry = list.next[entry]
            } else {
                blockedAt = max(blockedAt, ops[list.op[entry]].returnPosition)
                guard let top = calls.popLast() else { return .notLinearizable(blockedAt: blockedAt) }
                state = top.state
                linearized.toggle(list.op[top.entry])
                list.unlift(top.entry)
                entry = list.next[top.entry]
            }
        }
        return .linearizable
    }

    /// For each pending op, the pending op with the same step invoked just
    /// before it (which must be linearized first), or -1.
    private static func pendingPredecessors(_ ops: [RegisterOperation], _ steps: [RegisterModel.Step]) -> [Int] {
        var predecessor = Array(repeating: -1, count: ops.count)
        var latest: [RegisterModel.Step: Int] = [:]
        for i in ops.indices.sorted(by: { ops[$0].invoke < ops[$1].invoke }) where !ops[i].completedOK {
            if let earlier = latest[steps[i]] { predecessor[i] = earlier }
            latest[steps[i]] = i
        }
        return predecessor
    }

    /// A point of the search already explored: these ops linearized, this state reached.
    private struct Memo: Hashable {
        var linearized: LinearizedSet
        var state: RegisterModel.State
    }
}
