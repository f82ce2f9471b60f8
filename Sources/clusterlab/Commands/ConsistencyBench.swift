import ArgumentParser
import ClusterSim
import Foundation

/// `clusterlab bench consistency`: how long the stale-read, read-your-writes
/// and monotonic-reads checkers take on a large concurrent history (the same
/// generated register histories as `bench lincheck`; see `RegisterWorkload`).
struct ConsistencyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Generate a concurrent key-value history and time the weak-consistency checkers on it.")

    @Option(help: "Operations (each an invoke and a completion).") var ops = 100_000
    @Option(help: "Concurrent clients.") var clients = 10
    @Option(help: "Keys.") var keys = 10
    @Option(help: "Distinct values written (small: values repeat, the hard case).") var values = 5
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--ops", ops, 0...100_000_000)
        try FlagRange.check("--clients", clients, 1...10_000)
        try FlagRange.check("--keys", keys, 1...10_000_000)
        try FlagRange.check("--values", values, 1...10_000_000)
    }

    func run() throws {
        let history = RegisterWorkload(operations: ops, clients: clients, keys: keys, values: values).history(seed: seed)
        let start = Wall.now()
        let report = ConsistencyReport(SessionHistory(history))
        let wall = Wall.now() - start
        print("ops=\(ops) wall_s=\(String(format: "%.3f", wall)) stale=\(report.staleReads.count) "
              + "read_your_writes=\(report.readYourWrites.count) monotonic=\(report.monotonicReads.count)")
    }
}
