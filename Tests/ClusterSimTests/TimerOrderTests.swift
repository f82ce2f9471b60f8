import Testing
import ClusterSim

/// A node that sets eight timers due at the same instant.
private struct ManyTimersNode: NodeStateMachine {
    static let protocolName = "many-timers-test"
    enum Message: ProtocolMessage, Hashable {
        case none
        var kind: String { "None" }
        var isReply: Bool { false }
        var description: String { "None" }
    }
    struct Config: Sendable {}
    static let tags = ["hotel", "alpha", "golf", "charlie", "foxtrot", "bravo", "echo", "delta"]

    init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) {}
    mutating func start(_ context: inout NodeContext<ManyTimersNode>) {
        for tag in Self.tags { context.setTimer(tag, after: 5_000) }
    }
    mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<ManyTimersNode>) {}
    mutating func timerFired(_ tag: String, _ context: inout NodeContext<ManyTimersNode>) {}
    mutating func command(_ text: String, _ context: inout NodeContext<ManyTimersNode>) {}
    var summary: NodeSummary { NodeSummary(role: "idle") }
}

/// The list of a node's timers is the same for the same run: ties on the
/// deadline are ordered by name, not by the dictionary's per-process order.
@Suite struct TimerOrderTests {
    @Test func timersDueTogetherAreListedByName() {
        let sim = Simulation<ManyTimersNode>(layout: ClusterLayout(servers: 1), config: .init(), seed: 1)
        sim.run(steps: 1)
        let listed = sim.timers(of: NodeID(0)).map(\.tag)
        #expect(listed == ManyTimersNode.tags.sorted(), "timers due together: \(listed)")
    }
}
