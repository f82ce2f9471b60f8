extension Simulation {
    /// Applies an action now, as a person at the keyboard does: it becomes a
    /// step of its own, recorded so the session replays. Any recorded future
    /// (after stepping back) is discarded: the run branches here.
    ///
    /// `time` lets the interface apply it at the virtual time it shows,
    /// which may be later than the last event.
    public func perform(_ action: ClusterAction, at time: VirtualTime? = nil) {
        perform(action, at: time, byLab: false)
    }

    /// `perform`, for a lab's script: recorded and replayed the same way,
    /// labelled `[lab]` instead of `[user]`.
    public func perform(_ action: ClusterAction, at time: VirtualTime?, byLab: Bool) {
        forgetRecordedFuture()
        let t = max(state.now, time?.microseconds ?? state.now)
        userActions.append((step: state.step, time: t, action: action))
        if byLab { labActionSteps.insert(state.step) }
        step()
    }

    /// Carries out an action (user or scripted) on the engine state.
    func apply(_ action: ClusterAction, byUser: Bool, byLab: Bool = false) {
        let flags: UInt8 = byLab ? TraceEvent.byUser | TraceEvent.byLab : byUser ? TraceEvent.byUser : 0
        let text: (String) -> Int32 = { [self] s in options.trace ? trace.addText(s) : -1 }
        switch action {
        case .crash(let n):
            let p = n.index
            guard valid(n), state.status[p] != .crashed else { return }
            state.nodes[p] = nil
            state.status[p] = .crashed
            state.timers[p] = [:]
            // Held messages were in the node's inbox: lost with it.
            for e in state.held[p] { if case .deliver(let env) = e.payload { drop(env, .crashed) } }
            state.held[p] = []
            tick(p)
            record(.crash, node: p, detail: text(action.describe(layout)), flags: flags)
        case .restart(let n):
            let p = n.index
            guard valid(n), state.status[p] == .crashed else { return }
            state.nodes[p] = Node(id: n, layout: layout, config: config, durable: state.durable[p])
            state.status[p] = .up
            tick(p)
            record(.restart, node: p, detail: text(action.describe(layout)), flags: flags)
            runHandler(p) { node, ctx in node.start(&ctx) }
        case .pause(let n):
            let p = n.index
            guard valid(n), state.status[p] == .up else { return }
            state.status[p] = .paused
            tick(p)
            record(.pause, node: p, detail: text(action.describe(layout)), flags: flags)
        case .resume(let n):
            let p = n.index
            guard valid(n), state.status[p] == .paused else { return }
            state.status[p] = .up
            tick(p)
            record(.resume, node: p, detail: text(action.describe(layout)), flags: flags)
            // What queued up while it was frozen arrives now, in arrival order.
            for e in state.held[p] { state.schedule(at: state.now, e.payload) }
            state.held[p] = []
        case .partition(let groups):
            state.network.partition(groups)
            record(.partition, node: -1, detail: text(action.describe(layout)), flags: flags | TraceEvent.noClock)
        case .heal:
            state.network.heal()
            record(.heal, node: -1, detail: text("heal"), flags: flags | TraceEvent.noClock)
        case .setLink(let from, let to, let settings):
            guard valid(from), valid(to) else { return }
            state.network.setLink(from: from, to: to, settings)
            record(.link, node: from.index, peer: to.index, detail: text(action.describe(layout)),
                   flags: flags | TraceEvent.noClock)
        case .drop(let id):
            guard let env = removeInFlight(id) else { return }
            drop(env, .user)
        case .delay(let id, let by):
            guard let env = removeInFlight(id, reinsertAfter: by) else { return }
            record(.delay, node: Int(env.to), peer: Int(env.from), message: id,
                   detail: text(action.describe(layout)), flags: flags | TraceEvent.noClock)
        case .command(let n, let line):
            let p = n.index
            guard valid(n), state.status[p] == .up else { return }
            tick(p)
            record(.command, node: p, detail: text(line), flags: flags)
            runHandler(p) { node, ctx in node.command(line, &ctx) }
        case .advanceClock:
            break  // the step itself moved the clock to the action's time
        case .deliver(let id):
            // Arrives now as if its latency were up: a paused node holds it,
            // a crashed or cut-off one loses it, exactly as on time.
            guard let env = removeInFlight(id) else { return }
            process(ScheduledEvent(time: state.now, seq: 0, payload: .deliver(env)))
        case .fireTimer(let n, let name):
            guard valid(n), let (tag, slot) = state.timers[n.index].first(where: { $0.key.description == name }) else { return }
            process(ScheduledEvent(time: state.now, seq: 0, payload: .timer(node: Int32(n.index), id: slot.id, tag: tag)))
        }
    }

    private func valid(_ n: NodeID) -> Bool { n.index >= 0 && n.index < layout.count }

    /// Takes a message out of the queue or a paused node's inbox (rebuilding
    /// the queue: user actions are rare, the hot path never pays for
    /// removal). With `reinsertAfter`, puts it back that much later.
    private func removeInFlight(_ id: Int64, reinsertAfter delay: Int64? = nil) -> Envelope<Node.Message>? {
        func matches(_ payload: ScheduledEvent<Node>.Payload) -> Envelope<Node.Message>? {
            if case .deliver(let env) = payload, env.id == id { return env }
            return nil
        }
        var found: (time: Int64, env: Envelope<Node.Message>)?
        state.queue.removeAll { key, payload in
            guard found == nil, let env = matches(payload) else { return false }
            found = (key.time, env)
            return true
        }
        if found == nil {
            for p in state.held.indices {
                if let i = state.held[p].firstIndex(where: { matches($0.payload) != nil }) {
                    let e = state.held[p].remove(at: i)
                    found = (state.now, matches(e.payload)!)
                    break
                }
            }
        }
        guard let found else { return nil }
        if let delay { state.schedule(at: SaturatingTime.add(max(found.time, state.now), delay), .deliver(found.env)) }
        return found.env
    }
}
