import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Step back N events then forward N: the identical state and trace.
@Suite struct TimeTravelTests {
    func fingerprint(_ sim: Simulation<GossipNode>) -> [String] {
        sim.layout.servers.map { "\(sim.status(of: $0)) \(sim.summary(of: $0).map { "\($0)" } ?? "crashed") \(sim.vectorClock(of: $0))" }
            + ["now \(sim.now) step \(sim.stepCount) pending \(sim.pendingEventCount)"]
            + sim.inFlight.map { "\($0.id) \($0.deliverAt) \($0.text)" }
    }

    @Test(arguments: TestSeeds.sweep(10))
    func stepBackThenForwardReproducesStateAndTrace(seed: UInt64) {
        var r = SeededRandom(seed: seed)
        let interval = [50, 200, 1000][Int(r.below(3))]
        let sim = Simulation<GossipNode>(layout: ClusterLayout(servers: 5), config: .init(), seed: seed,
                                         network: LinkSettings(loss: 0.1, duplicate: 0.05, reorder: 0.1),
                                         script: [(200_000, .partition([[NodeID(0)], [NodeID(1), NodeID(2)]])), (500_000, .heal)],
                                         options: SimulationOptions(snapshotInterval: interval))
        sim.run(until: .ms(300))
        sim.perform(.crash(NodeID(3)))
        sim.run(until: .ms(400))
        sim.perform(.command(NodeID(1), "broadcast 99"))
        sim.perform(.restart(NodeID(3)))
        sim.run(until: .ms(700))
        let target = sim.stepCount
        let events = sim.trace.events, texts = sim.trace.texts, state = fingerprint(sim)
        for n in [1, 7, Int64(r.below(UInt64(target))) + 1, target] {
            sim.stepBack(n)
            #expect(sim.stepCount == target - n, "seed \(seed)")
            sim.goTo(step: target)
            #expect(sim.trace.events == events, "seed \(seed): trace differs after back \(n) and forward")
            #expect(sim.trace.texts == texts, "seed \(seed)")
            #expect(fingerprint(sim) == state, "seed \(seed): state differs after back \(n) and forward")
        }
    }

    @Test func steppingBackUndoesAUserActionAndANewActionBranches() {
        let sim = Simulation<GossipNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: 1)
        sim.run(until: .ms(100))
        let before = sim.stepCount
        sim.perform(.crash(NodeID(0)))
        #expect(sim.status(of: NodeID(0)) == .crashed)
        sim.stepBack(1)
        #expect(sim.stepCount == before)
        #expect(sim.status(of: NodeID(0)) == .up)
        sim.step()  // replays the recorded crash
        #expect(sim.status(of: NodeID(0)) == .crashed)
        sim.stepBack(1)
        sim.perform(.pause(NodeID(1)))  // a new branch: the crash is forgotten
        sim.run(until: .ms(300))
        #expect(sim.status(of: NodeID(0)) == .up)
        #expect(sim.userActions.map(\.action) == [.pause(NodeID(1))])
    }

    @Test func steppingBackPastAViolationClearsIt() {
        let sim = Simulation<GossipNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: 1)
        sim.addInvariant(Invariant("nobody knows value 3") { s in
            s.layout.servers.contains { s.node($0)?.known.contains(3) == true && $0 != NodeID(2) } ? "someone learned 3" : nil
        })
        sim.run(until: .seconds(1))
        let v = try! #require(sim.violation)
        #expect(sim.trace.events[v.event].step == v.step)
        #expect(!sim.step(), "a violation stops the run")
        sim.stepBack(1)
        #expect(sim.violation == nil)
    }
}
