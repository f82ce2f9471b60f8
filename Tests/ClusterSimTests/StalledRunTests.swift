import Testing
import Foundation
import ClusterSim
import TestSupport

/// A run whose clock stops moving (a timer of length 0 sets itself again
/// forever) is stopped after a bounded number of events at one instant,
/// with a message naming the node and the timer (issue 12). The scenario
/// parser rejects a 0 interval; these build the configuration directly, as
/// a student's protocol could.
@Suite struct StalledRunTests {
    static let zeroTimer = PingNode.Config(interval: 0, jitter: 0)

    @Test func aZeroLengthTimerStopsTheRunAndNamesNodeAndTimer() throws {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: Self.zeroTimer, seed: 1,
                                       options: SimulationOptions(stepsPerInstant: 2_000))
        #expect(!sim.run(until: .seconds(1)), "run(until:) reports that it stopped early")
        let v = try #require(sim.violation)
        #expect(v.kind == .stalled)
        #expect(v.time == 0 && sim.now == .zero)
        #expect(sim.stepCount <= 2_000 + 16 * 3, "bounded: \(sim.stepCount) steps")
        #expect(v.description.contains("stopped advancing at 0s"), "\(v)")
        #expect(v.message.contains("timer 'tick'") && ["n1's", "n2's", "n3's"].contains { v.message.contains($0) }, "\(v)")
        #expect(!sim.step(), "a stalled run does not go on")
    }

    @Test func everyWayOfRunningStops() {
        let ways: [(String, (Simulation<PingNode>) -> Void)] = [
            ("run(until:)", { $0.run(until: .seconds(1)) }),
            ("advance(to:)", { $0.advance(to: .seconds(1)) }),
            ("run(steps:)", { $0.run(steps: 1_000_000) }),
            ("run(until: predicate)", { $0.run(until: { _ in false }, limit: .seconds(1)) }),
            ("goTo(step:)", { $0.goTo(step: 1_000_000) }),
        ]
        for (name, way) in ways {
            let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: Self.zeroTimer, seed: 3,
                                           options: SimulationOptions(stepsPerInstant: 500))
            way(sim)
            #expect(sim.violation?.kind == .stalled && sim.stepCount <= 500 + 32, "\(name): \(sim.stepCount) steps")
        }
    }

    @Test func theDefaultBoundStopsItToo() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: Self.zeroTimer, seed: 5,
                                       options: SimulationOptions(trace: false))
        sim.run(until: .seconds(1))
        #expect(sim.violation?.kind == .stalled)
        #expect(sim.stepCount == Int64(SimulationOptions().stepsPerInstant + 32))
    }

    @Test func messagesAnsweredAtZeroLatencyForeverAreNamed() throws {
        let sim = Simulation<EchoLoopNode>(layout: ClusterLayout(servers: 2), config: .init(), seed: 1,
                                           network: LinkSettings(latency: .constant(0)),
                                           options: SimulationOptions(stepsPerInstant: 1_000))
        sim.run(until: .seconds(1))
        let v = try #require(sim.violation)
        #expect(v.kind == .stalled && v.message.contains("Volley messages"), "\(v)")
    }

    @Test func busyButAdvancingRunsAreNotStopped() {
        // 1µs timers: many events, but virtual time moves at every one.
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: .init(interval: 1, jitter: 0), seed: 1,
                                       options: SimulationOptions(stepsPerInstant: 50))
        sim.run(until: .ms(20))
        #expect(sim.violation == nil && sim.stepCount > 20_000)
    }

    @Test func steppingBackBeforeTheStallClearsItAndReplayStallsAgainAtTheSameStep() throws {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: Self.zeroTimer, seed: 7,
                                       options: SimulationOptions(snapshotInterval: 64, stepsPerInstant: 300))
        sim.run(until: .seconds(1))
        let first = try #require(sim.violation)
        sim.stepBack(100)
        #expect(sim.violation == nil)
        sim.run(until: .seconds(1))
        #expect(sim.violation == first)
    }
}

/// Through the command line: a scenario with a 0 interval ends with exit 2
/// and a message, never a hang — the parser's own rejection (with its
/// location) or, behind it, the engine's stop naming node and timer.
@Suite struct StalledRunCommandTests {
    @Test func runOnAZeroIntervalExitsTwoWithAMessage() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let file = dir.appendingPathComponent("zero.yaml")
        try "protocol: gossip\nnodes: 3\nparameters: {interval: 0ms}\nuntil: 1s\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try BuiltBinary.run(["run", file.path])
        #expect(r.status == 2, "\(r.stderr.suffix(300))")
        let stopped = r.stderr.contains("STOPPED: the run stopped advancing at 0s") && r.stderr.contains("timer 'round'")
        #expect(stopped || r.stderr.contains("zero.yaml:3:"), "\(r.stderr.suffix(300))")
    }
}

/// Two nodes that bat one message back and forth forever.
struct EchoLoopNode: NodeStateMachine {
    static let protocolName = "echo-loop-test"
    typealias Config = IdleNode.Config
    typealias Timer = IdleNode.Timer
    typealias Durable = IdleNode.Durable
    enum Message: ProtocolMessage, Hashable {
        case volley
        var kind: String { "Volley" }
        var isReply: Bool { false }
        var description: String { "Volley" }
    }
    let id: NodeID
    init(id: NodeID, layout: ClusterLayout, config: Config, durable: Durable?) { self.id = id }
    mutating func start(_ context: inout NodeContext<EchoLoopNode>) {
        if id == NodeID(0) { context.send(.volley, to: NodeID(1)) }
    }
    mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<EchoLoopNode>) {
        context.send(.volley, to: from)
    }
    mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<EchoLoopNode>) {}
    var summary: NodeSummary { NodeSummary(role: "echo", fields: []) }
}
