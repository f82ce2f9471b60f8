import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The partition rule: a message is dropped if its link is cut when it is
/// sent or when it would be delivered; nothing crosses a partition, in
/// flight included, and healing restores delivery.
@Suite struct NetworkTests {
    func gossip(seed: UInt64, script: [(time: Int64, action: ClusterAction)], loss: Double = 0) -> Simulation<GossipNode> {
        Simulation<GossipNode>(layout: ClusterLayout(servers: 5), config: .init(fanout: 2, interval: 20_000), seed: seed,
                               network: LinkSettings(latency: .uniform(min: 1_000, max: 30_000), loss: loss), script: script)
    }

    @Test(arguments: TestSeeds.sweep(20))
    func nothingCrossesAPartitionInFlightIncluded(seed: UInt64) {
        let groups = [[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]
        let side = { (n: Int32) in n < 2 ? 0 : 1 }
        let sim = gossip(seed: seed, script: [(100_000, .partition(groups)), (400_000, .heal)])
        sim.run(until: .ms(600))
        var crossedAfterHeal = false, droppedInFlight = false
        for e in sim.trace.events where e.kind == .deliver || e.kind == .drop {
            let across = side(e.node) != side(e.peer)
            if e.kind == .deliver, across, e.time >= 100_000, e.time < 400_000 {
                Issue.record("seed \(seed): delivered \(e.peer)→\(e.node) across the partition at \(e.time)µs")
            }
            if e.kind == .deliver, across, e.time >= 400_000 { crossedAfterHeal = true }
            if e.kind == .drop, e.detail == TraceEvent.DropReason.partition.rawValue,
               let cause = sim.trace.sendOf(message: e.message),
               sim.trace.events[cause].time < 100_000 {
                droppedInFlight = true  // sent before the cut, dropped at delivery
            }
        }
        #expect(droppedInFlight, "seed \(seed): expected messages in flight at the cut to be dropped")
        #expect(crossedAfterHeal, "seed \(seed): heal should restore delivery across the old split")
        #expect(GossipConvergence.check(sim) == nil, "seed \(seed): \(GossipConvergence.check(sim) ?? "")")
    }

    @Test(arguments: TestSeeds.sweep(10))
    func aOneWayCutBlocksOneDirectionOnly(seed: UInt64) {
        var cut = LinkSettings(latency: .uniform(min: 1_000, max: 30_000)); cut.cut = true
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(), seed: seed,
                                       network: LinkSettings(latency: .uniform(min: 1_000, max: 30_000)),
                                       script: [(0, .setLink(from: NodeID(0), to: NodeID(1), cut))])
        sim.run(until: .ms(500))
        let delivered = sim.trace.events.filter { $0.kind == .deliver }
        #expect(!delivered.contains { $0.peer == 0 && $0.node == 1 }, "seed \(seed): n1→n2 is cut")
        #expect(delivered.contains { $0.peer == 1 && $0.node == 0 }, "seed \(seed): n2→n1 must still deliver")
        sim.perform(.heal)
        sim.run(until: .ms(1000))
        #expect(sim.trace.events.contains { $0.kind == .deliver && $0.peer == 0 && $0.node == 1 && $0.time > 500_000 },
                "seed \(seed): heal removes one-way cuts")
    }

    @Test func lossDuplicationAndLatencyFollowTheSettings() {
        let sim = Simulation<FloodNode>(layout: ClusterLayout(servers: 4), config: .init(inFlight: 8), seed: 11,
                                        network: LinkSettings(latency: .uniform(min: 2_000, max: 4_000), loss: 0.1, duplicate: 0.1))
        sim.run(steps: 20_000)
        let sends = sim.trace.events.filter { $0.kind == .send }.count
        let lost = sim.trace.events.filter { $0.kind == .drop && $0.detail == TraceEvent.DropReason.lost.rawValue }.count
        let copies = sim.trace.sendEvent.count - sends
        let lossRate = Double(lost) / Double(sends), dupRate = Double(copies) / Double(sends)
        #expect(abs(lossRate - 0.1) < 0.02, "loss rate \(lossRate)")
        #expect(abs(dupRate - 0.09) < 0.02, "duplicate rate \(dupRate) (10% of the 90% not lost)")
        for e in sim.trace.events where e.kind == .deliver {
            let sent = sim.trace.events[sim.trace.causeOf(e)!].time
            #expect((2_000...4_000).contains(e.time - sent), "latency \(e.time - sent)")
        }
    }

    @Test func latencyDistributionsStayInTheirBounds() {
        var r = SeededRandom(seed: 5)
        for _ in 0..<2000 {
            #expect(LatencyDistribution.constant(7).sample(&r) == 7)
            #expect((10...20).contains(LatencyDistribution.uniform(min: 10, max: 20).sample(&r)))
            #expect(LatencyDistribution.exponential(mean: 1000, min: 50).sample(&r) >= 50)
            #expect(LatencyDistribution.normal(mean: 1000, stddev: 400, min: 100).sample(&r) >= 100)
        }
        var total: Int64 = 0
        for _ in 0..<20_000 { total += LatencyDistribution.exponential(mean: 1000, min: 0).sample(&r) }
        #expect(abs(Double(total) / 20_000 - 1000) < 50)
    }

    @Test func aPausedNodeQueuesItsMessagesAndGetsThemOnResume() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: 2,
                                       network: LinkSettings(latency: .constant(1_000)))
        sim.run(until: .ms(50))
        sim.perform(.pause(NodeID(1)))
        let pausedAt = sim.now.microseconds
        sim.run(until: .ms(200))
        #expect(!sim.trace.events.contains { $0.kind == .deliver && $0.node == 1 && $0.time > pausedAt })
        #expect(sim.inFlight.contains { $0.held && $0.to == NodeID(1) })
        sim.perform(.resume(NodeID(1)), at: .ms(200))
        sim.run(until: .ms(201))
        #expect(sim.trace.events.contains { $0.kind == .deliver && $0.node == 1 && $0.time >= 200_000 })
        #expect(!sim.inFlight.contains { $0.held })
    }

    @Test func droppingAndDelayingOneMessageInFlight() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(), seed: 4,
                                       network: LinkSettings(latency: .constant(5_000)))
        sim.run(until: .ms(12))
        let inFlight = sim.inFlight
        #expect(inFlight.count >= 1)
        let victim = inFlight[0]
        sim.perform(.drop(message: victim.id))
        #expect(!sim.inFlight.contains { $0.id == victim.id })
        sim.run(until: .ms(100))
        #expect(!sim.trace.events.contains { $0.kind == .deliver && $0.message == victim.id })
        #expect(sim.trace.events.contains { $0.kind == .drop && $0.message == victim.id && $0.detail == TraceEvent.DropReason.user.rawValue })

        let next = sim.inFlight[0]
        sim.perform(.delay(message: next.id, by: 50_000))
        sim.run(until: .ms(1000))
        let delivered = sim.trace.events.first { $0.kind == .deliver && $0.message == next.id }
        #expect(delivered?.time == next.deliverAt + 50_000)
    }
}
