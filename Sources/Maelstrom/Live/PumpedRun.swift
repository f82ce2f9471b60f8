import ClusterSim

/// A live run of real processes whose clock is the wall clock: it moves on
/// only while pumped (waiting for what the processes do), and steps back by
/// moving a cursor through its record. Maelstrom runs and real clusters
/// (`clusterlab real`) share these moves; each says how it pumps.
public protocol PumpedRun: RecorderViews, WallClockRun {
    /// Microseconds on the run's own clock now (the present, not the cursor).
    var clockNow: Int64 { get }
    /// The longest one call waits for the processes (so keys are read again soon).
    var pumpLimit: Int64 { get }
    /// Records what happens until the run's clock reaches `target` (at most
    /// `pumpLimit` of waiting) or `stop` holds; false once the run is over.
    func pump(to target: Int64, stop: () -> Bool) -> Bool
}

extension PumpedRun {
    public func forgetPastEvents() {}

    /// One more recorded event (waiting up to `pumpLimit` for it); while
    /// viewing the record, the next event of the record.
    public func step() -> Bool {
        if let k = viewedEvents { viewRecord(afterEvents: Int64(k) + 1); return true }
        let before = trace.count
        _ = pump(to: clockNow + pumpLimit, stop: { trace.count > before })
        return trace.count > before
    }

    public func run(until time: VirtualTime) -> Bool { pump(to: time.microseconds, stop: { false }) }

    public func run(steps count: Int64) -> Int64 {
        if let k = viewedEvents {
            viewRecord(afterEvents: Int64(k) + max(0, count))
            return Int64(trace.count - k)
        }
        let before = trace.count
        _ = pump(to: clockNow + pumpLimit, stop: { Int64(trace.count - before) >= count })
        return Int64(trace.count - before)
    }

    public func run(until done: () -> Bool, limit: VirtualTime) -> Bool {
        _ = pump(to: min(limit.microseconds, clockNow + pumpLimit), stop: done)
        return done()
    }

    public func advance(to time: VirtualTime, stoppingWhen stop: () -> Bool) -> Bool {
        pump(to: time.microseconds, stop: stop) && !stop()
    }

    /// Moves the view `count` events back through the record (the processes
    /// are held still and not rewound).
    public func stepBack(_ count: Int64) { goTo(step: stepCount - count) }

    /// Views the record after its first `target` events; at or past its end, the present.
    public func goTo(step target: Int64) {
        setFrozen(true)
        viewRecord(afterEvents: target)
    }
    public func forgetRecordedFuture() {}
}
