/// One key's pending ops (`info`, or never completed), as the search uses
/// them: only to make a completed op possible, just before it.
///
/// Pending ops with the same step differ only in when they may start, so
/// they sit in one group and are used in invoke order (the earliest can stand
/// in for any later one): what has been used is a count per group, interned
/// as a small `usage` id. Pending reads constrain nothing and are dropped, and
/// so is a pending cas that would write the value it expects.
struct PendingOps {
    private struct Group {
        var step: RegisterModel.Step
        /// Invoke positions of its ops, ascending.
        var invokes: [Int]
    }

    private var groups: [Group] = []
    /// Group indices of pending writes, and of pending cas by the value they expect.
    private var writes: [Int] = []
    private var casFrom: [[Int]] = []
    private var used: [UInt32] = []
    private var table = UsageTable()
    /// The id of `used` in `table`.
    private(set) var usage: Int32 = 0

    var isEmpty: Bool { groups.isEmpty }

    init(_ ops: [RegisterOperation], model: inout RegisterModel) {
        var index: [RegisterModel.Step: Int] = [:]
        for op in ops.sorted(by: { $0.invoke < $1.invoke }) {
            let step = model.step(for: op)
            switch step {
            case .read, .cas, .differs: continue  // a pending read, or an ok op (not pending)
            case .pendingCas(let e, let n) where e == n: continue
            case .write, .pendingCas: break
            }
            let g = index[step] ?? {
                groups.append(Group(step: step, invokes: []))
                index[step] = groups.count - 1
                return groups.count - 1
            }()
            groups[g].invokes.append(op.invoke)
        }
        casFrom = Array(repeating: [], count: model.count)
        for (g, group) in groups.enumerated() {
            switch group.step {
            case .write: writes.append(g)
            case .pendingCas(let e, _): casFrom[Int(e)].append(g)
            default: break
            }
        }
        used = Array(repeating: 0, count: groups.count)
        usage = table.intern(used)
    }

    /// Whether group `g` has an unused op invoked before history position `horizon`.
    @inline(__always)
    private func available(_ g: Int, before horizon: Int) -> Bool {
        let next = Int(used[g])
        return next < groups[g].invokes.count && groups[g].invokes[next] < horizon
    }

    /// The sequences of pending ops (group indices) available before `horizon`
    /// that take the register from `state` to `target`: a write, or `state`,
    /// then a chain of cas visiting no value twice. Any other sequence that
    /// gets there uses a superset of the ops of one of these, and using fewer
    /// pending ops never hurts (an unused pending op may still happen later).
    func runs(from state: RegisterModel.State, to target: RegisterModel.State, before horizon: Int) -> [[Int32]] {
        var result: [[Int32]] = []
        var path: [Int32] = []
        var visited = Array(repeating: false, count: casFrom.count)

        func extend(_ value: RegisterModel.State) {
            guard value >= 0 else { return }  // no cas matches an absent key
            visited[Int(value)] = true
            defer { visited[Int(value)] = false }
            for g in casFrom[Int(value)] where available(g, before: horizon) {
                guard case .pendingCas(_, let new) = groups[g].step, !visited[Int(new)] else { continue }
                path.append(Int32(g))
                if new == target { result.append(path) } else { extend(new) }
                path.removeLast()
            }
        }

        extend(state)
        for g in writes where available(g, before: horizon) {
            guard case .write(let value) = groups[g].step, value != state else { continue }
            path = [Int32(g)]
            if value == target { result.append(path) } else { extend(value) }
        }
        return result
    }

    /// Marks the next op of each group in `run` used.
    mutating func use(_ run: [Int32]) {
        for g in run { used[Int(g)] += 1 }
        usage = table.intern(used)
    }

    /// Undoes `use(run)`; `usage` is what it was before.
    mutating func unuse(_ run: [Int32], usage: Int32) {
        for g in run { used[Int(g)] -= 1 }
        self.usage = usage
    }

    /// Whether usage `a` used no more of any group than usage `b`.
    func atMost(_ a: Int32, _ b: Int32) -> Bool { table.atMost(a, b) }
}

/// Usage vectors (ops used per group), each stored once and named by an id.
private struct UsageTable {
    private var vectors: [[UInt32]] = []
    private var ids: [[UInt32]: Int32] = [:]

    mutating func intern(_ vector: [UInt32]) -> Int32 {
        if let id = ids[vector] { return id }
        vectors.append(vector)
        ids[vector] = Int32(vectors.count - 1)
        return Int32(vectors.count - 1)
    }

    func atMost(_ a: Int32, _ b: Int32) -> Bool {
        if a == b { return true }
        let (x, y) = (vectors[Int(a)], vectors[Int(b)])
        for i in x.indices where x[i] > y[i] { return false }
        return true
    }
}
