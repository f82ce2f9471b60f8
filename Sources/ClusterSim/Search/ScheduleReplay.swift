/// A model checker's schedule that does not fit the run replaying it: the
/// message to deliver is not in flight, or the timer is not set. It means a
/// node's handlers are not a function of its state and input.
public struct ScheduleReplayError: Error, CustomStringConvertible {
    /// The step that did not fit, counting from 1.
    public var step: Int
    public var text: String
    public var description: String { "schedule step \(step) (\(text)): nothing in the run matches it" }
}

/// Replays a model checker's schedule as an ordinary `Simulation`, so the
/// interface can open it with step-back and every panel.
///
/// The run has the same layout and config; every link has a latency of
/// about a year, so no message arrives and no timer fires on its own. The
/// nodes start at time 0, then each step of the schedule is performed as a
/// recorded user action (`.deliver`, `.fireTimer`, `.drop`), so time travel
/// and saved sessions work on it like on any run. Afterwards `stepCount` is
/// at the state the search reported (one step per node start, then one per
/// schedule step), and virtual time is still 0. With `invariants`, the run
/// checks them after every step as a `Simulation` does, so the interface
/// shows the violation the search found, at the step that broke it.
public enum ScheduleReplay {
    /// Links this slow keep the replay's messages waiting for their `.deliver`.
    public static let latency: Int64 = 365 * 24 * 3_600_000_000

    public static func simulation<Node: NodeStateMachine & Hashable>(
        layout: ClusterLayout, config: Node.Config, schedule: [ScheduleStep<Node>],
        invariants: [StateInvariant<Node>] = [], seed: UInt64 = 1, options: SimulationOptions = SimulationOptions()
    ) throws -> Simulation<Node> where Node.Message: Hashable {
        let sim = Simulation<Node>(layout: layout, config: config, seed: seed,
                                   network: LinkSettings(latency: .constant(latency)), options: options)
        for inv in invariants { sim.addInvariant(Invariant(inv)) }
        sim.run(steps: Int64(layout.count))  // the starts: the first events queued
        try perform(schedule, on: sim)
        return sim
    }

    /// Performs a schedule on a run as recorded actions, one step each, with
    /// the clock held: what a search found from the run's `searchState`.
    public static func perform<Node: NodeStateMachine & Hashable>(_ schedule: [ScheduleStep<Node>], on sim: Simulation<Node>) throws
    where Node.Message: Hashable {
        for (i, step) in schedule.enumerated() {
            let action: ClusterAction?
            switch step.action {
            case .deliver(let p): action = sim.inFlightID(of: p).map { .deliver(message: $0) }
            case .drop(let p): action = sim.inFlightID(of: p).map { .drop(message: $0) }
            case .fire(let n, let tag):
                action = sim.timers(of: n).contains { $0.tag == tag } ? .fireTimer(n, tag.description) : nil
            }
            guard let action else { throw ScheduleReplayError(step: i + 1, text: step.text) }
            sim.perform(action)
        }
    }
}

extension Simulation where Node.Message: Hashable {
    /// The oldest message in flight with this sender, receiver and payload.
    func inFlightID(of p: InFlightPacket<Node.Message>) -> Int64? {
        var best: Int64?
        func consider(_ payload: ScheduledEvent<Node>.Payload) {
            guard case .deliver(let env) = payload, Int(env.from) == p.from.index, Int(env.to) == p.to.index,
                  env.message == p.message, best.map({ env.id < $0 }) ?? true else { return }
            best = env.id
        }
        for e in state.queue.unordered { consider(e.payload) }
        for h in state.held { for e in h { consider(e.payload) } }
        return best
    }
}

extension Invariant where Node: Hashable, Node.Message: Hashable {
    /// A model checker's invariant checked on a run: the run's nodes,
    /// messages in flight and pending timers seen as a search state. It
    /// holds trivially while a node is crashed (the search has no crashes).
    public init(_ invariant: StateInvariant<Node>) {
        self.init(invariant.name) { sim in sim.searchState.flatMap(invariant.check) }
    }
}

extension Simulation where Node: Hashable, Node.Message: Hashable {
    /// The run as the model checker sees it, or nil while a node is crashed.
    public var searchState: SearchState<Node>? {
        let nodes = state.nodes.compactMap { $0 }
        guard nodes.count == layout.count else { return nil }
        var s = SearchState(nodes: nodes)
        func add(_ payload: ScheduledEvent<Node>.Payload) {
            guard case .deliver(let env) = payload else { return }
            s.network.append(InFlightPacket(from: NodeID(Int(env.from)), to: NodeID(Int(env.to)), message: env.message))
        }
        for e in state.queue.unordered { add(e.payload) }
        for h in state.held { for e in h { add(e.payload) } }
        for p in 0..<layout.count { for tag in state.timers[p].keys { s.pending[p].insertOnce(tag) } }
        return s
    }
}
