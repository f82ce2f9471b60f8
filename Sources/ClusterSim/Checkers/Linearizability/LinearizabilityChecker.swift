/// Checks that a key-value history (Maelstrom's lin-kv: `read`, `write`,
/// `cas`) is linearizable, one key at a time (P-compositionality: a history
/// is linearizable iff each key's sub-history is).
///
///     let history = try HistoryFile.parse(jsonLines: text)
///     switch try LinearizabilityChecker.check(history) {
///     case .linearizable: print("linearizable")
///     case .notLinearizable(let key, let window): print(key, window)
///     }
///
/// `fail` ops did not happen; `info` ops and invokes that never complete may
/// have taken effect at any time after their invoke, or not at all. The search
/// is exact (no time limit); only shrinking a failure to its window is bounded.
public enum LinearizabilityChecker {
    /// `.linearizable`, or the first failing key (in order of first appearance)
    /// with a small window of ops that cannot be ordered. Throws `HistoryError`
    /// (line = index + 1) for a malformed history.
    public static func check(_ history: [HistoryOperation]) throws -> LinearizabilityResult {
        for keyHistory in try HistoryPairing.keyHistories(history) {
            guard case .notLinearizable(let blockedAt) = WingGongSearch.run(keyHistory.operations) else { continue }
            let window = SmallestWindow.find(keyHistory.operations, blockedAt: blockedAt)
            return .notLinearizable(key: keyHistory.key, window: lines(of: window, in: history))
        }
        return .linearizable
    }

    /// The invoke and completion lines of `ops`, in history order.
    static func lines(of ops: [RegisterOperation], in history: [HistoryOperation]) -> [HistoryOperation] {
        ops.flatMap { [$0.invoke] + ($0.completion.map { [$0] } ?? []) }.sorted().map { history[$0] }
    }
}
