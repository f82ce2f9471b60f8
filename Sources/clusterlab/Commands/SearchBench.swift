import ArgumentParser
import ClusterSim
import ClusterProtocols

/// `bench search`: the model checker on Raft leader election, with no
/// clients. Every order of vote requests, replies, heartbeats and timer
/// firings, breadth-first, checking election safety on every state; it
/// reports how many states it explored per second and how deep it got in
/// the time given. With `--mutation` it looks for that bug instead and
/// prints the shortest schedule that shows it (exit 1, as every checker's violation).
struct SearchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Model-check Raft leader election breadth-first (states per second, depth reached).")

    @Option(help: "Servers.") var servers = 3
    @Option(help: "Wall-clock budget in seconds.") var seconds = 10
    @Option(name: .customLong("max-depth"), help: "The longest schedule explored.") var maxDepth = 1_000
    @Option(name: .customLong("max-states"), help: "Stop after this many distinct states.") var maxStates = 50_000_000
    @Option(help: "Remember whole states or only their hashes (less memory).") var visited: SearchSettings.Visited = .states
    @Option(name: .customLong("max-rss-mb"), help: "Stop when the process's peak memory passes this (BFS keeps every state of the frontier).")
    var maxRSS = 4_000
    @Flag(name: .customLong("prune-leader"), help: "Stop exploring a branch once it has a leader.") var pruneLeader = false
    @Option(help: "A deliberate bug to search for (e.g. voteTwiceInOneTerm).") var mutation: String?

    func validate() throws {
        for (flag, value, range) in [("--servers", servers, 1...7), ("--seconds", seconds, 1...86_400),
                                     ("--max-depth", maxDepth, 1...1_000_000), ("--max-states", maxStates, 1...1_000_000_000),
                                     ("--max-rss-mb", maxRSS, 100...1_000_000)] {
            try FlagRange.check(flag, value, range)
        }
        if let mutation, RaftMutation(rawValue: mutation) == nil {
            throw ValidationError("--mutation must be one of \(RaftMutation.allCases.map(\.rawValue).joined(separator: ", ")) (got \(mutation))")
        }
    }

    func run() throws {
        var config = RaftConfig()
        if let mutation { config.mutations = [RaftMutation(rawValue: mutation)!] }
        let start = Wall.now()
        let deadline = start + Double(seconds)
        let stoppedAt = StopTime()
        let settings = SearchSettings(maxDepth: maxDepth, maxStates: maxStates,
                                      visited: visited,
                                      shouldStop: { [maxRSS] in stoppedAt.stop(Wall.now() >= deadline || Wall.peakRSSMegabytes() >= maxRSS) })
        let search = StateSearch<RaftProcess>(layout: ClusterLayout(servers: servers), config: config, settings: settings)
        let hasLeader: (SearchState<RaftProcess>) -> Bool = { $0.nodes.contains { $0.server?.role == .leader } }
        let result = search.run(invariants: [RaftProcess.electionSafety], prune: pruneLeader ? hasLeader : nil)
        // The search's own time: freeing a frontier of millions of states afterwards is not searching.
        let wall = (stoppedAt.time ?? Wall.now()) - start
        let stats = search.statistics
        let outcome: String
        switch result {
        case .violation(let name, let why, let schedule):
            outcome = "violation"
            print("\(name) violated after \(schedule.count) steps: \(why)")
            for (i, step) in schedule.enumerated() { print("  \(i + 1). \(step)") }
        case .goalReached: outcome = "goal"
        case .exhausted: outcome = "exhausted"
        case .limit where stats.limit == .stopped:
            outcome = Wall.peakRSSMegabytes() >= maxRSS ? "limit(memory)" : "limit(time)"
        case .limit: outcome = "limit(\(stats.limit?.rawValue ?? "?"))"
        }
        print("result=\(outcome) states=\(stats.states) depth=\(stats.depth) transitions=\(stats.steps)"
              + " wall_s=\(String(format: "%.3f", wall)) states_per_s=\(String(format: "%.0f", stats.statesPerSecond(wall)))"
              + " peak_rss_mb=\(Wall.peakRSSMegabytes())")
        if case .violation = result { throw Exit.violation }
    }
}

extension SearchSettings.Visited: ExpressibleByArgument {}

/// When the benchmark's budget ran out (the search stops there, then frees its states).
private final class StopTime: @unchecked Sendable {
    var time: Double?
    func stop(_ now: Bool) -> Bool {
        if now, time == nil { time = Wall.now() }
        return now
    }
}
