import ClusterSim

/// Moves the timeline's selected event: up and down through the trace,
/// left and right to the nearest event on the neighbouring node's lane.
func moveTimelineSelection(_ state: inout AppState, _ direction: Direction, _ run: ClusterRun, by count: Int = 1) {
    let trace = run.trace
    guard trace.count > 0 else { state.message = StatusMessage("no events yet: press space or n"); return }
    let current = min(state.timelineSelection ?? trace.count - 1, trace.count - 1)
    switch direction {
    case .up: state.timelineSelection = max(0, current - count)
    case .down: state.timelineSelection = min(trace.count - 1, current + count)
    case .left, .right:
        let lanes = run.layout.count
        let lane = max(0, Int(trace.events[current].node))
        let target = Int32((lane + (direction == .right ? 1 : lanes - 1)) % lanes)
        // The nearest event on that lane, looking a bounded distance each way.
        for d in 0..<4096 {
            for i in [current - d, current + d] where i >= 0 && i < trace.count && trace.events[i].node == target {
                state.timelineSelection = i
                return
            }
        }
        state.message = StatusMessage("no event of \(run.layout.name(NodeID(Int(target)))) near here")
    }
}
