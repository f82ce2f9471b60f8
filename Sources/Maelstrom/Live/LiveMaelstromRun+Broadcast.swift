import ClusterSim

/// What a broadcast run's clients saw, for lab predicates: the history's
/// operations in order, each with the run time of its trace event.
extension LiveMaelstromRun: BroadcastReadings {
    /// Client operations with their times (the recorder adds one trace event per operation, in order).
    private var timedOperations: [(time: Int64, op: MaelstromOperation)] {
        let kinds: Set<TraceEvent.Kind> = [.invoke, .ok, .fail, .info]
        let times = recorder.trace.events.lazy.filter { kinds.contains($0.kind) }.map(\.time)
        return Array(zip(times, recorder.operations).map { ($0, $1) })
    }

    public func acknowledgedBroadcasts(before time: Int64) -> Set<Int64> {
        Set(timedOperations.compactMap { t, op in
            op.f == "broadcast" && op.type == .ok && t <= time ? op.value.int : nil
        })
    }

    public func latestReads(since: Int64) -> [NodeID: Set<Int64>] {
        var invokedAt: [Int: Int64] = [:]
        var latest: [NodeID: Set<Int64>] = [:]
        for (t, op) in timedOperations where op.f == "read" {
            switch op.type {
            case .invoke: invokedAt[op.process] = t
            case .ok:
                guard let start = invokedAt[op.process], start >= since, let n = layout.node(named: op.node) else { continue }
                latest[n] = Set((op.value.array ?? []).compactMap(\.int))
            default: break
            }
        }
        return latest
    }
}
