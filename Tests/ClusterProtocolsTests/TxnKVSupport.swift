import ClusterSim
import ClusterProtocols

/// `txnkv` runs for the tests: one server, a few clients, the level's
/// invariants installed, run until every client has finished.
enum TxnKVRuns {
    static let links = LinkSettings(latency: .uniform(min: 1_000, max: 5_000))

    static func config(_ isolation: TxnKVIsolation, _ concurrency: TxnKVConcurrency = .twoPhaseLocking,
                       _ kind: TxnKVWorkloadKind, txns: Int = 40, mutant: TxnKVMutant? = nil) -> TxnKVConfig {
        var c = TxnKVConfig()
        c.isolation = isolation
        c.concurrency = concurrency
        c.mutant = mutant
        c.workload.kind = kind
        c.workload.transactionsPerClient = txns
        c.workload.think = 1_000
        return c
    }

    static func run(_ config: TxnKVConfig, clients: Int = 3, seed: UInt64,
                    watch: ((TxnKVServer) -> Void)? = nil) -> Simulation<TxnKVProcess> {
        let sim = Simulation<TxnKVProcess>(layout: ClusterLayout(servers: 1, clients: clients), config: config,
                                           seed: seed, network: links, options: SimulationOptions(snapshotInterval: 0))
        TxnKVInvariants.install(on: sim, config: config)
        sim.run(until: { s in
            if let watch, let server = s.node(NodeID(0))?.server { watch(server) }
            return s.layout.clients.allSatisfy { s.node($0)?.client?.isDone ?? true }
        }, limit: .seconds(120))
        return sim
    }

    static func check(_ sim: Simulation<TxnKVProcess>, _ model: ConsistencyModel) throws -> TxnCheckResult {
        try TxnChecker.check(history: sim.trace.history, options: .init(model: model, writesFollowReads: true))
    }

    static func server(_ sim: Simulation<TxnKVProcess>) -> TxnKVServer { sim.node(NodeID(0))!.server! }

    static func kinds(_ r: TxnCheckResult) -> Set<String> { Set(r.anomalies.map(\.kind.rawValue)) }
}
