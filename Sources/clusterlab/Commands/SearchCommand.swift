import ArgumentParser
import ClusterProtocols
import ClusterSim
import Foundation
import TerminalUI

/// `clusterlab search flp`: the model checker looks for a schedule that keeps
/// a Raft cluster from ever electing a leader (FLP, felt), prints it as a
/// lasso, and with `--open` shows it in the interface, step by step.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Model-check a question about a protocol; `search flp` finds a schedule that elects no Raft leader, ever.",
        discussion: """
        flp: breadth-first over every order of message deliveries and timer firings of 3 Raft servers, it finds a
        lasso — a prefix, then a cycle back to the same state with every term one higher — on which no leader is
        ever elected and no message is lost. --open replays it in the interface; --seeds N times the first election
        of N seeds with fixed and with randomised timeouts.
        """)

    @Argument(help: "The question: flp.") var question: String
    @Option(help: "Times round the cycle in the replay (1–50).") var loops = 3
    @Flag(help: "Open the lasso in the interface (b steps back through it).") var open = false
    @Option(help: "Also time the first election over this many seeds (1–10000).") var seeds: Int?
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard
    @Option(help: "Stop after this many distinct states (100–10000000).") var maxStates = FLPSearch.settings.maxStates

    func validate() throws {
        guard question == "flp" else { throw ValidationError("unknown question '\(question)'; questions: flp") }
        guard (1...50).contains(loops) else { throw ValidationError("--loops must be from 1 to 50") }
        if let seeds, !(1...10_000).contains(seeds) { throw ValidationError("--seeds must be from 1 to 10000") }
        guard (100...10_000_000).contains(maxStates) else { throw ValidationError("--max-states must be from 100 to 10000000") }
    }

    func run() throws {
        let layout = ClusterLayout(servers: 3)
        var settings = FLPSearch.settings
        settings.maxStates = maxStates
        let search = LassoSearch<RaftProcess>(layout: layout, config: RaftConfig(), settings: settings)
        let result = search.run(canonical: RaftTermShift.canonical, prune: RaftTermShift.hasLeader, loops: loops)
        let stats = search.statistics
        print("Raft, 3 servers, every order of deliveries and timeouts; states compared with every term shifted")
        print("(before a leader, logs are empty and only differences of terms matter).")
        print("explored \(stats.states) states to depth \(stats.depth)")
        guard let lasso = result.lasso else {
            print("no lasso found: \(result)")
            throw ExitCode(1)
        }
        print("\nprefix (\(lasso.prefix.count) steps):")
        for s in lasso.prefix { print("  \(s.text)") }
        print("cycle (\(lasso.cycle.count) steps; it ends where it began, every term one higher):")
        for s in lasso.cycle { print("  \(s.text)") }
        print("\nNo leader on the way and every message sent in the cycle is delivered in it: repeated forever, this")
        print("schedule never elects a leader.")
        if !open { print("See it step by step: clusterlab search flp --open") }
        if let seeds { FLPSearch.printSweep(seeds: seeds) }
        guard open else { return }
        let replay = try ScheduleReplay.simulation(layout: layout, config: RaftConfig(), schedule: lasso.schedule,
                                                   invariants: [FLPSearch.noLeader])
        try openInterface(theme: theme.rawValue) { workbench, state in
            workbench.show(Stage(run: replay), &state)
            state.message = StatusMessage("lasso: \(lasso.prefix.count) steps, then the \(lasso.cycle.count)-step cycle × \(loops); no leader (b steps back)")
            return nil
        }
    }
}

/// The settings and figures of `search flp`, shared with its tests.
enum FLPSearch {
    static let settings = SearchSettings(maxDepth: 8, maxStates: 50_000)

    /// Checked on the replay at every step: the schedule elects nobody.
    static let noLeader = StateInvariant<RaftProcess>("no leader", nodes: { nodes in
        nodes.firstIndex { $0.server?.role == .leader }.map { "n\($0 + 1) was elected" }
    })

    /// The first election over `seeds` seeds, with timeouts fixed and randomised,
    /// on the network of the flp lab (3 servers, 40–140 ms links).
    static func printSweep(seeds: Int) {
        let network = LinkSettings(latency: .uniform(min: 40_000, max: 140_000))
        let after: [Int64] = [500_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000]
        print("\nseeds 1–\(seeds), 3 servers, links 40–140 ms: how many have no leader yet after")
        print("                          " + after.map { pad("\(Double($0) / 1e6)s", 8) }.joined())
        for (name, jitter) in [("timeout 150ms, fixed", Int64(0)), ("150–300ms, randomised", Int64(150_000))] {
            var config = RaftConfig()
            config.electionJitter = jitter
            let left = RaftElectionSweep.leaderless(servers: 3, config: config, network: network,
                                                    seeds: 1...UInt64(seeds), after: after)
            print(pad(name, 26) + left.map { pad("\($0)", 8) }.joined())
        }
    }

    static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }
}
