import ArgumentParser
import ClusterSim

@main
struct ClusterLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusterlab",
        abstract: "A terminal workbench for learning distributed systems: a whole cluster, simulated deterministically.",
        discussion: "Run with no arguments to open the interface.",
        version: ClusterLabVersion.string,
        subcommands: [RunCommand.self, ExportCommand.self, BenchCommand.self, LincheckCommand.self]
    )
}

enum ClusterLabVersion {
    static let string = "0.1.0"
}
