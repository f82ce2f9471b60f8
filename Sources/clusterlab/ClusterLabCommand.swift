import ArgumentParser
import ClusterSim
import Foundation

@main
struct ClusterLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusterlab",
        abstract: "A terminal workbench for learning distributed systems: a whole cluster, simulated deterministically.",
        discussion: "Run with no arguments to open the interface: labs, sandboxes and notes.",
        version: ClusterLabVersion.string,
        subcommands: [
            RunCommand.self,
            ExportCommand.self,
            SandboxCommand.self,
            DemoCommand.self,
            ReplayCommand.self,
            LabCommand.self,
            LabsCommand.self,
            ProgressCommand.self,
            QuizCommand.self,
            LincheckCommand.self,
            BenchCommand.self,
            HashCommand.self,
            PlacementCommand.self,
        ]
    )
}

extension ClusterLabCommand {
    /// No subcommand: the home screen.
    func run() throws {
        try openHome(theme: "default")
    }

    /// Parses and runs, mapping usage errors to exit 2 (bad input), as every
    /// ClusterLab command promises, instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                printError(fullMessage(for: error))
                Foundation.exit(Exit.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}

enum ClusterLabVersion {
    static let string = "0.1.0"
}
