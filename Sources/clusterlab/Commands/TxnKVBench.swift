import ArgumentParser
import ClusterSim
import ClusterProtocols
import Foundation

/// Issue 17's concurrency control side by side: the same transactions under
/// strict two-phase locking and under optimistic validation, at low and at
/// high contention, in one run. Throughput is commits per second of virtual
/// time (what the clients saw); the wall time says how fast the engine ran it.
struct TxnKVBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cc",
        abstract: "2PL against OCC on the same transactional workload, at low and high contention.")

    @Option(help: "Workload: list-append, or bank (transfers only).") var workload = "list-append"
    @Option(help: "Transactions per client.") var txns = 2_000
    @Option(help: "Closed-loop clients.") var clients = 8
    @Option(name: .customLong("low-keys"), help: "Keys (accounts) at low contention.") var lowKeys = 200
    @Option(name: .customLong("high-keys"), help: "Keys (accounts) at high contention.") var highKeys = 4
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        guard ["list-append", "bank"].contains(workload) else {
            throw ValidationError("--workload must be list-append or bank (got \(workload))")
        }
        try FlagRange.check("--txns", txns, 1...1_000_000)
        try FlagRange.check("--clients", clients, 1...1_000)
        try FlagRange.check("--low-keys", lowKeys, 2...1_000)
        try FlagRange.check("--high-keys", highKeys, 2...1_000)
    }

    func run() throws {
        print("workload=\(workload) clients=\(clients) txns_per_client=\(txns)")
        for (contention, keys) in [("low", lowKeys), ("high", highKeys)] {
            for cc in TxnKVConcurrency.allCases {
                let r = Self.measure(config(cc, keys: keys), clients: clients, seed: seed)
                print("\(cc.rawValue) \(contention) keys=\(keys): " + r)
            }
        }
        print("peak_rss_mb=\(Wall.peakRSSMegabytes())")
    }

    func config(_ cc: TxnKVConcurrency, keys: Int) -> TxnKVConfig {
        var c = TxnKVConfig()
        c.isolation = .serializable
        c.concurrency = cc
        c.workload.kind = workload == "bank" ? .bank : .listAppend
        c.workload.transactionsPerClient = txns
        c.workload.keys = keys
        c.workload.accounts = keys
        c.workload.auditWeight = 0  // transfers only: an audit of 200 accounts outlives the transaction timeout
        c.workload.think = 1_000
        return c
    }

    /// Runs to the clients' last transaction and describes what it cost.
    static func measure(_ config: TxnKVConfig, clients: Int, seed: UInt64) -> String {
        let sim = Simulation<TxnKVProcess>(layout: ClusterLayout(servers: 1, clients: clients), config: config, seed: seed,
                                           network: KVBenchRun.links, options: SimulationOptions(trace: false, snapshotInterval: 0))
        let start = Wall.now(), cpuStart = KVBenchRun.cpuSeconds()
        while !sim.layout.clients.allSatisfy({ sim.node($0)?.client?.isDone ?? true }) {
            guard sim.run(steps: 1_000) > 0 else { break }
        }
        let wall = Wall.now() - start, cpu = KVBenchRun.cpuSeconds() - cpuStart
        guard let server = sim.node(NodeID(0))?.server else { return "no server" }
        let ended = server.commits + server.abortCount
        let seconds = Double(sim.now.microseconds) / 1e6
        let reasons = server.aborts.keys.sorted { $0.rawValue < $1.rawValue }.map { "\($0.rawValue)=\(server.aborts[$0]!)" }.joined(separator: ",")
        return "commits=\(server.commits) aborts=\(server.abortCount)" + (reasons.isEmpty ? "" : " (\(reasons))")
            + " abort_rate=\(String(format: "%.1f%%", ended > 0 ? 100 * Double(server.abortCount) / Double(ended) : 0))"
            + " commits_per_virtual_s=\(String(format: "%.0f", seconds > 0 ? Double(server.commits) / seconds : 0))"
            + " virtual_s=\(String(format: "%.2f", seconds)) wall_s=\(String(format: "%.3f", wall)) cpu_s=\(String(format: "%.3f", cpu))"
    }
}
