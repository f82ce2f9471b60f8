import ArgumentParser
import ClusterSim
import Foundation
import Maelstrom

/// `clusterlab maelstrom test`: runs a Maelstrom-protocol program (any
/// language) as real processes, with Maelstrom's flags and workloads.
struct MaelstromCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maelstrom",
        abstract: "Run programs that speak Maelstrom's protocol (JSON on stdin/stdout), with its workloads and checkers.",
        subcommands: [MaelstromTestCommand.self])
}

extension Topology: ExpressibleByArgument {}

struct MaelstromTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a workload against node processes and check the history.",
        discussion: """
            Each node is a process of PROGRAM (with ARGS; put `--` before arguments that start \
            with '-'). Messages between nodes go through ClusterLab's network in wall-clock \
            time; the nodes keep their own timers, so a run is recorded, not replayable by seed.

            Exit status: 0 the checker found the run valid; 1 it found anomalies (listed); \
            2 bad input: a missing program, an unknown workload, a node that writes non-JSON \
            to stdout, never answers init, exits or floods; 128+N when stopped by signal N \
            (every node process is ended first).
            """)

    @Option(name: [.customShort("w"), .long], help: "The workload: \(WorkloadCatalog.maelstromNames.joined(separator: ", ")).")
    var workload: String
    @Option(help: ArgumentHelp("The node program (a path, or a name on PATH).", valueName: "PROGRAM")) var bin: String
    @Argument(help: "Arguments for every node process.") var arguments: [String] = []
    @Option(name: .customLong("node-count"), help: "Node processes (n1…).") var nodeCount = 5
    @Option(name: .customLong("time-limit"), help: "Seconds of workload before the faults stop and the final reads.") var timeLimit: Double = 10
    @Option(help: "Client requests per second, all clients together.") var rate: Double = 5
    @Option(help: "Clients (c1…), each with one request out at a time; default: the node count.") var concurrency: Int?
    @Option(help: "Network latency in milliseconds (the mean for exponential).") var latency: Double = 0
    @Option(name: .customLong("latency-dist"), help: "constant, uniform (0 to 2x) or exponential.") var latencyDist: LatencyShape = .constant
    @Option(help: "Probability a message between nodes is lost (0 to 1).") var loss: Double = 0
    @Option(help: "Faults, comma-separated: partition, kill, pause, cut (one-way: a minority cannot send to the rest).") var nemesis: String = ""
    @Option(name: .customLong("nemesis-interval"), help: "Seconds between nemesis moves.") var nemesisInterval: Double = 10
    @Option(help: "Broadcast's topology: grid, line, tree2, tree3, tree4, total.") var topology: Topology = .grid
    @Option(name: .customLong("key-count"), help: "Keys the workload uses.") var keyCount: Int?
    @Option(help: "total: every request must get an ok reply (a fail or info is an anomaly).") var availability: String?
    @Option(name: .customLong("consistency-models"), help: "Consistency models for the txn workloads, comma-separated.")
    var consistencyModels: String = ""
    @Flag(name: .customLong("log-stderr"), help: "Echo every node's stderr, prefixed with the node.") var logStderr = false
    @Option(help: "Seed for the runner's choices.") var seed: UInt64 = 1
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: ArgumentHelp("Write the client history here, one JSON op a line (what `lincheck` reads).", valueName: "FILE"))
    var history: String?
    @Option(help: ArgumentHelp("Write the trace here, one JSON event a line.", valueName: "FILE")) var trace: String?
    @Option(help: ArgumentHelp("Write the trace here in ShiViz's log format.", valueName: "FILE")) var shiviz: String?
    @Option(name: .customLong("timeout"), help: "Seconds a client waits for a reply.") var requestTimeout: Double = 5
    @Option(name: .customLong("init-timeout"), help: "Seconds a node has to answer init.") var initTimeout: Double = 10
    @Option(name: .customLong("max-line-bytes"), help: .hidden) var maxLineBytes = 1 << 20
    @Option(name: .customLong("pid-file"), help: .hidden) var pidFile: String?
    @Flag(help: "Watch the run live in the interface: crash, pause, partition and heal with the sandbox's keys.") var ui = false
    @Option(help: "Colours for --ui: default, projector or mono.") var theme: ThemeChoice = .standard

    enum LatencyShape: String, ExpressibleByArgument, CaseIterable { case constant, uniform, exponential }
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        try FlagRange.check("--node-count", nodeCount, 1...100)
        try FlagRange.check("--time-limit", timeLimit, 0...86_400)
        try FlagRange.check("--rate", rate, 0...100_000)
        if let concurrency { try FlagRange.check("--concurrency", concurrency, 1...1_000) }
        try FlagRange.check("--latency", latency, 0...60_000)
        try FlagRange.check("--loss", loss, 0...1)
        try FlagRange.check("--nemesis-interval", nemesisInterval, 0.01...86_400)
        if let keyCount { try FlagRange.check("--key-count", keyCount, 1...1_000_000) }
        try FlagRange.check("--timeout", requestTimeout, 0.001...3_600)
        try FlagRange.check("--init-timeout", initTimeout, 0.001...3_600)
        try FlagRange.check("--max-line-bytes", maxLineBytes, 64...(1 << 30))
        for kind in nemesisKinds where NemesisKind(rawValue: kind) == nil {
            throw ValidationError("--nemesis: unknown fault '\(kind)'; expected partition, kill, pause or cut, comma-separated")
        }
        if let availability, availability != "total" {
            throw ValidationError("--availability: only 'total' is known (every request must succeed); got '\(availability)'")
        }
        for name in consistencyModelNames where ConsistencyModel(name: name) == nil {
            throw ValidationError("--consistency-models: unknown model '\(name)'; expected "
                                  + ConsistencyModel.allCases.map(\.description).joined(separator: ", ") + ", comma-separated")
        }
        guard WorkloadCatalog.maelstromNames.contains(workload) else {
            throw ValidationError("-w: unknown workload '\(workload)'; expected one of \(WorkloadCatalog.maelstromNames.joined(separator: ", "))")
        }
    }

    var consistencyModelNames: [String] {
        consistencyModels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var nemesisKinds: [String] { nemesis.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    func options(executable: String) -> MaelstromOptions {
        var o = MaelstromOptions(executable: executable)
        o.arguments = arguments
        o.nodeCount = nodeCount
        o.timeLimit = timeLimit
        o.rate = rate
        o.concurrency = concurrency
        let ms = Int64((latency * 1_000).rounded())
        let shape: LatencyDistribution
        switch latencyDist {
        case .constant: shape = .constant(ms)
        case .uniform: shape = .uniform(min: 0, max: 2 * ms)
        case .exponential: shape = .exponential(mean: ms, min: 0)
        }
        o.link = LinkSettings(latency: shape, loss: loss)
        o.nemesis = Set(nemesisKinds.compactMap(NemesisKind.init(rawValue:)))
        o.nemesisInterval = nemesisInterval
        o.topology = topology
        o.keyCount = keyCount
        o.seed = seed
        o.logStderr = logStderr
        o.maxLineBytes = maxLineBytes
        o.requestTimeout = requestTimeout
        o.initTimeout = initTimeout
        o.pidFile = pidFile
        o.availabilityTotal = availability == "total"
        o.consistencyModels = consistencyModelNames
        return o
    }

    func run() throws {
        guard let executable = ChildProcess.resolve(bin) else {
            if bin.contains("/"), FileManager.default.fileExists(atPath: bin) {
                printError("--bin \(bin): the file is not executable (chmod +x \(bin), and start it with a #! line)")
            } else {
                printError("--bin \(bin): no such executable program" + (bin.contains("/") ? "" : " on PATH"))
            }
            throw Exit.badInput
        }
        let opts = options(executable: executable)
        guard let workloadModel = WorkloadCatalog.make(workload, opts) else {
            printError("-w \(workload): this build does not run that workload yet; it runs \(WorkloadCatalog.available.joined(separator: ", "))")
            throw Exit.badInput
        }
        let result: MaelstromResult
        if ui {
            result = try watchLive(MaelstromRunner(options: opts, workload: workloadModel), theme: theme.rawValue)
        } else {
            result = MaelstromRunner(options: opts, workload: workloadModel, stopFD: StopSignals.install()).run()
        }
        if let history { try writeLines(history) { write in for op in result.history { write(op.jsonLine) } } }
        if let trace { try writeLines(trace) { TraceExport.jsonLines(RecordedRun(result), $0) } }
        if let shiviz { try writeLines(shiviz) { TraceExport.shiViz(RecordedRun(result), $0) } }
        switch format {
        case .text:
            if case .nodeError = result.outcome { printError(ResultReport.text(result)) } else { print(ResultReport.text(result)) }
        case .json: print(ResultReport.json(result))
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }

    func writeLines(_ path: String, _ body: ((String) -> Void) -> Void) throws {
        var text = ""
        body { text += $0; text += "\n" }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            printError("\(path): cannot write: \(error.localizedDescription)")
            throw Exit.badInput
        }
    }
}
