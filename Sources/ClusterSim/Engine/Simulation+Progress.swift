extension Simulation {
    // MARK: A run that stops advancing

    /// Stops a run whose clock no longer moves, naming what keeps it busy
    /// (the event that went over the limit, which is put back unprocessed).
    func stall(on payload: ScheduledEvent<Node>.Payload) -> Bool {
        let name = { (i: Int32) in self.layout.name(NodeID(Int(i))) }
        let what: String
        switch payload {
        case .timer(let node, _, let tag):
            what = "\(name(node))'s timer '\(tag)' keeps firing at this instant (a timer of length 0?)"
        case .deliver(let env):
            what = "\(env.message.kind) messages \(name(env.from))→\(name(env.to)) keep arriving at this instant (zero latency in a loop?)"
        case .start(let node):
            what = "\(name(node)) is still starting"
        case .scripted(let index):
            what = "the script's action \(scripted[Int(index)].action.describe(layout)) is still pending"
        }
        state.stepsAtNow -= 1
        state.schedule(at: state.now, payload)
        violation = Violation(kind: .stalled, invariant: "progress",
                              message: "more than \(stallLimit) events without virtual time moving; \(what)",
                              step: state.step, time: state.now, event: trace.count - 1)
        return false
    }
}
