import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// e happened-before f exactly when VC(e) < VC(f); concurrent events are
/// exactly the incomparable ones. Happened-before is computed independently,
/// from the trace's causal graph (program order plus send→deliver edges).
@Suite struct VectorClockTests {
    @Test(arguments: TestSeeds.sweep(12))
    func vectorOrderIsExactlyHappenedBefore(seed: UInt64) {
        var r = SeededRandom(seed: seed)
        let servers = 2 + Int(r.below(4))
        let loss = Double(r.below(3)) * 0.1
        let sim = Simulation<GossipNode>(layout: ClusterLayout(servers: servers), config: .init(fanout: 1, interval: 15_000),
                                         seed: seed, network: LinkSettings(latency: .uniform(min: 1_000, max: 20_000), loss: loss))
        sim.run(until: .ms(120))
        let trace = sim.trace
        let ticking = trace.events.indices.filter { trace.events[$0].ticksClock }
        var clocks: [Int: VectorClock] = [:]
        VectorClockIndex.forEach(in: trace, processes: sim.layout.count) { i, vc in clocks[i] = VectorClock(Array(vc)) }

        // Predecessors in the causal graph: previous event on the same node, and the send of a delivery.
        var previousOnNode: [Int32: Int] = [:]
        var preds: [Int: [Int]] = [:]
        for i in ticking {
            let e = trace.events[i]
            var p: [Int] = []
            if let prev = previousOnNode[e.node] { p.append(prev) }
            if let cause = trace.causeOf(e) { p.append(cause) }
            preds[i] = p
            previousOnNode[e.node] = i
        }
        // past[i]: every event that happened before i (bitsets by position).
        let position = Dictionary(uniqueKeysWithValues: ticking.enumerated().map { ($1, $0) })
        var past: [[Bool]] = []
        for i in ticking {
            var mine = [Bool](repeating: false, count: ticking.count)
            for p in preds[i]! {
                mine[position[p]!] = true
                for (k, v) in past[position[p]!].enumerated() where v { mine[k] = true }
            }
            past.append(mine)
        }
        var checked = 0
        for (fi, f) in ticking.enumerated() {
            for (ei, e) in ticking.enumerated() where ei != fi {
                let hb = past[fi][ei]
                let vcLess = clocks[e]! < clocks[f]!
                if hb != vcLess {
                    Issue.record("seed \(seed): events \(e) and \(f): happened-before \(hb) but VC< \(vcLess)")
                    return
                }
                let concurrent = !past[fi][ei] && !past[ei][fi]
                #expect(concurrent == clocks[e]!.isConcurrent(with: clocks[f]!), "seed \(seed)")
                checked += 1
            }
        }
        #expect(checked > 100, "seed \(seed): too small a run to mean anything")
    }

    @Test(arguments: TestSeeds.sweep(6))
    func reconstructedClocksMatchTheLiveClocksAndEachOther(seed: UInt64) {
        let sim = Simulation<FloodNode>(layout: ClusterLayout(servers: 6), config: .init(inFlight: 2), seed: seed,
                                        network: LinkSettings(duplicate: 0.2))
        sim.run(steps: 3_000)
        let index = VectorClockIndex(processes: 6, interval: 64)
        var lastOfNode: [Int32: VectorClock] = [:]
        var sampled = 0
        VectorClockIndex.forEach(in: sim.trace, processes: 6) { i, vc in
            lastOfNode[sim.trace.events[i].node] = VectorClock(Array(vc))
            if i % 7 == 0 {
                #expect(index.clock(at: i, in: sim.trace) == VectorClock(Array(vc)), "seed \(seed) event \(i)")
                sampled += 1
            }
        }
        #expect(sampled > 100)
        for n in 0..<6 {
            #expect(lastOfNode[Int32(n)] == sim.vectorClock(of: NodeID(n)), "seed \(seed): node \(n) live vs rebuilt")
        }
    }

    @Test(arguments: TestSeeds.sweep(4))
    func clocksOfAWindowMatchClockAtEachEvent(seed: UInt64) {
        let sim = Simulation<FloodNode>(layout: ClusterLayout(servers: 5), config: .init(inFlight: 2), seed: seed,
                                        network: LinkSettings(duplicate: 0.2))
        sim.run(steps: 2_000)
        let index = VectorClockIndex(processes: 5, interval: 64)
        for start in [0, 63, 64, 500, sim.trace.count - 40] {
            let range = start..<min(sim.trace.count, start + 40)
            let window = index.clocks(in: range, in: sim.trace)
            #expect(window.count == range.count, "seed \(seed)")
            for (i, clock) in zip(range, window) {
                #expect(clock == index.clock(at: i, in: sim.trace), "seed \(seed) event \(i)")
            }
        }
    }

    @Test func lamportClocksRespectCausality() {
        let sim = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: .init(), seed: 9)
        sim.run(until: .ms(300))
        for e in sim.trace.events where e.kind == .deliver {
            let send = sim.trace.events[sim.trace.causeOf(e)!]
            #expect(e.lamport > send.lamport)
        }
    }
}
