extension Simulation {
    /// Goes back `count` steps (to step 0 at most).
    public func stepBack(_ count: Int64 = 1) {
        goTo(step: max(0, state.step - count))
    }

    /// Puts the run in exactly the state it had after `target` steps: restores
    /// the nearest snapshot at or before it and replays forward, recorded user
    /// actions included. Going forward past the present just runs.
    public func goTo(step target: Int64) {
        if target < state.step {
            precondition(!snapshots.isEmpty, "stepping back needs the trace and snapshots on")
            while snapshots.count > 1, snapshots[snapshots.count - 1].step > target { snapshots.removeLast() }
            let snap = snapshots[snapshots.count - 1]
            state = snap.state
            trace.truncate(to: snap.mark)
            messages.removeSubrange(snap.messages...)  // (a run that forgot its past has no snapshots)
            clockIndex.invalidate(after: snap.mark.events)
            if let v = violation, v.step >= snap.step { violation = nil }
        }
        while state.step < target, step() {}
    }

    /// Drops the actions recorded after the present (kept by stepping back,
    /// so stepping forward replays them): the run branches here.
    public func forgetRecordedFuture() {
        guard state.actionCursor < userActions.count else { return }
        userActions.removeSubrange(state.actionCursor...)
        labActionSteps = labActionSteps.filter { $0 < state.step }
    }

    /// The step at which the trace event at `index` happened; going to it plus
    /// one shows the state right after that event.
    public func step(ofEvent index: Int) -> Int64 { trace[index].step }
}
