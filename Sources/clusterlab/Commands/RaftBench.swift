import ArgumentParser
import ClusterSim
import ClusterProtocols

/// BENCHMARKS.md's `raft`: a Raft key-value cluster under closed-loop
/// clients issuing puts and gets, no faults.
struct RaftBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raft",
        abstract: "A Raft key-value cluster under closed-loop clients (a protocol under load).")

    @Option(help: "Servers.") var nodes = 5
    @Option(help: "Client operations in all (puts and gets, half each).") var ops = 100_000
    @Option(help: "Closed-loop clients.") var clients = 5
    @Option(help: "Compact the log every this many applied entries (0: never).") var snapshot = 1_000
    @Option(help: "Lamport and vector clocks on every event.") var clocks: OnOff = .on
    @Option(help: "Record every event in the trace.") var trace: OnOff = .off
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--nodes", nodes, 1...64)
        try FlagRange.check("--clients", clients, 1...1_000)
        try FlagRange.check("--ops", ops, 1...1_000_000_000)
        try FlagRange.check("--snapshot", snapshot, 0...1_000_000)
    }

    func run() throws {
        var config = RaftConfig()
        config.snapshotThreshold = snapshot
        config.workload = KVBenchWorkload.puts(ops: ops, clients: clients)
        let layout = ClusterLayout(servers: nodes, clients: clients)
        let sim = Simulation<RaftProcess>(layout: layout, config: config, seed: seed, network: KVBenchRun.links,
                                          options: SimulationOptions(clocks: clocks.isOn, trace: trace.isOn))
        let clientIDs = layout.clients
        let start = Wall.now()
        sim.run(until: { s in clientIDs.allSatisfy { s.node($0)?.client?.isDone ?? true } }, limit: .distantFuture)
        let wall = Wall.now() - start
        let deliveries = layout.all.reduce(0) { $0 + (sim.node($1)?.received ?? 0) }
        let acknowledged = layout.clients.reduce(0) { $0 + (sim.node($1)?.client?.acknowledged ?? 0) }
        print("steps=\(sim.stepCount) peak_rss_mb=\(Wall.peakRSSMegabytes())")
        print(BenchLine.result(deliveries: deliveries, virtualMicroseconds: sim.now.microseconds, wall: wall)
              + " ops=\(acknowledged)")
    }
}
