/// Shrinks a key's non-linearizable operations to a handful that still cannot
/// be ordered, so a student reads five ops, not five thousand.
///
/// The window must be an honest witness, not just any failing subset:
/// dropping the write a read observed would turn "write 1, write 2, read 1"
/// into the meaningless "read 1". So a set W is accepted only if W fails
/// even when every write or cas outside it may have taken effect at any time
/// after its invoke, or never (`relaxedWriters`). Then W fails on its own, and
/// the whole history fails because of W. The window reported is W plus the
/// writers it leaned on, so every value it observed has a visible source.
///
/// It starts where the search got stuck (the history cut at the furthest
/// return it could not pass fails already), takes the op that returned there
/// plus as few of the latest ops before it as still fail (1, 2, 4, ...:
/// anomalies are usually local, and small trials are cheap), then drops chunks
/// of ops, halving the chunk, while the rest fails and the window shrinks.
/// Effort is bounded in search steps; when it runs out, the window found so
/// far (still failing) is kept.
enum SmallestWindow {
    /// Search steps the whole shrink may spend.
    static let defaultEffort = 5_000_000
    /// Search steps one trial may spend before it counts as "not shown to fail".
    static let trialEffort = 200_000

    /// A subset of `ops` (which the search found not linearizable, stuck at
    /// `blockedAt`) that is not linearizable either.
    static func find(_ ops: [RegisterOperation], blockedAt: Int, initial: HistoryValue? = nil,
                     effort: Int = defaultEffort) -> [RegisterOperation] {
        var budget = effort
        let writers = ops.filter { $0.writtenValue != nil }
        let failing = ops.compactMap { op -> RegisterOperation? in
            guard op.invoke <= blockedAt else { return nil }
            return op.returnPosition > blockedAt ? op.pending : op
        }
        let culprit = failing.filter { $0.completion == blockedAt }
        let start = latestFailingSuffix(of: failing, suspects: culprit, writers: writers, initial: initial, budget: &budget)
        var kept = shrink(start, writers: writers, initial: initial, budget: &budget)
        // Once more with the writers it leaned on made explicit: they may make other ops redundant.
        let shown = withLeanedOn(kept, ops: ops, writers: writers)
        if shown.count > kept.count, fails(shown + relaxedWriters(for: shown, from: writers), initial: initial, budget: &budget) {
            kept = shrink(shown, writers: writers, initial: initial, budget: &budget)
        }
        return withLeanedOn(kept, ops: ops, writers: writers)
    }

    /// `kept` plus the original ops of the writers it leans on, in invoke order.
    private static func withLeanedOn(_ kept: [RegisterOperation], ops: [RegisterOperation],
                                     writers: [RegisterOperation]) -> [RegisterOperation] {
        let leanedOn = Set(relaxedWriters(for: kept, from: writers).map(\.invoke))
        return (kept + ops.filter { leanedOn.contains($0.invoke) }).sorted { $0.invoke < $1.invoke }
    }

    /// The suspects plus the fewest latest ops of `failing` that still fail.
    private static func latestFailingSuffix(of failing: [RegisterOperation], suspects: [RegisterOperation],
                                            writers: [RegisterOperation], initial: HistoryValue?, budget: inout Int) -> [RegisterOperation] {
        var k = 0
        while k < failing.count, budget > 0 {
            let suffix = failing.suffix(k)
            let trial = suspects.filter { !suffix.contains($0) } + suffix
            if fails(trial + relaxedWriters(for: trial, from: writers), initial: initial, budget: &budget) { return trial }
            k = max(1, k * 2)
        }
        return failing
    }

    /// Delta debugging over `window`: drops chunks while the rest fails and
    /// the window shown (the ops kept plus the writers they lean on) gets smaller.
    private static func shrink(_ window: [RegisterOperation], writers: [RegisterOperation],
                               initial: HistoryValue?, budget: inout Int) -> [RegisterOperation] {
        var kept = window
        var shown = kept.count + relaxedWriters(for: kept, from: writers).count
        var chunk = max(kept.count / 2, 1)
        while budget > 0 {
            var start = 0
            while start < kept.count, budget > 0 {
                let trial = Array(kept[..<start] + kept[min(start + chunk, kept.count)...])
                let relaxed = relaxedWriters(for: trial, from: writers)
                if !trial.isEmpty, trial.count + relaxed.count < shown, fails(trial + relaxed, initial: initial, budget: &budget) {
                    kept = trial
                    shown = trial.count + relaxed.count
                } else {
                    start += chunk
                }
            }
            if chunk == 1 { break }
            chunk = (chunk + 1) / 2
        }
        return kept
    }

    /// The writes and cas outside `window` that could explain a value it observed,
    /// as pending writes (a pending write allows all a pending cas would, and more).
    /// Writers of one value are interchangeable but for their invoke, and the
    /// earliest can stand in for any later one, so for a value observed k
    /// times only the k earliest are needed: the search stays small.
    private static func relaxedWriters(for window: [RegisterOperation], from writers: [RegisterOperation]) -> [RegisterOperation] {
        var wanted: [HistoryValue: Int] = [:]
        for op in window { if let v = op.observedValue { wanted[v, default: 0] += 1 } }
        guard !wanted.isEmpty else { return [] }
        let inWindow = Set(window.map(\.invoke))
        var relaxed: [RegisterOperation] = []
        for w in writers where !inWindow.contains(w.invoke) {
            guard let v = w.writtenValue, let k = wanted[v], k > 0 else { continue }
            wanted[v] = k - 1
            relaxed.append(RegisterOperation(action: .write(v), invoke: w.invoke, completion: w.completion, completedOK: false))
        }
        return relaxed
    }

    private static func fails(_ ops: [RegisterOperation], initial: HistoryValue?, budget: inout Int) -> Bool {
        var trialBudget = min(budget, trialEffort)
        let outcome = WingGongSearch.run(ops, initial: initial, budget: &trialBudget)
        budget -= min(budget, trialEffort) - trialBudget
        return outcome.failed
    }
}
