import ArgumentParser
import ClusterSim
import Foundation

/// `clusterlab bench txncheck`: how long `TxnChecker` takes on a generated
/// list-append history (`ListAppendWorkload`: concurrent processes, reads and
/// appends, a few failed and indeterminate transactions), checked in-process
/// from the simulated client history, as the interface's transaction panel does.
struct TxnCheckBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "txncheck",
        abstract: "Generate a list-append transaction history and time the isolation checker on it.")

    @Option(help: "Transactions (each an invoke and a completion).") var txns = 100_000
    @Option(help: "Concurrent processes.") var processes = 10
    @Option(name: .customLong("active-keys"), help: "Keys in use at once (each retires after 16 appends).") var activeKeys = 8
    @Option(name: .customLong("write-skews"), help: "Write skews to inject (0: a valid history, so the checker does the full work and finds nothing).")
    var writeSkews = 0
    @Option(help: ArgumentHelp("The model checked.", valueName: "MODEL")) var model = "strict-serializable"
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--txns", txns, 0...20_000_000)
        try FlagRange.check("--processes", processes, 1...10_000)
        try FlagRange.check("--active-keys", activeKeys, 2...1_000_000)
        try FlagRange.check("--write-skews", writeSkews, 0...1_000_000)
        guard ConsistencyModel(name: model) != nil else {
            throw ValidationError("unknown model '\(model)'; models: " + ConsistencyModel.allCases.map(\.description).joined(separator: ", "))
        }
    }

    func run() throws {
        let workload = ListAppendWorkload(transactions: txns, processes: processes, activeKeys: activeKeys, writeSkews: writeSkews)
        let history = workload.history(seed: seed)
        let (start, cpuStart) = (Wall.now(), Self.cpuSeconds())
        let result = try TxnChecker.check(history: history, options: .init(model: ConsistencyModel(name: model)!))
        let (wall, cpu) = (Wall.now() - start, Self.cpuSeconds() - cpuStart)
        let verdict = result.isValid ? "valid" : "invalid(\(TxnCheckResult.tally(result.violations)))"
        print("txns=\(txns) model=\(model) verdict=\(verdict) wall_s=\(String(format: "%.3f", wall)) cpu_s=\(String(format: "%.3f", cpu)) "
              + "txns_per_s=\(String(format: "%.0f", wall > 0 ? Double(txns) / wall : 0)) peak_rss_mb=\(Wall.peakRSSMegabytes())")
        print("workload: \(result.inferenceSummary)")
    }

    /// User and system CPU time of this process so far: on a shared machine
    /// the wall time includes waiting for a core, this does not.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
