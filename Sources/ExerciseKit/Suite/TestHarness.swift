import ClusterSim

/// What a test's body drives: one deterministic run of the student's nodes,
/// with the suite's invariants checked after every step. Every method that
/// finds a property broken throws a `TestFailure` at the present step, so the
/// run stops exactly where the failure shows.
public final class TestHarness<Node: NodeStateMachine> {
    public let sim: Simulation<Node>

    public init(_ sim: Simulation<Node>) { self.sim = sim }

    /// Runs until virtual time `time` (µs, from the start of the run).
    public func run(until time: Int64) throws {
        sim.run(until: VirtualTime(microseconds: time))
        try checkViolation()
    }

    /// Runs for `duration` µs more.
    public func run(for duration: Int64) throws {
        try run(until: sim.now.microseconds &+ max(0, duration))
    }

    /// A goal: `done` must hold within `deadline` µs from now. Stops the run
    /// the step it holds, or fails at the deadline with `message`.
    public func expect(_ property: String, within deadline: Int64, otherwise message: @autoclosure () -> String,
                       _ done: (Simulation<Node>) -> Bool) throws {
        let limit = VirtualTime(microseconds: sim.now.microseconds &+ max(0, deadline))
        if done(sim) { return }
        sim.run(until: { done($0) }, limit: limit)
        try checkViolation()
        if !done(sim) {
            if sim.now < limit { sim.advance(to: limit) }
            throw failure(property, message())
        }
    }

    /// Fails now when `problem` is non-nil.
    public func require(_ property: String, _ problem: String?) throws {
        if let problem { throw failure(property, problem) }
    }

    /// A fault or request the test injects now, labelled in the run's log.
    public func perform(_ action: ClusterAction) {
        sim.perform(action, at: nil, byLab: true)
    }

    /// A failure at the present moment of the run.
    public func failure(_ property: String, _ message: String) -> TestFailure {
        TestFailure(property: property, message: message, step: sim.stepCount, time: sim.now.microseconds,
                    todo: TestHarness.firstTodo(in: sim))
    }

    private func checkViolation() throws {
        guard let v = sim.violation else { return }
        throw TestFailure(property: v.invariant, message: v.message, step: v.step, time: v.time,
                          todo: TestHarness.firstTodo(in: sim))
    }

    /// The first TODO the run went through, if it went through one.
    static func firstTodo(in sim: Simulation<Node>) -> String? {
        let trace = sim.trace
        for i in trace.firstEvent..<trace.count where trace[i].kind == .log {
            if let line = trace.text(of: trace[i]), line.hasPrefix(todoLogPrefix) {
                return String(line.dropFirst(todoLogPrefix.count))
            }
        }
        return nil
    }
}
