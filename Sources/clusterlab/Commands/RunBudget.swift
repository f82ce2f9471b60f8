#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import ClusterSim

/// How much a `run` or `export` may take before it stops with a message
/// (exit 2) instead of filling the disk or the memory: a count of trace
/// events, and the process's peak resident memory.
struct RunBudgetOptions: ParsableArguments {
    static let defaultEvents = 10_000_000
    static let defaultMegabytes = 2_048

    @Option(name: .customLong("max-events"),
            help: "Stop with a message (exit 2) after this many events (1 to 1000000000).")
    var maxEvents: Int = RunBudgetOptions.defaultEvents
    @Option(name: .customLong("max-memory"),
            help: "Stop with a message (exit 2) once the process holds this many megabytes (16 to 1048576).")
    var maxMemory: Int = RunBudgetOptions.defaultMegabytes

    func validate() throws {
        guard (1...1_000_000_000).contains(maxEvents) else {
            throw ValidationError("--max-events must be from 1 to 1000000000, not \(maxEvents)")
        }
        guard (16...1_048_576).contains(maxMemory) else {
            throw ValidationError("--max-memory must be from 16 to 1048576 (megabytes), not \(maxMemory)")
        }
    }
}

/// The budgets of one run, spent as it goes.
struct RunBudget {
    let maxEvents: Int
    let maxMemory: Int
    init(_ options: RunBudgetOptions) { maxEvents = options.maxEvents; maxMemory = options.maxMemory }

    /// Why the run was stopped, once a budget is spent.
    private(set) var exceeded: String?
    private var nextMemoryCheck = 0

    /// Whether `run` has used up a budget (checked after every step; memory
    /// only every 4096 events, reading it costs a system call).
    mutating func isSpent(_ run: ClusterRun) -> Bool {
        let events = run.trace.count
        if events >= maxEvents {
            exceeded = "event budget reached: \(maxEvents) events by \(run.now) (raise --max-events, or run for less)"
            return true
        }
        if events >= nextMemoryCheck {
            nextMemoryCheck = events + 4_096
            let mb = Self.peakMegabytes()
            if mb >= maxMemory {
                exceeded = "memory budget reached: \(mb) MB at \(run.now) after \(events) events (raise --max-memory, or run for less)"
                return true
            }
        }
        return false
    }

    /// The process's peak resident memory, in megabytes.
    static func peakMegabytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) / 1_024         // kilobytes on Linux
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) / 1_048_576     // bytes on macOS
        #endif
    }
}
