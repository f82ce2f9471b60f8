import ArgumentParser
import ClusterProtocols
import ClusterSim
import Foundation
import LabKit
import TerminalUI

/// Opens the interface in this terminal and gives the terminal back when the
/// person quits. `prepare` puts something on screen (home, a run, a lab)
/// before the terminal is taken over, so a problem it reports is printed
/// normally (exit 2). `theme` is `default`, `projector` or `mono` (`NO_COLOR`
/// or a terminal without colours forces `mono`). `present` is the projector
/// layout; it brings the projector theme, and the projector theme brings it.
func openInterface(theme: String, present: Bool = false, prepare: (Workbench, inout AppState) -> String?) throws {
    let workbench = Workbench()
    var state = AppState()
    state.presenting = present || theme == "projector"
    let theme = present && theme == "default" ? "projector" : theme
    if let problem = prepare(workbench, &state) {
        printError(problem)
        throw Exit.badInput
    }
    let backend = NcursesBackend(themeName: theme, environment: ProcessInfo.processInfo.environment)
    defer { backend.restore() }
    if !backend.supportsUnicode { state.glyphs = .ascii }
    AppLoop(workbench: workbench, backend: backend, state: state).runUntilQuit()
    workbench.closeLab()  // a lab's real processes end with the interface
}

/// Opens the interface on a scenario's run; `:save` and `:seed` use its text.
func openInterface(scenario: ScenarioSource, seed: UInt64?, theme: String, present: Bool = false) throws {
    try openInterface(theme: theme, present: present) { workbench, state in
        workbench.openScenario(scenario, seed: seed, &state) ? nil : state.message?.text ?? "cannot open \(scenario.name)"
    }
}

/// `clusterlab` with no arguments: the home screen.
func openHome(theme: String) throws {
    RealLabs.register()  // a real lab opened from Home runs its cluster (or says why it cannot)
    try openInterface(theme: theme) { workbench, state in
        workbench.openHome(&state)
        return nil
    }
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
    @Flag(help: "Projector layout: larger nodes, the cluster and one log, nothing cut at 100×30 (implies --theme projector).")
    var present = false
    @Option(name: .customLong("param"), help: "A protocol parameter, key=value (repeatable), e.g. --param slow=1.")
    var parameters: [String] = []
    @Option(name: .customLong("workload"), help: "A workload setting, key=value (repeatable), e.g. --workload requests=0.")
    var workload: [String] = []

    /// `key=value` strings as pairs, or a usage error naming the bad one.
    static func pairs(_ items: [String], _ flag: String) throws -> [(String, String)] {
        try items.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("\(flag) \(item): expected key=value") }
            return (parts[0], parts[1])
        }
    }

    func validate() throws {
        _ = try Self.pairs(parameters, "--param"); _ = try Self.pairs(workload, "--workload")
        if let nodes, !(1...64).contains(nodes) { throw ValidationError("--nodes must be from 1 to 64") }
        guard let def = ProtocolCatalog.definition(named: protocolName) else {
            throw ValidationError("unknown protocol '\(protocolName)'; protocols: \(ProtocolCatalog.all.map(\.name).joined(separator: ", "))")
        }
        // Every --param and --workload value is checked against its declared range before the interface opens.
        let source = ScenarioSource.sandbox(protocolName, servers: nodes ?? def.defaultServers, seed: seed,
                                            parameters: try Self.pairs(parameters, "--param"), workload: try Self.pairs(workload, "--workload"))
        do { _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: source.name, text: source.text))) }
        catch let e as SourceError { throw ValidationError("\(e.message)") }
    }

    func run() throws {
        let servers = nodes ?? ProtocolCatalog.definition(named: protocolName)?.defaultServers ?? 3
        try openInterface(scenario: .sandbox(protocolName, servers: servers, seed: seed,
                                             parameters: try Self.pairs(parameters, "--param"),
                                             workload: try Self.pairs(workload, "--workload")),
                          seed: nil, theme: theme.rawValue, present: present)
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open a scenario in the interface for free play (lectures: try --theme projector).")

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "Seed (overrides the file's).") var seed: UInt64?
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard
    @Flag(help: "Projector layout: larger nodes, the cluster and one log, nothing cut at 100×30 (implies --theme projector).")
    var present = false

    func run() throws {
        _ = try ScenarioInput.load(scenario)  // prints file:line:column problems
        let text = try readText(scenario).text
        try openInterface(scenario: ScenarioSource(name: scenario, text: text), seed: seed, theme: theme.rawValue, present: present)
    }
}

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Reopen a saved session (from :save) exactly where it was saved.")

    @Argument(help: "The session file.") var session: String
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard

    func run() throws {
        let data: Data
        do { data = try InputFile.bytes(session, limit: InputFile.historyLimit) }  // a session holds a scenario and its actions
        catch { printError("\(error)"); throw Exit.badInput }
        let saved: Session
        let run: ClusterRun
        do {
            saved = try Session.decode(data, file: session)
            (_, run) = try ProtocolCatalog.replay(saved)
        } catch let e as SourceError {
            printError(e.description)
            throw Exit.badInput
        }
        try openInterface(theme: theme.rawValue) { workbench, state in
            workbench.show(Stage(run: run), &state)
            if let speed = saved.speed, speed >= Speed.slowest, speed <= Speed.fastest { state.speed = speed }  // as saved
            state.scenario = ScenarioSource(name: saved.scenarioName, text: saved.scenarioText)
            state.message = StatusMessage("replayed \(session): \(saved.actions.count) actions, at step \(run.stepCount)")
            return nil
        }
    }
}

struct LabOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a lab in the interface: the guide beside the live cluster; progress is saved and resumed.")

    @Argument(help: "A lab id (from `clusterlab labs`) or a lab file.") var lab: String
    @Flag(help: "Instructor mode: answers, presenter notes, checkpoint jumps; saves no progress.") var instructor = false
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard
    @Flag(help: "Projector layout: larger nodes, the cluster and one log, nothing cut at 100×30 (implies --theme projector).")
    var present = false
    @Option(help: ArgumentHelp("For labs that run your own node program (protocol: maelstrom): the program; default Labs/Maelstrom/broadcast.py.",
                               valueName: "PROGRAM")) var bin: String?

    @Option(help: ArgumentHelp("Run this simulator lab against a real cluster of the same size (as root): etcd, redis, haproxy or zookeeper; the lab's `real:` must name it.",
                               valueName: "SYSTEM")) var real: String?

    func run() throws {
        MaelstromLabs.register(bin: bin)
        RealLabs.register(progress: { printError($0) })  // a lab's first cluster starts before the interface takes the terminal
        let library = LabLibrary(root: LabLibrary.defaultRoot())
        guard let path = library.find(lab) else {
            printError("no lab '\(lab)': not a file, and no lab in \(library.root.path) has that id (try `clusterlab labs`)")
            throw Exit.badInput
        }
        if let real {
            // Refused before anything starts, with the labs that do run on `real`.
            let source = try readText(path)
            do { _ = try RealLabs.counterpart(of: try LabLoader.load(source), on: real, library: library) }
            catch let e as SourceError { printError(e.description); throw Exit.badInput }
        }
        try openInterface(theme: theme.rawValue, present: present) { workbench, state in
            workbench.openLab(path: path, instructor: instructor, real: real, &state)
        }
    }
}
