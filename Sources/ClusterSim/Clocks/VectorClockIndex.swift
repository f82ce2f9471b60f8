/// Rebuilds the vector clock of any event in a trace, exactly as the engine
/// stamped it, without storing a vector per event.
///
/// A run of 64 nodes and millions of events would need gigabytes to keep a
/// 64-entry vector on every event. The trace instead keeps, per delivery, the
/// message it delivered, and per message the event that sent it. Vector
/// clocks follow from that causal structure: a node's vector after an event
/// is its vector before it, merged with the sender's vector for a delivery,
/// with its own entry ticked. This index replays that rule forward and keeps
/// a checkpoint (every node's vector plus the vectors of messages in flight)
/// every `interval` events, so any event's vector costs at most one
/// checkpoint restore and `interval` event replays.
///
/// The index does not hold the trace (holding a copy would make the live
/// run copy its whole event array on the next append); pass it to each call.
public final class VectorClockIndex {
    public let processes: Int
    public let interval: Int

    private struct Checkpoint {
        var event: Int                 // state before this event
        var matrix: [Int32]
        var inFlight: [Int: [Int32]]   // send-event index -> sender's vector then
        var copiesLeft: [Int: Int]     // send-event index -> deliveries/drops still to come
    }
    private var checkpoints: [Checkpoint]

    public init(processes: Int, interval: Int = 8192) {
        self.processes = processes
        self.interval = max(64, interval)
        checkpoints = [Checkpoint(event: 0, matrix: .init(repeating: 0, count: processes * processes),
                                  inFlight: [:], copiesLeft: [:])]
    }

    /// Forgets checkpoints past `count` events (after the trace was truncated).
    public func invalidate(after count: Int) {
        while checkpoints.count > 1, checkpoints[checkpoints.count - 1].event > count { checkpoints.removeLast() }
    }

    /// The vector clock of event `index`, or nil for events that tick no clock.
    public func clock(at index: Int, in trace: Trace) -> VectorClock? {
        guard trace.events[index].ticksClock else { return nil }
        return clocks(in: index..<(index + 1), in: trace)[0]
    }

    /// The vector clocks of a run of consecutive events (nil for events that
    /// tick no clock), at the cost of one checkpoint restore and one replay:
    /// what a view showing a window of the trace needs, instead of paying
    /// `clock(at:)` once per event.
    public func clocks(in range: Range<Int>, in trace: Trace) -> [VectorClock?] {
        guard !range.isEmpty else { return [] }
        buildCheckpoints(upTo: range.lowerBound, in: trace)
        var best = checkpoints[0]
        for c in checkpoints.reversed() where c.event <= range.lowerBound { best = c; break }
        var state = ReplayState(matrix: best.matrix, inFlight: best.inFlight, copiesLeft: best.copiesLeft, n: processes)
        var out: [VectorClock?] = []
        out.reserveCapacity(range.count)
        for i in best.event..<range.upperBound {
            state.apply(i, trace)
            guard i >= range.lowerBound else { continue }
            let e = trace.events[i]
            if e.ticksClock {
                let p = Int(e.node)
                out.append(VectorClock(Array(state.matrix[p * processes ..< (p + 1) * processes])))
            } else {
                out.append(nil)
            }
        }
        return out
    }

    /// Calls `body` with every clock-ticking event's index and vector, in
    /// trace order, in one pass (exports use this).
    public static func forEach(in trace: Trace, processes: Int, _ body: (Int, ArraySlice<Int32>) -> Void) {
        var state = ReplayState(matrix: .init(repeating: 0, count: processes * processes),
                                inFlight: [:], copiesLeft: [:], n: processes)
        for i in 0..<trace.events.count {
            state.apply(i, trace)
            let e = trace.events[i]
            if e.ticksClock {
                let p = Int(e.node)
                body(i, state.matrix[p * processes ..< (p + 1) * processes])
            }
        }
    }

    private func buildCheckpoints(upTo index: Int, in trace: Trace) {
        guard let last = checkpoints.last, index >= last.event + interval else { return }
        var state = ReplayState(matrix: last.matrix, inFlight: last.inFlight, copiesLeft: last.copiesLeft, n: processes)
        var i = last.event
        while i + interval <= index {
            for j in i ..< i + interval { state.apply(j, trace) }
            i += interval
            checkpoints.append(Checkpoint(event: i, matrix: state.matrix, inFlight: state.inFlight,
                                          copiesLeft: state.copiesLeft))
        }
    }

    private struct ReplayState {
        var matrix: [Int32]
        var inFlight: [Int: [Int32]]
        var copiesLeft: [Int: Int]
        let n: Int

        mutating func apply(_ i: Int, _ trace: Trace) {
            let e = trace.events[i]
            switch e.kind {
            case .deliver, .drop:
                guard e.message >= 0 else { break }
                let s = Int(trace.sendEvent[Int(e.message)])
                if e.kind == .deliver, e.ticksClock, let v = inFlight[s] {
                    let base = Int(e.node) * n
                    for k in 0..<n where v[k] > matrix[base + k] { matrix[base + k] = v[k] }
                }
                let left = (copiesLeft[s] ?? 1) - 1
                if left <= 0 { inFlight[s] = nil; copiesLeft[s] = nil } else { copiesLeft[s] = left }
            default: break
            }
            guard e.ticksClock else { return }
            let p = Int(e.node)
            matrix[p * n + p] += 1
            if e.kind == .send {
                inFlight[i] = Array(matrix[p * n ..< (p + 1) * n])
                // Duplicates get the next message ids and point at the same send.
                var copies = 0
                var m = Int(e.message)
                while m < trace.sendEvent.count, Int(trace.sendEvent[m]) == i { copies += 1; m += 1 }
                if copies > 1 { copiesLeft[i] = copies }
            }
        }
    }
}
