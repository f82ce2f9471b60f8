import ArgumentParser
import ClusterSim
import ClusterProtocols

/// The quorum store under a closed-loop workload: 5 replicas, N = 3, reads
/// and writes at QUORUM by default, the storage engine flushing and
/// compacting as it goes. `ops_per_s` counts completed client operations.
struct QuorumBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quorum",
        abstract: "A 5-replica quorum store (N=3) under a closed-loop read/write workload.")

    @Option(help: "Servers (replicas).") var servers = 5
    @Option(help: "Client operations in all.") var ops = 100_000
    @Option(help: "Closed-loop clients.") var clients = 50
    @Option(help: "Distinct keys.") var keys = 1_000
    @Option(help: "one, quorum or all.") var consistency = "quorum"
    @Option(help: "lww or vector.") var versioning = "lww"
    @Option(name: .customLong("delete-weight"), help: "Deletes per read (reads and writes weigh 1 each).") var deleteWeight = 0
    @Option(help: "Lamport and vector clocks on every event.") var clocks: OnOff = .off
    @Option(help: "Record every event in the trace.") var trace: OnOff = .off
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--servers", servers, 1...64)
        try FlagRange.check("--clients", clients, 1...10_000)
        try FlagRange.check("--ops", ops, 1...1_000_000_000)
        try FlagRange.check("--keys", keys, 1...10_000_000)
        try FlagRange.check("--delete-weight", deleteWeight, 0...1_000)
        guard ConsistencyLevel(rawValue: consistency) != nil else { throw ValidationError("--consistency: one, quorum or all") }
        guard Versioning(rawValue: versioning) != nil else { throw ValidationError("--versioning: lww or vector") }
    }

    func run() throws {
        var config = QuorumConfig()
        config.replicationFactor = min(3, servers)
        config.readConsistency = ConsistencyLevel(rawValue: consistency)!
        config.writeConsistency = config.readConsistency
        config.versioning = Versioning(rawValue: versioning)!
        config.coordinatorTimeout = 1_000_000
        config.workload.opsPerClient = (ops + clients - 1) / clients
        config.workload.keys = keys
        config.workload.deleteWeight = deleteWeight
        config.workload.timeout = 2_000_000
        let total = config.workload.opsPerClient * clients
        let layout = ClusterLayout(servers: servers, clients: clients)
        let sim = Simulation<QuorumProcess>(layout: layout, config: config, seed: seed,
                                            network: LinkSettings(latency: .uniform(min: 100, max: 1_000)),
                                            options: SimulationOptions(clocks: clocks.isOn, trace: trace.isOn))
        let clientIDs = (servers..<servers + clients).map { NodeID($0) }
        func completed() -> Int { clientIDs.reduce(0) { $0 + (sim.node($1)?.client?.completed ?? 0) } }
        let start = Wall.now()
        var steps = 0
        while sim.step() {
            steps &+= 1
            if steps & 4095 == 0, completed() >= total { break }
        }
        let wall = Wall.now() - start
        let done = completed()
        let deliveries = layout.all.reduce(0) { $0 + (sim.node($1)?.received ?? 0) }
        let replicas = (0..<servers).compactMap { sim.node(NodeID($0))?.server }
        let flushes = replicas.reduce(0) { $0 + $1.storage.flushes }, compactions = replicas.reduce(0) { $0 + $1.storage.compactions }
        let perSecond = wall > 0 ? Double(done) / wall : 0
        let deliveriesPerSecond = wall > 0 ? Double(deliveries) / wall : 0
        print("servers=\(servers) clients=\(clients) keys=\(keys) consistency=\(consistency) versioning=\(versioning) "
              + "flushes=\(flushes) compactions=\(compactions) peak_rss_mb=\(Wall.peakRSSMegabytes())")
        print("ops=\(done) wall_s=\(String(format: "%.3f", wall)) ops_per_s=\(String(format: "%.0f", perSecond)) "
              + "deliveries_per_s=\(String(format: "%.0f", deliveriesPerSecond))")
        print(BenchLine.result(deliveries: deliveries, virtualMicroseconds: sim.now.microseconds, wall: wall))
    }
}
