import Testing
import ClusterSim
import TestSupport

/// A node that does nothing at all: a cluster of them is idle from the start.
struct IdleNode: NodeStateMachine {
    static let protocolName = "idle-test"
    struct Config: Sendable {}
    enum Message: ProtocolMessage, Hashable {
        case nothing
        var kind: String { "Nothing" }
        var isReply: Bool { false }
        var description: String { "Nothing" }
    }
    enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case never
        var description: String { rawValue }
    }
    struct Durable: Sendable, Hashable {}
    init(id: NodeID, layout: ClusterLayout, config: Config, durable: Durable?) {}
    mutating func start(_ context: inout NodeContext<IdleNode>) {}
    mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<IdleNode>) {}
    mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<IdleNode>) {}
    var summary: NodeSummary { NodeSummary(role: "idle", fields: []) }
}

/// "Run for D" ends D later, even when nothing happens in between (issue 11).
@Suite struct IdleClockTests {
    @Test func runningForHalfASecondSevenTimesOnAnIdleClusterEndsAt3_5s() {
        let sim = Simulation<IdleNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: 1)
        for k in 1...7 {
            #expect(sim.advance(to: sim.now + .ms(500)))
            #expect(sim.now == .ms(500 * Int64(k)), "after \(k) runs of 500ms")
        }
        #expect(sim.now == .ms(3_500))
    }

    @Test func timeTravelAcrossAnIdleStretchPutsTheClockBack() {
        let sim = Simulation<IdleNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: 1)
        var clockAtStep: [Int64: VirtualTime] = [:]
        clockAtStep[sim.stepCount] = sim.now
        for _ in 1...7 {
            sim.advance(to: sim.now + .ms(500))
            clockAtStep[sim.stepCount] = sim.now
        }
        let end = sim.stepCount
        for (step, clock) in clockAtStep.sorted(by: { $0.key > $1.key }) {
            sim.goTo(step: step)
            #expect(sim.now == clock, "back to step \(step)")
        }
        sim.goTo(step: end)
        #expect(sim.now == .ms(3_500), "forward again replays the recorded clock steps")
        sim.stepBack(3)
        sim.goTo(step: end)
        #expect(sim.now == .ms(3_500))
    }

    @Test func advancingStopsAtEventsOnTheWayAndStillEndsAtTheTarget() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: .init(interval: 300_000, jitter: 0),
                                       seed: 3, network: LinkSettings(latency: .constant(1_000)))
        sim.advance(to: .ms(500))
        #expect(sim.now == .ms(500))
        #expect(sim.trace.events.contains { $0.kind == .timer && $0.time == 300_000 }, "the timer at 300ms fired on the way")
        let busy = sim.stepCount
        sim.advance(to: .ms(1_000))
        #expect(sim.now == .ms(1_000) && sim.stepCount > busy)
    }

    @Test func aSavedSessionReproducesTheAdvancedClock() throws {
        let sim = Simulation<IdleNode>(layout: ClusterLayout(servers: 2), config: .init(), seed: 1)
        sim.advance(to: .ms(700))
        #expect(sim.userActions.map(\.action) == [.advanceClock(to: 700_000)])
        let fresh = Simulation<IdleNode>(layout: ClusterLayout(servers: 2), config: .init(), seed: 1)
        for a in sim.userActions {
            fresh.goTo(step: a.step)
            fresh.perform(a.action, at: VirtualTime(microseconds: a.time))
        }
        #expect(fresh.now == .ms(700))
    }
}
