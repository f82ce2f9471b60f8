import ArgumentParser
import ClusterSim
import ClusterProtocols
import Foundation

/// Measures stepping back: run a long flood, then from its end go back to
/// random earlier events (restore the nearest snapshot, replay forward).
struct TimeTravelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timetravel",
        abstract: "Time to step back from the end of a long run to random earlier events.")

    @Option(help: "Trace events in the run.") var events = 1_000_000
    @Option(help: "Nodes.") var nodes = 64
    @Option(help: "Jumps back to measure.") var jumps = 10
    @Option(help: "Seed (the run and the jump targets).") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--events", events, 1...10_000_000)
        try FlagRange.check("--nodes", nodes, 2...256)  // flood sends to another node
        try FlagRange.check("--jumps", jumps, 1...100_000)
    }

    func run() throws {
        let sim = Simulation<FloodNode>(layout: ClusterLayout(servers: nodes), config: .init(inFlight: 4), seed: seed)
        let target = events
        while sim.trace.count < target, sim.step() {}
        let end = sim.stepCount
        guard end >= 1 else { throw ValidationError("the run took no steps") }
        var random = SeededRandom(seed: seed)
        var times: [Double] = []
        for _ in 0..<jumps {
            let to = Int64(random.below(UInt64(end)))
            let start = Wall.now()
            sim.goTo(step: to)
            times.append(Wall.now() - start)
            guard sim.stepCount == to else { throw ValidationError("landed on step \(sim.stepCount), not \(to)") }
            sim.goTo(step: end)  // back to the end for the next jump (not timed)
        }
        let maxMs = (times.max() ?? 0) * 1000, meanMs = times.reduce(0, +) / Double(max(1, times.count)) * 1000
        print("events=\(sim.trace.count) steps=\(end) jumps=\(jumps) max_ms=\(String(format: "%.1f", maxMs)) mean_ms=\(String(format: "%.1f", meanMs)) peak_rss_mb=\(Wall.peakRSSMegabytes())")
    }
}
