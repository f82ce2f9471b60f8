import ArgumentParser
import ClusterProtocols
import ClusterSim
import Foundation
import TerminalUI

/// Opens the interface on a run in this terminal and gives the terminal back
/// when the person quits. `theme` is `default`, `projector` or `mono`
/// (`NO_COLOR` or a terminal without colours forces `mono`).
func openInterface(run: ClusterRun, theme: String = "default") {
    let backend = NcursesBackend(themeName: theme, environment: ProcessInfo.processInfo.environment)
    defer { backend.restore() }
    AppLoop(run: run, backend: backend).runUntilQuit()
}

/// The themes the command line accepts.
enum ThemeChoice: String, ExpressibleByArgument, CaseIterable {
    case standard = "default", projector, mono
}

struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Open a live cluster to watch and break (for now: the flood protocol).")

    @Option(help: "Servers in the cluster.") var nodes = 5
    @Option(help: "Seed: the same seed is the same run.") var seed: UInt64 = 1
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard

    func validate() throws {
        guard (2...64).contains(nodes) else { throw ValidationError("--nodes must be from 2 to 64") }
    }

    func run() throws {
        let sim = Simulation<FloodNode>(layout: ClusterLayout(servers: nodes), config: .init(inFlight: 2), seed: seed)
        openInterface(run: sim, theme: theme.rawValue)
    }
}
