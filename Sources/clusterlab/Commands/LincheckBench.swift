import ArgumentParser
import ClusterSim
import Foundation

/// `clusterlab bench lincheck`: how long the checker takes to decide a large,
/// realistic, linearizable history (a register per key, clients overlapping
/// in virtual time; see `RegisterWorkload`). `--corrupt-last-read` makes the
/// last `ok` read return a value never written, so the history is not
/// linearizable and the checker must explore everything to prove it.
struct LincheckBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lincheck",
        abstract: "Generate a concurrent key-value history and time the linearizability checker on it.")

    @Option(help: "Operations (each an invoke and a completion).") var ops = 10_000
    @Option(help: "Concurrent clients.") var clients = 10
    @Option(help: "Keys.") var keys = 100
    @Option(help: "Distinct values written.") var values = 5
    @Option(help: "Chance an op completes info (it took effect or not).") var infoChance = 0.01
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Flag(help: "Make the last ok read return a value never written (not linearizable).") var corruptLastRead = false
    @Option(help: "Search states a key may take before the checker gives up (verdict=unknown).")
    var budget = LinearizabilityChecker.defaultBudget
    @Option(help: "Also write the history here, as JSON Lines.") var out: String?

    func validate() throws {
        try FlagRange.check("--ops", ops, 0...100_000_000)
        try FlagRange.check("--clients", clients, 1...10_000)
        try FlagRange.check("--keys", keys, 1...10_000_000)
        try FlagRange.check("--values", values, 1...10_000_000)
        try FlagRange.check("--budget", budget, 1...Int.max)
        try FlagRange.check("--info-chance", infoChance, 0...1)
    }

    func run() throws {
        var history = RegisterWorkload(operations: ops, clients: clients, keys: keys, values: values, infoChance: infoChance)
            .history(seed: seed)
        if corruptLastRead, let last = history.lastIndex(where: { $0.type == .ok && $0.f == "read" }) {
            history[last].value = .int(Int64(values))  // values are 0..<values
        }
        if let out {
            do { try HistoryFile.jsonLines(history).write(toFile: out, atomically: true, encoding: .utf8) }
            catch { printError("\(out): cannot write the history: \(error.localizedDescription)"); throw Exit.badInput }
        }
        let start = Wall.now()
        let verdict: String
        do {
            verdict = try LinearizabilityChecker.check(history, budget: budget) == .linearizable ? "linearizable" : "not_linearizable"
        } catch is LinearizabilityUndecided {
            verdict = "unknown"
        }
        let wall = Wall.now() - start
        print("ops=\(ops) wall_s=\(String(format: "%.3f", wall)) verdict=\(verdict)")
    }
}
