/// Shrinks a key's non-linearizable operations to a handful that still cannot
/// be ordered, so a student reads five ops, not five thousand.
///
/// First the shortest failing prefix (binary search: cut the history after
/// the c-th invoke, ops still running at the cut become pending; failing is
/// monotone in c). Then delta debugging: drop chunks of ops, halving the
/// chunk, while the rest still fails, down to single ops. Two rules keep the
/// window honest: every step is re-checked, and an op may not be dropped if a
/// kept op observed the value it wrote (otherwise "write 1, write 2, read 1"
/// would shrink to the meaningless "read 1"). The effort is bounded in search
/// steps; when it runs out, the window found so far (still failing) is kept.
enum SmallestWindow {
    /// Search steps the whole shrink may spend (a full 10,000-op check takes ~20,000).
    static let defaultEffort = 5_000_000

    /// A subset of `ops` (which must not be linearizable) that is not linearizable either.
    static func find(_ ops: [RegisterOperation], effort: Int = defaultEffort) -> [RegisterOperation] {
        var budget = effort
        var window = shortestFailingPrefix(ops, budget: &budget)
        if WingGongSearch.run(window, budget: &budget) != .notLinearizable { window = ops }
        return shrink(window, everyWrite: Set(ops.compactMap(\.writtenValue)), budget: &budget)
    }

    /// The first c ops by invoke, for the smallest c whose cut-off history fails.
    private static func shortestFailingPrefix(_ ops: [RegisterOperation], budget: inout Int) -> [RegisterOperation] {
        var low = 1, high = ops.count  // ops.count: the whole history, known to fail
        while low < high {
            let c = (low + high) / 2
            if fails(cutAfterInvoke(c, of: ops), budget: &budget) { high = c } else { low = c + 1 }
        }
        return Array(ops.prefix(high))
    }

    /// The history as it stood just after the c-th invoke: ops not yet returned are pending.
    private static func cutAfterInvoke(_ c: Int, of ops: [RegisterOperation]) -> [RegisterOperation] {
        let cut = ops[c - 1].invoke
        return ops.prefix(c).compactMap { $0.returnPosition > cut ? $0.pending : $0 }
    }

    /// Delta debugging over `window`, keeping it failing and every observed value sourced.
    private static func shrink(_ window: [RegisterOperation], everyWrite: Set<HistoryValue>,
                               budget: inout Int) -> [RegisterOperation] {
        var kept = window
        var chunk = max(kept.count / 2, 1)
        while budget > 0 {
            var start = 0
            while start < kept.count, budget > 0 {
                let trial = Array(kept[..<start] + kept[min(start + chunk, kept.count)...])
                if !trial.isEmpty, observedValuesStayWritten(trial, everyWrite: everyWrite), fails(trial, budget: &budget) {
                    kept = trial
                } else {
                    start += chunk
                }
            }
            if chunk == 1 { break }
            chunk = (chunk + 1) / 2
        }
        return kept
    }

    /// True when every value a kept op observed, if anyone wrote it at all, is still written by a kept op.
    private static func observedValuesStayWritten(_ ops: [RegisterOperation], everyWrite: Set<HistoryValue>) -> Bool {
        let written = Set(ops.compactMap(\.writtenValue))
        return ops.allSatisfy { op in
            guard let v = op.observedValue, everyWrite.contains(v) else { return true }
            return written.contains(v)
        }
    }

    private static func fails(_ ops: [RegisterOperation], budget: inout Int) -> Bool {
        WingGongSearch.run(ops, budget: &budget) == .notLinearizable
    }
}
