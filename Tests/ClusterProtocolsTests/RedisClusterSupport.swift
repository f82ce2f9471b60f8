import ClusterSim
import ClusterProtocols

/// Runs of a six-server Redis Cluster (three masters n1–n3, replicas n4–n6)
/// with closed-loop clients, for the RedisCluster*Tests.
enum RedisRuns {
    static func config(ops: Int = 300, keys: Int = 40, replicationInterval: Int64 = 10_000) -> RedisClusterConfig {
        var c = RedisClusterConfig()
        c.workload.opsPerClient = ops; c.workload.keys = keys
        c.replicationInterval = replicationInterval
        return c
    }

    static func run(seed: UInt64, config: RedisClusterConfig = config(), clients: Int = 3,
                    script: [(time: Int64, action: ClusterAction)] = [], until: Int64 = 4_000_000) -> Simulation<RedisProcess> {
        let sim = Simulation<RedisProcess>(layout: ClusterLayout(servers: config.serverCount, clients: clients), config: config,
                                           seed: seed, network: LinkSettings(latency: .uniform(min: 1_000, max: 5_000)),
                                           script: script)
        _ = sim.run(until: VirtualTime(microseconds: until))
        return sim
    }

    static func server(_ sim: Simulation<RedisProcess>, _ n: Int) -> RedisServer? { sim.node(NodeID(n - 1))?.server }
    static func clients(_ sim: Simulation<RedisProcess>) -> [RedisClient] { sim.layout.clients.compactMap { sim.node($0)?.client } }

    static func count(_ sim: Simulation<RedisProcess>, kind: String) -> Int {
        sim.trace.events.filter { $0.kind == .send && sim.messageKind($0.message) == kind }.count
    }

    static func history(_ sim: Simulation<RedisProcess>, _ type: HistoryOperation.Kind) -> [HistoryOperation] {
        sim.trace.history.filter { $0.type == type }
    }
}
