import ArgumentParser
import ClusterProtocols
import TerminalUI

/// `clusterlab placement`: a partitioning scheme on N nodes, interactive
/// (switch scheme, join and remove nodes, toggle virtual nodes and a Zipf
/// workload), or printed once with `--print`.
struct PlacementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement",
        abstract: "Compare partitioning schemes: load per node, keys moved on a join or leave, hot keys under Zipf.",
        discussion: """
            Schemes: \(PlacementScheme.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ")).
            Keys are key0, key1, …; a join adds the next node, a leave removes the newest.
            Interactive keys: s scheme, + join, - leave, v vnodes, z Zipf, r reset, ? help, q quit.
            --print writes the figures as text instead. Exit status 2 for bad input.
            """)

    @Option(help: "Scheme: \(PlacementScheme.names).") var scheme = "ring"
    @Option(help: "Nodes to start with (1 to 200).") var nodes = 10
    @Option(help: "Keys to place (1 to 1000000).") var keys = 10_000
    @Option(help: "Virtual nodes per node on the ring (1 to 1024; 1 is one point per node).") var vnodes = 128
    @Option(help: "Zipf exponent of a request workload (0 to 5); with it, hot keys are shown.") var zipf: Double?
    @Option(help: "Seed of the Zipf workload: the same seed is the same requests.") var seed: UInt64 = 1
    @Flag(help: "Print the figures (and, with --join/--leave, after those changes) instead of opening the screen.") var print = false
    @Option(help: "With --print: joins to make first.") var join = 0
    @Option(help: "With --print: leaves to make after the joins.") var leave = 0
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard

    func validate() throws {
        guard PlacementScheme(rawValue: scheme) != nil else {
            throw ValidationError("unknown scheme '\(scheme)'; schemes: \(PlacementScheme.names)")
        }
        guard (1...200).contains(nodes) else { throw ValidationError("--nodes must be from 1 to 200") }
        guard (1...1_000_000).contains(keys) else { throw ValidationError("--keys must be from 1 to 1000000") }
        guard (1...1024).contains(vnodes) else { throw ValidationError("--vnodes must be from 1 to 1024") }
        if let zipf, !(zipf >= 0 && zipf <= 5) { throw ValidationError("--zipf must be from 0 to 5") }
        guard join >= 0, leave >= 0, join <= 100 else { throw ValidationError("--join must be from 0 to 100, --leave at least 0") }
        if (join > 0 || leave > 0) && !print { throw ValidationError("--join and --leave go with --print (on the screen, press + and -)") }
        guard leave < nodes + join else { throw ValidationError("--leave must leave at least one node (\(nodes + join) nodes)") }
    }

    func run() throws {
        var state = PlacementState(scheme: PlacementScheme(rawValue: scheme)!, nodes: nodes, keys: keys, virtualNodes: vnodes,
                                   virtualNodesOn: vnodes > 1, zipf: zipf ?? 1.0, zipfOn: zipf != nil, seed: seed)
        if print {
            state.apply(joins: join, leaves: leave)
            for line in PlacementText.report(state) { Swift.print(line) }
            return
        }
        state.openedFromHome = false
        try openInterface(theme: theme.rawValue) { _, app in
            app.screen = .placement
            app.placement = state
            return nil
        }
    }
}
