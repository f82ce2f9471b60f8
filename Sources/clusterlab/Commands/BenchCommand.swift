import ArgumentParser
import ClusterSim
import ClusterProtocols
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine (release builds only give meaningful numbers).",
        subcommands: [
            FloodBench.self,
            RaftBench.self,
            PaxosBench.self,
            BalancerBench.self,
            RenderBench.self,
            TimeTravelBench.self,
            LincheckBench.self,
            PlacementBench.self,
            PlacementViewBench.self,
            QuorumBench.self,
            ConsistencyBench.self,
            FuzzBench.self,
            MaelstromBench.self,
            SearchBench.self,
            TxnCheckBench.self,
            TxnKVBench.self,
            ErasureBench.self,
            KafkaBench.self,
        ]
    )
}

/// The range of a benchmark's numeric flag, checked in `validate()`: a value
/// the benchmark cannot run (no nodes, a 100000×100000 screen, 100000 nodes
/// of vector clocks) is a usage error, exit 2, not a trap or a huge allocation.
enum FlagRange {
    static func check<T: Comparable>(_ flag: String, _ value: T, _ range: ClosedRange<T>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(flag) must be from \(range.lowerBound) to \(range.upperBound) (got \(value))")
        }
    }
}

/// A switch written `on` or `off`, as BENCHMARKS.md spells it.
enum OnOff: String, ExpressibleByArgument, CaseIterable {
    case on, off
    var isOn: Bool { self == .on }
}

struct FloodBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flood",
        abstract: "Every delivery sends one new message to a random other node (the engine's raw speed).")

    @Option(help: "Nodes.") var nodes = 64
    @Option(name: .customLong("in-flight"), help: "Messages each node starts at time 0.") var inFlight = 4
    @Option(help: "Stop after this many deliveries.") var messages = 2_000_000
    @Option(help: "Lamport and vector clocks on every event.") var clocks: OnOff = .on
    @Option(help: "Record every event in the trace.") var trace: OnOff = .on
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--nodes", nodes, 2...256)
        try FlagRange.check("--in-flight", inFlight, 1...1_000)
        try FlagRange.check("--messages", messages, 1...1_000_000_000)
    }

    func run() throws {
        let options = SimulationOptions(clocks: clocks.isOn, trace: trace.isOn)
        let sim = Simulation<FloodNode>(layout: ClusterLayout(servers: nodes), config: .init(inFlight: inFlight),
                                        seed: seed, network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000)),
                                        options: options)
        let limit = messages  // read the option once: its getter is not free
        let start = Wall.now()
        var deliveries = 0
        // Count deliveries through the nodes' own counters would cost a scan;
        // a step is exactly one delivery here once the nodes have started.
        sim.run(steps: Int64(nodes))  // the start events
        while deliveries < limit, sim.step() { deliveries += 1 }
        let wall = Wall.now() - start
        if trace.isOn { print("trace_events=\(sim.trace.count) peak_rss_mb=\(Wall.peakRSSMegabytes())") }
        else { print("peak_rss_mb=\(Wall.peakRSSMegabytes())") }
        print(BenchLine.result(deliveries: deliveries, virtualMicroseconds: sim.now.microseconds, wall: wall))
    }
}

/// The one result line every benchmark prints (BENCHMARKS.md).
enum BenchLine {
    static func result(deliveries: Int, virtualMicroseconds: Int64, wall: Double) -> String {
        let rate = wall > 0 ? Double(deliveries) / wall : 0
        return "deliveries=\(deliveries) virtual_us=\(virtualMicroseconds) wall_s=\(String(format: "%.3f", wall)) rate=\(String(format: "%.0f", rate))"
    }
}

/// Wall-clock time for benchmarks only; the engine never reads it.
enum Wall {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Peak resident memory of this process, from getrusage (kilobytes on Linux).
    static func peakRSSMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss / 1024)
    }
}
