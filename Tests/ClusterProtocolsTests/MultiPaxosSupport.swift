import ClusterSim
import ClusterProtocols

/// A Multi-Paxos cluster run by the engine with its three properties
/// checked on every event, and a seeded schedule of faults: partitions,
/// crashes and restarts over lossy links, then a heal and a wait for the
/// clients (swarm testing: the seed also picks the cluster's size).
final class MultiPaxosCluster {
    let sim: Simulation<MultiPaxosProcess>
    let seed: UInt64
    let monitor: MultiPaxosSafetyMonitor
    private(set) var livenessFailure: String?

    init(servers: Int, clients: Int, config: MultiPaxosConfig, seed: UInt64, loss: Double = 0) {
        self.seed = seed
        sim = Simulation(layout: ClusterLayout(servers: servers, clients: clients), config: config, seed: seed,
                         network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000), loss: loss),
                         options: SimulationOptions(clocks: false, trace: true, snapshotInterval: 0))
        monitor = MultiPaxosInvariants.install(on: sim)
    }

    var layout: ClusterLayout { sim.layout }
    var now: Int64 { sim.now.microseconds }
    func server(_ n: NodeID) -> MultiPaxosServer? { sim.node(n)?.server }
    func run(for duration: Int64) { _ = sim.run(until: .us(now + duration)) }

    var clientsDone: Bool { layout.clients.allSatisfy { sim.node($0)?.client?.isDone ?? true } }

    /// Random faults for `rounds` rounds of 100–600 ms each, then everything
    /// healed and restarted, and the clients given a minute to finish.
    func chaos(rounds: Int) -> MultiPaxosCluster {
        var rng = SeededRandom(seed: seed ^ 0x9A05_5EED)
        func below(_ n: Int) -> Int { Int(rng.below(UInt64(n))) }
        let servers = layout.servers
        for _ in 0..<rounds where sim.violation == nil {
            switch below(5) {
            case 0, 1:
                var ids = servers
                var cut: [NodeID] = []
                for _ in 0..<(1 + below(servers.count / 2 + 1)) { cut.append(ids.remove(at: below(ids.count))) }
                sim.perform(.partition([cut]))
            case 2:
                sim.perform(.heal)
            case 3:
                let up = servers.filter { sim.status(of: $0) == .up }
                if up.count > servers.count / 2 + 1 { sim.perform(.crash(up[below(up.count)])) }
            default:
                if let down = servers.first(where: { sim.status(of: $0) == .crashed }) { sim.perform(.restart(down)) }
            }
            run(for: 100_000 + Int64(below(500_000)))
        }
        sim.perform(.heal)
        for n in servers where sim.status(of: n) == .crashed { sim.perform(.restart(n)) }
        if sim.violation == nil {
            let done = sim.run(until: { $0.violation != nil || self.clientsDone }, limit: .us(now + 60_000_000))
            if !done, sim.violation == nil { livenessFailure = "clients not done a minute after the faults ended" }
        }
        return self
    }

    /// What went wrong, if anything: an invariant, liveness, or linearizability.
    var failure: String? {
        if let v = sim.violation { return "seed \(seed): \(v)" }
        if let l = livenessFailure { return "seed \(seed): liveness: \(l)" }
        do {
            if case .notLinearizable(let key, _) = try LinearizabilityChecker.check(sim.trace.history) {
                return "seed \(seed): history not linearizable on key \(key)"
            }
        } catch {
            return "seed \(seed): malformed history: \(error)"
        }
        return nil
    }

    /// The swarm run for `seed`: 3 or 5 servers, 2–3 clients, 0–10% loss.
    static func swarm(seed: UInt64, mutant: MultiPaxosMutant? = nil, rounds: Int = 12) -> MultiPaxosCluster {
        var rng = SeededRandom(seed: seed)
        var config = MultiPaxosConfig()
        config.mutant = mutant
        config.workload.opsPerClient = 30
        let servers = rng.below(2) == 0 ? 3 : 5
        let clients = 2 + Int(rng.below(2))
        let loss = Double(rng.below(11)) / 100
        return MultiPaxosCluster(servers: servers, clients: clients, config: config, seed: seed, loss: loss).chaos(rounds: rounds)
    }
}
