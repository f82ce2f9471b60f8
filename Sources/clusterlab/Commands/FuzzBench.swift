import ArgumentParser
import ClusterSim
import LabKit

/// `bench fuzz`: the fuzz test of issue 12 at any size. Hostile scenarios and
/// labs from consecutive seeds through `run` and `lab validate` in this
/// process; any answer other than exit 0, 1 or a located exit 2, or a run past
/// its bounds, is printed with its seed and text (exit 1).
struct FuzzBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Run hostile scenarios and labs in-process; report any case that is not exit 0/1 or a located exit 2.")

    @Option(help: "Cases to run.") var cases = 10_000
    @Option(help: "First seed; case i uses seed + i.") var seed: UInt64 = 1
    @Option(name: .customLong("step-budget"), help: "Engine steps per run.") var stepBudget: Int64 = 400
    @Flag(help: "Print each seed before its case runs (to find one that kills the process).") var verbose = false

    func validate() throws {
        try FlagRange.check("--cases", cases, 1...100_000_000)
        try FlagRange.check("--step-budget", stepBudget, 1...10_000_000)
    }

    func run() throws {
        var exits: [Int32: Int] = [:]
        var failures = 0
        let start = Wall.now()
        for i in 0..<cases {
            let s = seed &+ UInt64(i)
            if verbose { printError("seed \(s)") }
            let c = InputFuzz.makeCase(seed: s)
            let o = InputFuzz.check(c, stepBudget: stepBudget)
            exits[o.exitCode, default: 0] += 1
            let unlocated = o.exitCode == 2 && (o.errors.isEmpty || o.errors.contains { $0.line < 1 || $0.column < 1 || $0.message.isEmpty })
            if !(0...2).contains(o.exitCode) || unlocated || o.steps > stepBudget {
                failures += 1
                print("FAIL seed=\(s) exit=\(o.exitCode) steps=\(o.steps) events=\(o.events) \(o.errors.first.map { "\($0)" } ?? "")\n\(c.text)")
            }
        }
        let wall = Wall.now() - start
        let counts = exits.keys.sorted().map { "exit\($0)=\(exits[$0]!)" }.joined(separator: " ")
        print("cases=\(cases) \(counts) failures=\(failures) wall_s=\(String(format: "%.3f", wall)) peak_rss_mb=\(Wall.peakRSSMegabytes())")
        if failures > 0 { throw Exit.violation }
    }
}
