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
            CapCommand.self,
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
        let arguments = attachingNegativeNumbers(Array(CommandLine.arguments.dropFirst()))
        if let unknown = unknownHelpTopic(arguments) {
            printError("help: there is no command '\(unknown)'; `clusterlab --help` lists them")
            Foundation.exit(Exit.badInput.rawValue)
        }
        do {
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

extension ClusterLabCommand {
    /// `--seed -1` as `--seed=-1`: ArgumentParser takes `-1` for a flag and
    /// says "Missing value"; attached, the value reaches the option's own
    /// check, which says what is wrong with it.
    static func attachingNegativeNumbers(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { return out + arguments[i...] }
            if a.hasPrefix("--"), !a.contains("="), i + 1 < arguments.count, isNegativeNumber(arguments[i + 1]) {
                out.append("\(a)=\(arguments[i + 1])")
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }

    static func isNegativeNumber(_ s: String) -> Bool {
        guard s.hasPrefix("-"), s.count > 1 else { return false }
        return Double(s) != nil
    }

    /// The first name after `help` that is not a command at its level, if any
    /// (ArgumentParser printed the top-level help and exited 0 for `help bogus`).
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var level: [ParsableCommand.Type] = configuration.subcommands
        for name in arguments.dropFirst() where !name.hasPrefix("-") {
            guard let command = level.first(where: { $0._commandName == name }) else { return name }
            level = command.configuration.subcommands
        }
        return nil
    }
}

enum ClusterLabVersion {
    static let string = "0.1.0"
}
