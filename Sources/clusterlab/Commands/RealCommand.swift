import ArgumentParser
import ClusterSim
import Foundation
import Maelstrom
import RealSystems
import TerminalUI

/// `clusterlab real SYSTEM`: a real cluster of etcd, Redis Cluster, HAProxy
/// or ZooKeeper on this machine, each node in a network namespace of the
/// run, broken with the sandbox's keys (or a nemesis, headless) and checked
/// with the simulator's checkers.
struct RealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "real",
        abstract: "Run a real etcd, Redis Cluster, HAProxy or ZooKeeper cluster on this machine, break it, check it.",
        discussion: """
            Each node runs in a network namespace the run makes (as root) and removes when it ends, \
            however it ends; partitions are blackhole routes inside the namespaces, a crash is SIGKILL, \
            a pause SIGSTOP, a restart keeps the node's data directory. Latency and loss are not \
            available (this kernel has no netem).

            Exit status (--headless): 0 the checker's verdict passed; 1 it did not; 2 bad input, or \
            real clusters cannot run here (not root, a server not installed).
            """)

    @Argument(help: "The system: etcd, redis, haproxy or zookeeper.") var system: String
    @Option(help: "Nodes (etcd, zookeeper).") var nodes: Int?
    @Option(help: "Masters (redis).") var masters: Int?
    @Option(help: "Replicas per master (redis).") var replicas: Int?
    @Option(help: "Backends (haproxy).") var backends: Int?
    @Option(help: "HAProxy's balance algorithm (haproxy).") var strategy: String?
    @Option(name: .customLong("node-timeout-ms"), help: "Redis's cluster-node-timeout, ZooKeeper's follower timeout, in milliseconds (redis, zookeeper).") var nodeTimeoutMs: Int?
    @Option(help: "Client workers (each system has a default).") var clients: Int?
    @Flag(help: "No interface: run the workload and the nemesis, print the summary, exit 0 or 1.") var headless = false
    @Option(name: .customLong("time-limit"), help: "Seconds of workload (--headless).") var timeLimit: Double = 30
    @Option(help: "Faults (--headless), comma-separated: partition, kill, pause.") var nemesis: String = ""
    @Option(name: .customLong("nemesis-interval"), help: "Seconds between nemesis moves.") var nemesisInterval: Double = 5
    @Option(name: .customLong("think-ms"), help: "Each client's pause between operations, in milliseconds (0: as fast as the cluster answers).")
    var thinkMs: Double = 20
    @Option(help: "Seed for the clients' and the nemesis's choices (the servers are not deterministic).") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Write the client history here, one JSON op a line (what `lincheck` reads).", valueName: "FILE"))
    var history: String?
    @Option(help: ArgumentHelp("Write the run's record here, one JSON event a line: faults, client operations, role changes.",
                               valueName: "FILE")) var trace: String?
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard

    var nemesisKinds: [RealNemesisKind] {
        nemesis.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .compactMap(RealNemesisKind.init(rawValue:))
    }

    func validate() throws {
        try FlagRange.check("--time-limit", timeLimit, 0...86_400)
        try FlagRange.check("--think-ms", thinkMs, 0...60_000)
        try FlagRange.check("--nemesis-interval", nemesisInterval, 0.1...86_400)
        if let clients { try FlagRange.check("--clients", clients, 1...64) }
        for kind in nemesis.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty })
        where RealNemesisKind(rawValue: kind) == nil {
            throw ValidationError("--nemesis: unknown fault '\(kind)'; expected partition, kill or pause, comma-separated")
        }
        if !headless, !nemesis.isEmpty { throw ValidationError("--nemesis needs --headless (in the interface, faults come from the keyboard)") }
    }

    func makeSystem() throws -> RealSystem {
        let options = RealOptions(nodes: nodes, masters: masters, replicas: replicas, backends: backends, strategy: strategy,
                                  nodeTimeoutMs: nodeTimeoutMs, clients: clients, seed: seed, selfExecutable: SelfExecutable.path)
        return try RealSystemCatalog.make(system, options)
    }

    func run() throws {
        let made: RealSystem
        do { made = try makeSystem() } catch { printError("clusterlab real: \(error)"); throw Exit.badInput }
        do { try RealClusterRunner.preflight(made) } catch { printError("clusterlab real: \(error)"); throw Exit.badInput }
        EmergencyStop.install()
        if headless { try runHeadless(made) } else { try runInterface(made) }
    }

    private func runHeadless(_ system: RealSystem) throws {
        let plan = RealHeadlessRun.Plan(timeLimit: timeLimit, nemesis: nemesisKinds, nemesisInterval: nemesisInterval, seed: seed,
                                       think: Int64(thinkMs * 1_000))
        let summary: RealHeadlessRun.Summary
        do {
            var traceText: String?
            summary = try RealHeadlessRun.run(system, plan: plan, progress: { printError("… \($0)") },
                                              beforeTeardown: { runner in
                                                  if trace != nil { traceText = Self.traceLines(LiveRealRun(runner: runner, clients: false)) }
                                              })
            if let trace, let traceText { try write(traceText, to: trace) }
        } catch {
            printError("clusterlab real \(system.name): \(error)")
            throw Exit.badInput
        }
        if let history { try writeHistory(summary.history, to: history) }
        for line in summary.lines(system: system.name, nodes: system.nodeCount, clients: system.clientCount) { print(line) }
        if !summary.verdict.passed { throw Exit.violation }
    }

    private func runInterface(_ system: RealSystem) throws {
        let runner = RealClusterRunner(system: system, seed: seed)
        runner.thinkMicroseconds = Int64(thinkMs * 1_000)
        printError("starting \(system.nodeCount) \(system.name) nodes in network namespaces…")
        do { try runner.start(progress: { printError("… \($0)") }) } catch {
            printError("clusterlab real \(system.name): \(error)")
            throw Exit.badInput
        }
        let live = LiveRealRun(runner: runner)
        defer { live.end() }
        EmergencyStop.watch(runner.pids.compactMap { $0 })
        try openInterface(theme: theme.rawValue) { workbench, state in
            workbench.show(Stage(run: live), &state)
            state.speed = 1
            state.isPlaying = true
            state.message = StatusMessage("real \(system.name), \(system.nodeCount) nodes: c crashes (SIGKILL), z pauses (SIGSTOP), "
                                          + "x partitions, H heals; :filter log shows role changes only; q quits and removes everything")
            return nil
        }
        live.end()  // stops the clients first: the history then holds every operation the verdict counts
        let history = runner.history
        if let path = self.history { try writeHistory(history, to: path) }
        if let trace { try write(Self.traceLines(live), to: trace) }
        if let verdict = live.verdict {
            print("\(verdict.word): \(history.filter { $0.type != .invoke }.count) operations, checked after the interface closed")
            for line in verdict.lines { print(line) }
        }
    }

    private func writeHistory(_ ops: [HistoryOperation], to path: String) throws {
        try write(ops.map { HistoryFile.jsonLine($0) }.joined(separator: "\n") + "\n", to: path)
    }

    static func traceLines(_ run: ClusterRun) -> String {
        var text = ""
        TraceExport.jsonLines(run) { text += $0; text += "\n" }
        return text
    }

    private func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            printError("\(path): cannot write: \(error.localizedDescription)")
            throw Exit.badInput
        }
    }
}

/// The path of the running clusterlab (HAProxy's backends are clusterlab itself).
enum SelfExecutable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
