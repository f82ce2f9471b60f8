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
/// is exact but bounded: a key that needs more than `budget` search steps is
/// left undecided (`LinearizabilityUndecided`) rather than eat the machine.
/// Shrinking a failure to its window is bounded separately.
public enum LinearizabilityChecker {
    /// Search steps one key may take by default. A step costs well under a
    /// microsecond and the memo at most ~32 bytes (release build), so a key
    /// gives up within about 10-20 s and ~650 MB at worst. Linearizable
    /// histories take about one step per op.
    public static let defaultBudget = 20_000_000

    /// `.linearizable`, or the first failing key (in order of first appearance)
    /// with a small window of ops that cannot be ordered. Throws `HistoryError`
    /// (line = index + 1) for a malformed history, and `LinearizabilityUndecided`
    /// when a key takes more than `defaultBudget` steps to decide.
    public static func check(_ history: [HistoryOperation]) throws -> LinearizabilityResult {
        try check(history, budget: defaultBudget)
    }

    /// `check(_:)` with at most `budget` search steps per key, registers
    /// behaving as `semantics` says (Maelstrom's lin-kv by default). A key that
    /// runs out does not stop the others: if a later key fails, the history
    /// is not linearizable whatever the undecided key would have shown, so
    /// that is the result; otherwise the first undecided key is thrown.
    public static func check(_ history: [HistoryOperation], budget: Int,
                             semantics: RegisterSemantics = .maelstrom) throws -> LinearizabilityResult {
        var undecided: LinearizabilityUndecided?
        for keyHistory in try HistoryPairing.keyHistories(history, semantics: semantics) {
            var left = budget
            switch WingGongSearch.run(keyHistory.operations, initial: semantics.initial, budget: &left) {
            case .linearizable:
                continue
            case .gaveUp:
                if undecided == nil {
                    undecided = LinearizabilityUndecided(key: keyHistory.key, statesExplored: budget - left)
                }
            case .notLinearizable(let blockedAt):
                let window = SmallestWindow.find(keyHistory.operations, blockedAt: blockedAt, initial: semantics.initial)
                return .notLinearizable(key: keyHistory.key, window: lines(of: window, in: history))
            }
        }
        if let undecided { throw undecided }
        return .linearizable
    }

    /// The invoke and completion lines of `ops`, in history order.
    static func lines(of ops: [RegisterOperation], in history: [HistoryOperation]) -> [HistoryOperation] {
        ops.flatMap { [$0.invoke] + ($0.completion.map { [$0] } ?? []) }.sorted().map { history[$0] }
    }
}
