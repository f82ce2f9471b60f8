import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Swarm runs of Paxos: each seed also picks the cluster (3–7 servers, 1–3
/// proposers, loss, back-off) and a schedule of crashes, restarts,
/// partitions and heals, then heals everything and lets it settle. The
/// safety monitor watches every step. `CLUSTERLAB_SEED=n` replays one seed.
enum PaxosChaos {
    struct Outcome { var violation: Violation?; var chosen: String?; var aProposerSurvived: Bool; var what: String }

    static func run(seed: UInt64, mutant: PaxosMutant? = nil) -> Outcome {
        var rng = SeededRandom(seed: seed ^ 0x9A_C05_5EED)
        func below(_ n: Int) -> Int { Int(rng.below(UInt64(n))) }
        let servers = 3 + below(5)
        var config = PaxosRuns.config(proposers: 1 + below(3), backoff: Int64(10_000 + below(40_000)), mutant: mutant)
        config.stagger = Int64(below(20_000))
        let loss = Double(below(20)) / 100
        var script: [(time: Int64, action: ClusterAction)] = []
        var crashed = Set<Int>()
        var t: Int64 = 0
        for _ in 0..<(2 + below(8)) {
            t += Int64(5_000 + below(200_000))
            switch below(4) {
            case 0:
                let n = below(servers); crashed.insert(n)
                script.append((t, .crash(NodeID(n))))
                script.append((t + Int64(below(100_000)), .restart(NodeID(n))))
            case 1:
                let cut = (0..<servers).filter { _ in below(2) == 0 }.map(NodeID.init)
                if !cut.isEmpty && cut.count < servers { script.append((t, .partition([cut]))) }
            default:
                script.append((t, .heal))
            }
        }
        script.append((2_000_000, .heal))
        let network = LinkSettings(latency: .uniform(min: 1_000, max: 10_000), loss: loss)
        let (sim, monitor) = PaxosRuns.sim(config, servers: servers, seed: seed, network: network, script: script)
        sim.run(until: VirtualTime(microseconds: 4_000_000))
        let survived = (0..<config.initialProposers).contains { !crashed.contains($0) }
        return Outcome(violation: sim.violation, chosen: monitor.chosenValue, aProposerSurvived: survived,
                       what: "seed \(seed): \(servers) servers, \(config.initialProposers) proposers, loss \(loss), "
                           + "back-off \(config.backoff)µs, \(script.count) actions")
    }
}

@Suite struct PaxosRandomizedTests {
    @Test func theRealProtocolStaysSafeAndDecidesUnderCrashesPartitionsAndLoss() {
        for seed in TestSeeds.sweep(30) {
            let o = PaxosChaos.run(seed: seed)
            #expect(o.violation == nil, "\(o.what): \(o.violation!)")
            if o.aProposerSurvived { #expect(o.chosen != nil, "\(o.what): no value chosen after the heal") }
        }
    }

    /// The same swarm catches the mutants that need no crash: it finds what
    /// the search found, in ordinary runs. (`forget-promise-after-crash`
    /// needs a crash between a promise and a stale Prepare; 400 swarm seeds
    /// missed it, so PaxosMutantTests drives that schedule by hand.)
    @Test(arguments: [PaxosMutant.acceptLowerBallot, .skipValueAdoption, .countMinority])
    func theSwarmCatchesTheMutant(_ mutant: PaxosMutant) {
        let seeds = TestSeeds.sweep(60)
        let caught = seeds.lazy.map { PaxosChaos.run(seed: $0, mutant: mutant) }.first { $0.violation != nil }
        #expect(caught != nil, "\(mutant.rawValue) survived \(seeds.count) swarm runs")
        if let c = caught { print("mutant \(mutant.rawValue) caught by the swarm at \(c.what): \(c.violation!)") }
    }
}
