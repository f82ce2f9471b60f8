/// One client operation on a key-value register, its invoke paired with its
/// completion: what the search orders.
struct RegisterOperation: Sendable, Hashable {
    enum Action: Sendable, Hashable {
        /// A read that completed `ok` with this value (null: the key was absent).
        case read(HistoryValue)
        case write(HistoryValue)
        case cas(expected: HistoryValue, new: HistoryValue)
        /// A cas that ran and found another value than `expected` (it failed
        /// with `precondition-failed`): an observation, as in Porcupine's etcd
        /// model, that changes nothing.
        case casMismatch(expected: HistoryValue)
    }

    var action: Action
    /// Index in the history of the invoke.
    var invoke: Int
    /// Index in the history of the completion, if there was one (`ok` or `info`).
    var completion: Int?
    /// True when the op completed `ok`; otherwise (`info` or never completed)
    /// it may take effect at any time after its invoke, or not at all.
    var completedOK: Bool

    /// Where its return sits in the search's order: never, for a pending op.
    var returnPosition: Int { completedOK ? completion! : Int.max }

    /// The same op with its result unknown, as if it had completed `info`.
    /// Nil for a read: a read whose result is unknown constrains nothing.
    var pending: RegisterOperation? {
        switch action {
        case .read, .casMismatch: return nil
        case .write, .cas: break
        }
        var op = self
        op.completedOK = false
        return op
    }

    /// The value this op needs someone to have written before it, if any:
    /// what an `ok` read saw (null included: someone may have written null),
    /// or what an `ok` cas matched.
    var observedValue: HistoryValue? {
        guard completedOK else { return nil }
        switch action {
        case .read(let v): return v
        case .cas(let expected, _): return expected
        case .write, .casMismatch: return nil
        }
    }

    /// The value this op may have written.
    var writtenValue: HistoryValue? {
        switch action {
        case .read, .casMismatch: return nil
        case .write(let v): return v
        case .cas(_, let new): return new
        }
    }
}
