import ArgumentParser
import ClusterSim
import Foundation

/// `clusterlab bench lincheck`: how long the checker takes to decide a large,
/// realistic, linearizable history (a register per key, clients overlapping
/// in virtual time; see `RegisterWorkload`).
struct LincheckBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lincheck",
        abstract: "Generate a concurrent key-value history and time the linearizability checker on it.")

    @Option(help: "Operations (each an invoke and a completion).") var ops = 10_000
    @Option(help: "Concurrent clients.") var clients = 10
    @Option(help: "Keys.") var keys = 100
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Also write the history here, as JSON Lines.") var out: String?

    func validate() throws {
        guard ops >= 0 else { throw ValidationError("--ops must not be negative") }
        guard clients >= 1, keys >= 1 else { throw ValidationError("--clients and --keys must be positive") }
    }

    func run() throws {
        let history = RegisterWorkload(operations: ops, clients: clients, keys: keys).history(seed: seed)
        if let out {
            try HistoryFile.jsonLines(history).write(toFile: out, atomically: true, encoding: .utf8)
        }
        let start = Wall.now()
        let result = try LinearizabilityChecker.check(history)
        let wall = Wall.now() - start
        let verdict = result == .linearizable ? "linearizable" : "not_linearizable"
        print("ops=\(ops) wall_s=\(String(format: "%.3f", wall)) verdict=\(verdict)")
    }
}
