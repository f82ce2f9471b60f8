import ClusterSim

/// How long a Raft cluster with no clients takes to elect its first leader,
/// seed after seed: the measure of how often an election's timing goes
/// wrong. With randomised timeouts every seed's wait is finite in practice,
/// but the share of seeds still leaderless after `t` shrinks with `t` without
/// reaching zero at any fixed `t`.
public enum RaftElectionSweep {
    /// The virtual time (µs) the first leader took office, or nil if none did by `limit`.
    public static func firstLeader(servers: Int, config: RaftConfig, network: LinkSettings, seed: UInt64,
                                   limit: Int64) -> Int64? {
        let sim = Simulation<RaftProcess>(layout: ClusterLayout(servers: servers), config: config, seed: seed, network: network)
        let leads: (Simulation<RaftProcess>) -> Bool = { s in
            s.layout.all.contains { s.node($0)?.server?.role == .leader }
        }
        return sim.run(until: leads, limit: VirtualTime(microseconds: limit)) ? sim.now.microseconds : nil
    }

    /// For each time in `after`, how many of `seeds` had no leader yet at that time.
    public static func leaderless(servers: Int, config: RaftConfig, network: LinkSettings, seeds: ClosedRange<UInt64>,
                                  after: [Int64]) -> [Int] {
        let limit = after.max() ?? 0
        let firsts = seeds.map { firstLeader(servers: servers, config: config, network: network, seed: $0, limit: limit) }
        return after.map { t in firsts.filter { ($0 ?? .max) > t }.count }
    }
}
