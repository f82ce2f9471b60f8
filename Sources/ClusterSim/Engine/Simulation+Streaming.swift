extension Simulation {
    /// Forgets the trace and message payloads recorded so far, keeping the
    /// client history and what messages still in flight need: a run that
    /// streams its events out (`onEvent`) and never steps back then holds
    /// a bounded amount however long it runs. Stepping back is off after it.
    public func forgetPastEvents() {
        var inFlightIDs: [Int64] = []
        var kept: [Int64: Node.Message] = [:]
        func keep(_ payload: ScheduledEvent<Node>.Payload) {
            guard case .deliver(let env) = payload else { return }
            inFlightIDs.append(env.id)
            kept[env.id] = env.message
        }
        for e in state.queue.unordered { keep(e.payload) }
        for h in state.held { for e in h { keep(e.payload) } }
        keptMessages = kept
        firstMessage += Int64(messages.count)
        messages.removeAll(keepingCapacity: true)
        trace.forgetPast(keepingSendsOf: inFlightIDs)
        snapshots.removeAll()
    }
}
