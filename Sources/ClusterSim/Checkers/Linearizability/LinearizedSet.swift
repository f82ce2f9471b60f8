/// The completed operations linearized so far (indexed in invoke order), as a
/// bitset that also knows its first unlinearized op `first`.
///
/// Every op linearized beyond `first` was invoked before `first` returned
/// (it was ordered before `first`), so the set is `0..<first` plus a few bits
/// in the short stretch up to `reach[first]`: the memo stores just that
/// stretch (`MemoKey`), whatever the length of the history.
struct LinearizedSet {
    private var words: [UInt64]
    private(set) var first = 0
    /// For op `i`: the last op invoked before `i` returns.
    private let reach: [Int]
    private let count: Int

    /// `ops` completed, sorted by invoke.
    init(_ ops: [RegisterOperation]) {
        count = ops.count
        words = Array(repeating: 0, count: (ops.count + 63) / 64 + 1)
        reach = ops.map { op in
            // Binary search: the number of ops invoked before `op` returns, less one.
            var (low, high) = (0, ops.count)
            while low < high {
                let mid = (low + high) / 2
                if ops[mid].invoke < op.returnPosition { low = mid + 1 } else { high = mid }
            }
            return low - 1
        }
    }

    @inline(__always)
    func contains(_ i: Int) -> Bool {
        words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    mutating func insert(_ i: Int) {
        words[i >> 6] |= 1 << UInt64(i & 63)
        while first < count, contains(first) { first += 1 }
    }

    mutating func remove(_ i: Int) {
        words[i >> 6] &= ~(1 << UInt64(i & 63))
        first = min(first, i)
    }

    /// The memo's name for this set with the register in `state`.
    func key(state: RegisterModel.State) -> MemoKey {
        guard first < count else { return MemoKey(first: Int32(first), state: state, word: 0, more: []) }
        let low = first >> 6, high = reach[first] >> 6
        return MemoKey(first: Int32(first), state: state, word: words[low],
                       more: high > low ? Array(words[(low + 1)...high]) : [])
    }
}

/// A point of the search without its pending ops: the completed ops
/// linearized (`first` and the words from `first` to its reach) and the state.
struct MemoKey: Hashable {
    var first: Int32
    var state: RegisterModel.State
    var word: UInt64
    /// Empty (no allocation) unless ops overlapping `first` span several words.
    var more: [UInt64]
}
