import ClusterProtocols
import ClusterSim

/// Counts false suspicions as a run goes (a suspicion of a server that is
/// up), and the same count for the engine's own fixed-timeout detector on
/// the same network: the yardstick phi is judged against.
enum SuspicionCount {
    struct Accusation { var time: Int64; var by: NodeID; var of: NodeID }

    /// Runs to `time`, step by step, noting every new suspicion of a live server.
    static func run<N: FailureDetectorNode>(_ h: TestHarness<N>, until time: Int64) throws -> [Accusation] {
        let sim = h.sim
        var previous = sim.layout.servers.map { sim.node($0)?.suspects ?? [] }
        var found: [Accusation] = []
        while sim.violation == nil, let next = sim.nextEventTime, next.microseconds <= time {
            sim.step()
            for n in sim.layout.servers {
                let now = sim.node(n)?.suspects ?? []
                if now == previous[n.index] { continue }
                for p in now.subtracting(previous[n.index]).sorted() where sim.status(of: p) == .up {
                    found.append(Accusation(time: sim.now.microseconds, by: n, of: p))
                }
                previous[n.index] = now
            }
        }
        try h.run(until: time)
        return found
    }

    /// False suspicions of ClusterLab's own heartbeat detector (fixed
    /// timeout) on `servers` healthy servers over `network`, to `time`.
    static func fixedTimeout(seed: UInt64, servers: Int, network: LinkSettings, until time: Int64,
                             interval: Int64, timeout: Int64) -> Int {
        let sim = Simulation<MembershipNode>(layout: ClusterLayout(servers: servers),
                                             config: MembershipConfig(detector: .heartbeat, interval: interval, timeout: timeout),
                                             seed: seed, network: network, options: SimulationOptions(clocks: false, trace: false))
        sim.run(until: VirtualTime(microseconds: time))
        return sim.layout.servers.reduce(0) { $0 + (sim.node($1)?.suspicionCount ?? 0) }
    }

    /// The first few accusations, `n2→n4 at 1.2s`.
    static func describe<N>(_ accused: [Accusation], _ sim: Simulation<N>) -> String {
        if accused.isEmpty { return "none" }
        return accused.prefix(4).map { "\(sim.layout.name($0.by))→\(sim.layout.name($0.of)) at \(DurationText.format($0.time))" }
            .joined(separator: ", ") + (accused.count > 4 ? ", …" : "")
    }
}
