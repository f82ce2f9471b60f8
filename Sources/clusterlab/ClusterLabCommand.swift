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
            LincheckCommand.self, TxnCheckCommand.self,
            RealCommand.self,
            BenchCommand.self,
            HashCommand.self,
            PlacementCommand.self,
            CapCommand.self,
            ExerciseCommand.self,
            MaelstromCommand.self,
            SearchCommand.self,
            ErasureCommand.self,
            RealBackendCommand.self,
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
            let arguments = CommandLineArguments.joiningNegativeNumbers(Array(CommandLine.arguments.dropFirst()))
            if let problem = CommandLineArguments.unknownHelpTopic(arguments, root: self) {
                printError("Error: \(problem)\n\(helpMessage())")
                Foundation.exit(Exit.badInput.rawValue)
            }
            var command = try parseAsRoot(arguments)
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

/// Fixes to the command line before ArgumentParser reads it.
enum CommandLineArguments {
    /// `--seed -1` becomes `--seed=-1` (and `--until -1s`, `--until=-1s`):
    /// ArgumentParser takes `-1` for a flag
    /// and says "Missing value"; joined, the option's own check says what is
    /// wrong with -1 ("must be from … to …", or not a valid value).
    static func joiningNegativeNumbers(_ args: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--"), !a.contains("="), a != "--", i + 1 < args.count, isNegativeNumber(args[i + 1]) {
                out.append("\(a)=\(args[i + 1])"); i += 2
            } else {
                out.append(a); i += 1
            }
        }
        return out
    }

    /// `-1`, `-0.5`, `-1s`: a value, since no flag of ours starts with a digit.
    static func isNegativeNumber(_ s: String) -> Bool {
        s.count > 1 && s.hasPrefix("-") && s.dropFirst().first.map { $0.isASCII && $0.isNumber } == true
    }

    /// `help bogus` (or `help bench bogus`): the topic that names no command,
    /// which ArgumentParser would answer with the root help and exit 0.
    static func unknownHelpTopic(_ args: [String], root: ParsableCommand.Type) -> String? {
        guard args.first == "help" else { return nil }
        var subcommands = root.configuration.subcommands
        for name in args.dropFirst() where !name.hasPrefix("-") {
            let names = subcommands.map { $0.configuration.commandName ?? "" }
            guard let i = names.firstIndex(of: name) else {
                return "no command '\(name)' to explain; commands: " + names.joined(separator: ", ")
            }
            subcommands = subcommands[i].configuration.subcommands
        }
        return nil
    }
}

enum ClusterLabVersion {
    static let string = "0.1.0"
}
