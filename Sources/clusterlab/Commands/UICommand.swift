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
        abstract: "Open a live cluster of a protocol to watch and break.",
        discussion: "Protocols: \(ProtocolCatalog.all.map(\.name).joined(separator: ", ")).")

    @Argument(help: "The protocol.") var protocolName = "gossip"
    @Option(help: "Servers in the cluster (default: the protocol's).") var nodes: Int?
    @Option(help: "Seed: the same seed is the same run.") var seed: UInt64 = 1
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard

    func validate() throws {
        if let nodes, !(1...64).contains(nodes) { throw ValidationError("--nodes must be from 1 to 64") }
        guard ProtocolCatalog.definition(named: protocolName) != nil else {
            throw ValidationError("unknown protocol '\(protocolName)'; protocols: \(ProtocolCatalog.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        let run: ClusterRun
        do { run = try ProtocolCatalog.sandbox(protocolName, servers: nodes, seed: seed) }
        catch let e as SourceError { printError(e.description); throw Exit.badInput }
        openInterface(run: run, theme: theme.rawValue)
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open a scenario in the interface for free play (lectures: try --theme projector).")

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "Seed (overrides the file's).") var seed: UInt64?
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard

    func run() throws {
        let s = try ScenarioInput.load(scenario)
        openInterface(run: try ScenarioInput.makeRun(s, seed: seed), theme: theme.rawValue)
    }
}

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Reopen a saved session (from :save) exactly where it was saved.")

    @Argument(help: "The session file.") var session: String
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard

    func run() throws {
        guard let data = FileManager.default.contents(atPath: session) else {
            printError("\(session): cannot read the file")
            throw Exit.badInput
        }
        do {
            let (_, run) = try ProtocolCatalog.replay(try Session.decode(data, file: session))
            openInterface(run: run, theme: theme.rawValue)
        } catch let e as SourceError {
            printError(e.description)
            throw Exit.badInput
        }
    }
}
