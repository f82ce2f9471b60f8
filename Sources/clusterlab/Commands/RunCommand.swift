import ArgumentParser
import ClusterSim
import ClusterProtocols

/// How `run` prints events.
enum EventFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and print its events.",
        discussion: """
            Runs until the scenario's `until:` (or --until; 10s if neither says), or until nothing is \
            left to happen. Safety checkers run on every event; a violation stops the run, is printed \
            with the event that broke it, and exits 1. Bad input exits 2.
            """)

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "Seed for every random choice (overrides the file's).") var seed: UInt64?
    @Option(help: "Run until this virtual time, e.g. 2s or 500ms.") var until: DurationArgument?
    @Option(help: "text: readable lines; jsonl: one JSON object per event.") var format: EventFormat = .text

    func run() throws {
        let scenario = try ScenarioInput.load(self.scenario)
        let run = try ScenarioInput.makeRun(scenario, seed: seed)
        let limit = until?.microseconds ?? scenario.duration ?? 10_000_000
        let out = try LineWriter(path: nil)
        if format == .text {
            out.write("# \(TerminalText.inert(scenario.name ?? self.scenario)): \(run.protocolName), \(run.layout.serverCount) nodes"
                      + (run.layout.clientCount > 0 ? ", \(run.layout.clientCount) client\(run.layout.clientCount == 1 ? "" : "s")" : "")
                      + ", seed \(run.seed), until \(DurationText.format(limit))")
        }
        run.run(until: VirtualTime(microseconds: limit))
        if format == .text {
            for i in 0..<run.trace.count { out.write(TerminalText.inert(run.eventLine(i))) }
        } else {
            TraceExport.jsonLines(run) { out.write($0) }
        }
        out.flush()
        try RunVerdict.report(run)
    }
}

/// Prints what the checkers found and turns it into the exit code.
enum RunVerdict {
    static func report(_ run: ClusterRun) throws {
        if let v = run.violation {
            printError("VIOLATION: \(v)")
            if v.event >= 0 { printError("  at event \(v.event): \(run.eventLine(v.event))") }
            throw Exit.violation
        }
        if let check = ProtocolCatalog.definition(named: run.protocolName)?.finalCheck, let problem = check(run) {
            printError("VIOLATION: \(problem)")
            throw Exit.violation
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Run a scenario and export its trace for other tools.",
        discussion: """
            shiviz: ShiViz's default log format (open it at ShiViz with the regular expression \
            (?<event>.*)\\n(?<host>\\S*) (?<clock>{.*}) ). jsonl: one JSON object per event \
            (fields in README). history: the client history, one Jepsen-shaped operation per line, \
            for `clusterlab lincheck`.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case shiviz, jsonl, history }

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "shiviz, jsonl or history.") var format: Format
    @Option(help: "Write here instead of standard output.") var out: String?
    @Option(help: "Seed (overrides the file's).") var seed: UInt64?
    @Option(help: "Run until this virtual time.") var until: DurationArgument?

    func run() throws {
        let scenario = try ScenarioInput.load(self.scenario)
        let run = try ScenarioInput.makeRun(scenario, seed: seed)
        run.run(until: VirtualTime(microseconds: until?.microseconds ?? scenario.duration ?? 10_000_000))
        let writer = try LineWriter(path: out)
        switch format {
        case .shiviz: TraceExport.shiViz(run) { writer.write(TerminalText.inert($0, keepingLayout: true)) }
        case .jsonl: TraceExport.jsonLines(run) { writer.write($0) }
        case .history: TraceExport.history(run) { writer.write($0) }
        }
        writer.flush()
        try RunVerdict.report(run)
    }
}
