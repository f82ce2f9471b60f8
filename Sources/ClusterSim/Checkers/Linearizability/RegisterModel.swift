/// A single register as the search sees it: every value interned to a small
/// integer, so a state is one `Int32` and a step is a comparison.
///
/// The key starts absent (`RegisterModel.absent`). A read of null matches an
/// absent key (or an explicit null); a cas on an absent key never matches.
struct RegisterModel {
    typealias State = Int32
    static let absent: State = -1
    /// `.null` is always interned first.
    static let null: State = 0

    /// One op's step, with its values interned.
    enum Step: Hashable {
        case read(State)
        case write(State)
        /// A cas that completed `ok`: it must have matched.
        case cas(expected: State, new: State)
        /// A cas whose result is unknown: applies if it matches, otherwise it
        /// failed (or never ran) and leaves the state alone.
        case pendingCas(expected: State, new: State)
        /// A cas that found another value: happens in any state but `expected`.
        case differs(expected: State)
    }

    private var ids: [HistoryValue: State] = [.null: RegisterModel.null]

    /// How many values have been interned: states are `absent` and `0..<count`.
    var count: Int { ids.count }

    /// The step for an op, interning its values.
    mutating func step(for op: RegisterOperation) -> Step {
        switch op.action {
        case .read(let v): return .read(id(v))
        case .write(let v): return .write(id(v))
        case .cas(let e, let n): return op.completedOK ? .cas(expected: id(e), new: id(n)) : .pendingCas(expected: id(e), new: id(n))
        case .casMismatch(let e): return .differs(expected: id(e))
        }
    }

    /// The state a key starts in: `absent`, or the initial value interned.
    mutating func initialState(_ initial: HistoryValue?) -> State {
        initial.map { id($0) } ?? RegisterModel.absent
    }

    private mutating func id(_ value: HistoryValue) -> State {
        if let known = ids[value] { return known }
        let next = State(ids.count)
        ids[value] = next
        return next
    }

    /// The state after `step`, or nil when the step cannot happen in `state`.
    @inline(__always)
    static func apply(_ step: Step, to state: State) -> State? {
        switch step {
        case .read(let v):
            return v == state || (v == null && state == absent) ? state : nil
        case .write(let v):
            return v
        case .cas(let e, let n):
            return state == e ? n : nil
        case .pendingCas(let e, let n):
            return state == e ? n : state
        case .differs(let e):
            return state != e ? state : nil
        }
    }
}
