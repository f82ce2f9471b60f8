import ArgumentParser
import ClusterSim
import Foundation
import Maelstrom
#if canImport(Glibc)
import Glibc
#endif

/// `clusterlab bench maelstrom`: hops per second around a ring of node
/// processes through the Maelstrom runner, against the same program wired
/// into a ring of plain pipes; the ratio, and the runner's own time per
/// message (read from one node's stdout until written to the next's stdin).
struct MaelstromBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maelstrom",
        abstract: "Messages routed per second between node processes: the runner against plain pipes.",
        discussion: """
            Builds Benchmarks/maelstrom_ring.c with cc (or runs --bin, which must behave the same: \
            forward every "hop" to the next node, start IN_FLIGHT hops after init, print \
            "received N" to stderr on SIGTERM).
            """)

    @Option(help: ArgumentHelp("A ring node program instead of building Benchmarks/maelstrom_ring.c.", valueName: "PROGRAM"))
    var bin: String?
    @Option(help: "Node processes in the ring.") var nodes = 5
    @Option(help: "Seconds each way runs.") var seconds: Double = 5
    @Option(name: .customLong("in-flight"), help: "Hops each node starts.") var inFlight = 4

    func validate() throws {
        try FlagRange.check("--nodes", nodes, 2...64)
        try FlagRange.check("--seconds", seconds, 0.1...600)
        try FlagRange.check("--in-flight", inFlight, 1...10_000)
    }

    func run() throws {
        let program = try bin.map { b -> String in
            guard let p = ChildProcess.resolve(b) else { printError("--bin \(b): no such executable program"); throw Exit.badInput }
            return p
        } ?? buildRingNode()
        defer { if bin == nil { try? FileManager.default.removeItem(atPath: program) } }
        let runner = throughRunner(program)
        let pipes = try throughPipes(program)
        print("nodes=\(nodes) in_flight=\(inFlight) seconds=\(seconds) program=\(program)")
        print("runner: routed=\(runner.routed) rate=\(Int(runner.rate)) msgs/s")
        print("plain pipes: delivered=\(pipes.delivered) rate=\(Int(pipes.rate)) msgs/s")
        print("ratio (pipes / runner)=\(String(format: "%.2f", pipes.rate / max(runner.rate, 1)))")
        print("runner overhead per message: p50=\(runner.p50) us p99=\(runner.p99) us")
        print(ResultReport.recordedNote)
    }

    /// Compiles the ring node from the source tree into a temporary folder.
    func buildRingNode() throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Benchmarks/maelstrom_ring.c").path
        guard FileManager.default.fileExists(atPath: source) else {
            printError("\(source): not found (run from a source checkout, or pass --bin)")
            throw Exit.badInput
        }
        guard let cc = ChildProcess.resolve("cc") else { printError("cc: not on PATH (pass --bin)"); throw Exit.badInput }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-ring-\(getpid())").path
        let compile = try ChildProcess(executable: cc, arguments: ["-O2", "-o", out, source])
        var err = LineReader(limit: 1 << 20)
        var message: [String] = []
        while !compile.reap() {
            if compile.stderr >= 0 { _ = err.drain(compile.stderr) { message.append(String(decoding: $0, as: UTF8.self)) } }
            usleep(10_000)
        }
        guard compile.exitStatus == 0 else {
            printError("cc failed on \(source):\n" + message.joined(separator: "\n"))
            throw Exit.badInput
        }
        return out
    }

    struct RunnerFigures { var routed: Int; var rate: Double; var p50: Int64; var p99: Int64 }

    func throughRunner(_ program: String) -> RunnerFigures {
        var o = MaelstromOptions(executable: program)
        o.arguments = [String(inFlight)]
        o.nodeCount = nodes
        o.timeLimit = seconds
        o.rate = 0
        o.concurrency = 1
        o.link = LinkSettings(latency: .constant(0))
        o.maxInFlightPerNode = Int.max
        let result = MaelstromRunner(options: o, workload: IdleWorkload()).run()
        let s = result.statistics
        let window = s.workloadStartedAt...max(s.workloadStartedAt, s.workloadEndedAt)
        var spent: [Int64] = []
        var routed = 0
        for m in result.recorder.messages where m.from < nodes && m.to < nodes && window.contains(m.sentAt) {
            routed += 1
            if let end = m.endedAt { spent.append(end - m.sentAt) }
        }
        spent.sort()
        let wall = Double(window.upperBound - window.lowerBound) / 1_000_000
        return RunnerFigures(routed: routed, rate: wall > 0 ? Double(routed) / wall : 0,
                             p50: RunStatistics.quantile(spent, 0.5), p99: RunStatistics.quantile(spent, 0.99))
    }

    /// The same nodes in a ring of pipes: n_i's stdout is n_(i+1)'s stdin; the
    /// bench writes each init into the pipe first, then starts every node.
    func throughPipes(_ program: String) throws -> (delivered: Int, rate: Double) {
        var ring: [[Int32]] = []
        var errs: [[Int32]] = []
        for _ in 0..<nodes {
            var p: [Int32] = [-1, -1], e: [Int32] = [-1, -1]
            guard pipe(&p) == 0, pipe(&e) == 0 else { printError("pipe failed"); throw Exit.badInput }
            for fd in p + e { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            ring.append(p); errs.append(e)
        }
        let ids = (1...nodes).map { "\"n\($0)\"" }.joined(separator: ",")
        for i in 0..<nodes {
            // Node i reads ring[i]; node i-1 writes into it.
            let line = "{\"body\":{\"msg_id\":1,\"node_id\":\"n\(i + 1)\",\"node_ids\":[\(ids)],\"type\":\"init\"},\"dest\":\"n\(i + 1)\",\"src\":\"c0\"}\n"
            _ = line.withCString { write(ring[i][1], $0, strlen($0)) }
        }
        var pids: [pid_t] = []
        let start = Wall.now()
        for i in 0..<nodes {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_adddup2(&actions, ring[i][0], 0)
            posix_spawn_file_actions_adddup2(&actions, ring[(i + 1) % nodes][1], 1)
            posix_spawn_file_actions_adddup2(&actions, errs[i][1], 2)
            var pid: pid_t = 0
            let words: [String] = [program, String(inFlight)]
            let argv: [UnsafeMutablePointer<CChar>?] = words.map { (w: String) in strdup(w) } + [nil]
            let r = posix_spawn(&pid, program, &actions, nil, argv, environ)
            argv.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
            guard r == 0 else { printError("could not start \(program)"); pids.forEach { kill($0, SIGKILL) }; throw Exit.badInput }
            pids.append(pid)
        }
        for fds in ring { close(fds[0]); close(fds[1]) }
        for e in errs { close(e[1]) }
        usleep(useconds_t(seconds * 1_000_000))
        let wall = Wall.now() - start
        for pid in pids { kill(pid, SIGTERM) }
        var total = 0
        for (i, pid) in pids.enumerated() {
            var status: Int32 = 0
            var text = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(errs[i][0], &buffer, buffer.count)
                if n <= 0 { break }
                text += buffer[0..<n]
            }
            close(errs[i][0])
            waitpid(pid, &status, 0)
            let words = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace)
            if let k = words.firstIndex(of: "received"), k + 1 < words.count { total += Int(words[k + 1]) ?? 0 }
        }
        return (total, Double(total) / wall)
    }
}

/// A workload with no requests: the bench measures only the nodes' own traffic.
struct IdleWorkload: MaelstromWorkload {
    let name = "idle"
    mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        WorkloadRequest(f: "none", body: ["type": "none"])
    }
    func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion { .ok(.null) }
    func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict { MaelstromVerdict(valid: true) }
}
