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
        abstract: "Run a scenario and print its events as they happen.",
        discussion: """
            Runs until the scenario's `until:` (or --until; 10s if neither says), or until nothing is \
            left to happen, printing each event as it happens and keeping only the client history \
            (for the final checks), so memory stays flat however long it runs. Safety checkers run on \
            every event; a violation stops the run, is printed with the event that broke it, and exits 1. \
            Bad input exits 2, and so does a run that stops advancing (more than 100000 events at one \
            virtual instant, e.g. a timer of length 0) or one that reaches --max-events or --max-memory.
            """)

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "Seed for every random choice (overrides the file's).") var seed: UInt64?
    @Option(help: "Run until this virtual time, e.g. 2s or 500ms.") var until: DurationArgument?
    @Option(help: "text: readable lines; jsonl: one JSON object per event.") var format: EventFormat = .text
    @OptionGroup var budgets: RunBudgetOptions

    /// Events kept in memory at once: the trace is forgotten past this many.
    static let window = 65_536

    func run() throws {
        let scenario = try ScenarioInput.load(self.scenario)
        let run = try ScenarioInput.makeRun(scenario, seed: seed, options: SimulationOptions(snapshotInterval: 0))
        let limit = until?.microseconds ?? scenario.duration ?? 10_000_000
        let out = try LineWriter(path: nil)
        if format == .text {
            out.write("# \(TerminalText.inert(scenario.name ?? self.scenario)): \(run.protocolName), \(run.layout.serverCount) nodes"
                      + (run.layout.clientCount > 0 ? ", \(run.layout.clientCount) client\(run.layout.clientCount == 1 ? "" : "s")" : "")
                      + ", seed \(run.seed), until \(DurationText.format(limit))")
        }
        let text = format == .text, most = budgets.maxEvents
        run.onEvent = { i in  // the step that spends the budget may record a few more: not printed
            if i < most { out.write(text ? TerminalText.inert(run.eventLine(i)) : TraceExport.streamedJSONLine(i, run)) }
        }
        var budget = RunBudget(budgets)
        run.advance(to: VirtualTime(microseconds: limit), stoppingWhen: {
            // Never forget the event a violation points at: the verdict prints it.
            if run.violation == nil, run.trace.events.count >= Self.window { run.forgetPastEvents() }
            return budget.isSpent(run)
        })
        run.onEvent = nil
        out.flush()
        try RunVerdict.report(run, budget: budget)
    }
}

/// Prints what the checkers found and turns it into the exit code.
enum RunVerdict {
    static func report(_ run: ClusterRun, budget: RunBudget) throws {
        if let why = budget.exceeded {
            printError("STOPPED: \(why)")
            throw Exit.badInput
        }
        if let v = run.violation, v.kind == .stalled {
            printError("STOPPED: \(v)")
            throw Exit.badInput  // a configuration that cannot run, not a checker's finding
        }
        if let v = run.violation {
            printError("VIOLATION: \(v)")
            if v.event >= run.trace.firstEvent { printError("  at event \(v.event): \(run.eventLine(v.event))") }
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
            shiviz: ShiViz's default log format; upload the file in ShiViz (line 1 is the parser \
            (?<event>.*)\\n(?<host>\\S*) (?<clock>{.*}) and line 2 the empty delimiter, as its file \
            upload reads them). jsonl: one JSON object per event \
            (fields in README). history: the client history, one Jepsen-shaped operation per line, \
            for `clusterlab lincheck`. The whole trace is kept until it is written: --max-events and \
            --max-memory stop a run that grows too large (the file then holds the run so far; exit 2).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case shiviz, jsonl, history }

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "shiviz, jsonl or history.") var format: Format
    @Option(help: "Write here instead of standard output.") var out: String?
    @Option(help: "Seed (overrides the file's).") var seed: UInt64?
    @Option(help: "Run until this virtual time.") var until: DurationArgument?
    @OptionGroup var budgets: RunBudgetOptions

    func run() throws {
        let scenario = try ScenarioInput.load(self.scenario)
        let run = try ScenarioInput.makeRun(scenario, seed: seed)
        var budget = RunBudget(budgets)
        run.advance(to: VirtualTime(microseconds: until?.microseconds ?? scenario.duration ?? 10_000_000),
                    stoppingWhen: { budget.isSpent(run) })
        let writer = try LineWriter(path: out)
        switch format {
        case .shiviz: TraceExport.shiViz(run) { writer.write(TerminalText.inert($0, keepingLayout: true)) }
        case .jsonl: TraceExport.jsonLines(run) { writer.write($0) }
        case .history: TraceExport.history(run) { writer.write($0) }
        }
        writer.flush()
        try RunVerdict.report(run, budget: budget)
    }
}
