import ClusterSim
import ClusterProtocols

/// Runs of `membership` shared by the detector tests: five servers, 50 ms
/// heartbeats, 100 ms SWIM periods, and a low-latency network (1–10 ms).
enum MembershipRuns {
    static let servers = 5
    static let lowLatency = LinkSettings(latency: .uniform(min: 1_000, max: 10_000))

    static func config(_ detector: FailureDetector, threshold: Double = 8, indirect: Int = 3) -> MembershipConfig {
        switch detector {
        case .heartbeat:
            return MembershipConfig(detector: .heartbeat, interval: 50_000, timeout: 150_000)
        case .phi:
            return MembershipConfig(detector: .phi, interval: 50_000, tick: 5_000, window: 100, threshold: threshold,
                                    minStddev: 5_000)
        case .swim:
            return MembershipConfig(detector: .swim, period: 100_000, pingTimeout: 30_000, indirectProbes: indirect,
                                    suspicionTimeout: 500_000)
        }
    }

    static func sim(_ config: MembershipConfig, seed: UInt64, network: LinkSettings = lowLatency,
                    script: [(time: Int64, action: ClusterAction)] = []) -> Simulation<MembershipNode> {
        Simulation<MembershipNode>(layout: ClusterLayout(servers: servers), config: config, seed: seed,
                                   network: network, script: script)
    }

    /// Every running server's suspicions so far (in a healthy run, all false).
    static func suspicions(_ sim: Simulation<MembershipNode>) -> Int {
        sim.layout.servers.compactMap { sim.node($0)?.suspicionCount }.reduce(0, +)
    }

    /// The running servers other than `peer` that do not yet suspect (or declare dead) `peer`.
    static func notSuspecting(_ peer: NodeID, _ sim: Simulation<MembershipNode>) -> [NodeID] {
        sim.layout.servers.filter { $0 != peer }.compactMap(sim.node).filter { $0.status(of: peer) == .alive }.map(\.id)
    }
}
