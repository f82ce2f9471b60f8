import ClusterSim

/// Runs a handler of a protocol that is part of a bigger node — the Raft
/// server and the SWIM member inside a Consul-style node — and lifts its
/// effects into the bigger node's context: sends and timers wrapped in the
/// outer protocol's message and timer cases, log lines and state changes as
/// they are. The inner protocol runs unchanged; only its effects are
/// translated, so composing it never alters its behaviour.
struct EmbeddedHandler<Inner: NodeStateMachine, Outer: NodeStateMachine>: Sendable {
    let message: @Sendable (Inner.Message) -> Outer.Message
    let timer: @Sendable (Inner.TimerTag) -> Outer.TimerTag

    /// Calls `body` with a fresh context for the inner protocol and applies
    /// what it collected to `outer`; returns what the inner handler persisted.
    /// The inner context draws its own generator from the run's, so the run
    /// stays a function of its seed.
    @discardableResult
    func run(_ outer: inout NodeContext<Outer>, drawsRandom: Bool = false,
             _ body: (inout NodeContext<Inner>) -> Void) -> Inner.Durable? {
        let random = SeededRandom(seed: drawsRandom ? UInt64(outer.random(below: Int.max)) : 0)
        var inner = NodeContext<Inner>(id: outer.id, layout: outer.layout, random: random)
        body(&inner)
        for s in inner.sends { outer.send(message(s.message), to: s.to) }
        for t in inner.timersCancelled { outer.cancelTimer(timer(t)) }
        for t in inner.timersSet { outer.setTimer(timer(t.tag), after: t.delay, jitter: t.jitter) }
        for line in inner.logLines { outer.log(line) }
        for note in inner.stateChanges { outer.stateChanged(note) }
        return inner.persisted
    }
}
