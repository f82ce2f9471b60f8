import ArgumentParser
import ClusterSim
import ClusterProtocols
import Foundation

/// Issue 16's `paxos`: Multi-Paxos and Raft serving the same closed-loop
/// key-value workload (the same clients, links and seed), one after the
/// other in one process, with the ratio of their wall times.
struct PaxosBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paxos",
        abstract: "Multi-Paxos against Raft on the same key-value workload, with the ratio.")

    @Option(help: "Servers.") var nodes = 5
    @Option(help: "Client operations in all (puts and gets, half each).") var ops = 100_000
    @Option(help: "Closed-loop clients.") var clients = 5
    @Option(help: "Lamport and vector clocks on every event.") var clocks: OnOff = .on
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--nodes", nodes, 1...64)
        try FlagRange.check("--clients", clients, 1...1_000)
        try FlagRange.check("--ops", ops, 1...1_000_000_000)
    }

    func run() throws {
        let layout = ClusterLayout(servers: nodes, clients: clients)
        let workload = KVBenchWorkload.puts(ops: ops, clients: clients)
        var raftConfig = RaftConfig()
        raftConfig.workload = workload
        raftConfig.snapshotThreshold = 1_000
        var paxosConfig = MultiPaxosConfig()
        paxosConfig.workload = workload
        let options = SimulationOptions(clocks: clocks.isOn, trace: false)
        let raft = KVBenchRun.measure(Simulation<RaftProcess>(layout: layout, config: raftConfig, seed: seed,
                                                              network: KVBenchRun.links, options: options))
        print("raft:       " + raft.line)
        let paxos = KVBenchRun.measure(Simulation<MultiPaxosProcess>(layout: layout, config: paxosConfig, seed: seed,
                                                                     network: KVBenchRun.links, options: options))
        print("multipaxos: " + paxos.line)
        let wallRatio = raft.wall > 0 ? paxos.wall / raft.wall : 0
        let cpuRatio = raft.cpu > 0 ? paxos.cpu / raft.cpu : 0
        print("ratio multipaxos/raft wall_s=\(String(format: "%.2f", wallRatio)) cpu_s=\(String(format: "%.2f", cpuRatio))"
              + " (target ≤ 2) peak_rss_mb=\(Wall.peakRSSMegabytes())")
    }
}

/// The workload `bench raft` and `bench paxos` share: puts and gets, half
/// each, over 10 keys, the operations split among the clients.
enum KVBenchWorkload {
    static func puts(ops: Int, clients: Int) -> RaftWorkload {
        var w = RaftWorkload()
        w.opsPerClient = (ops + clients - 1) / clients
        w.keys = 10
        w.readWeight = 1
        w.writeWeight = 1
        w.casWeight = 0
        return w
    }
}

/// A process of a key-value cluster whose clients are `KVClient`s.
protocol KVBenchProcess: NodeStateMachine {
    var client: KVClient? { get }
    var received: Int { get }
}
extension RaftProcess: KVBenchProcess {}
extension MultiPaxosProcess: KVBenchProcess {}

/// One benchmark run to the clients' last operation, timed.
struct KVBenchRun {
    var wall: Double
    /// CPU time (user + system): steadier than wall time on a shared machine.
    var cpu: Double
    var line: String

    static let links = LinkSettings(latency: .uniform(min: 1_000, max: 10_000))

    static func measure<Node: KVBenchProcess>(_ sim: Simulation<Node>) -> KVBenchRun {
        let layout = sim.layout
        let start = Wall.now(), cpuStart = cpuSeconds()
        // Whether the clients are done is checked every 1,000 steps, not
        // after each: reading a node copies its whole state, which costs
        // more the more a protocol keeps.
        while !layout.clients.allSatisfy({ sim.node($0)?.client?.isDone ?? true }) {
            guard sim.run(steps: 1_000) > 0 else { break }
        }
        let wall = Wall.now() - start, cpu = cpuSeconds() - cpuStart
        let deliveries = layout.all.reduce(0) { $0 + (sim.node($1)?.received ?? 0) }
        let acknowledged = layout.clients.reduce(0) { $0 + (sim.node($1)?.client?.acknowledged ?? 0) }
        return KVBenchRun(wall: wall, cpu: cpu, line: "steps=\(sim.stepCount) "
            + BenchLine.result(deliveries: deliveries, virtualMicroseconds: sim.now.microseconds, wall: wall)
            + " cpu_s=\(String(format: "%.3f", cpu)) ops=\(acknowledged)")
    }

    /// This process's user and system CPU time so far, from getrusage.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let t = { (v: timeval) in Double(v.tv_sec) + Double(v.tv_usec) / 1e6 }
        return t(usage.ru_utime) + t(usage.ru_stime)
    }
}
