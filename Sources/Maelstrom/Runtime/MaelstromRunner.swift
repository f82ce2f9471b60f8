import ClusterSim
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a Maelstrom workload against node processes in wall-clock time: one
/// thread, one poll(2) loop over every node's stdout and stderr (and stdin
/// while there is something to write), and an agenda of what is due when
/// (deliveries after their latency, client requests at the rate, timeouts,
/// nemesis moves). Whatever way the run ends, every node process is ended and
/// reaped before `run()` returns.
public final class MaelstromRunner {
    public let options: MaelstromOptions
    var workload: MaelstromWorkload
    var random: SeededRandom
    var clock = RunClock()
    var network: WallNetwork
    let recorder: RunRecorder
    var nodes: [NodeHost] = []
    var nodeIndex: [String: Int] = [:]
    var clients: [Client] = []
    var services: [String: MaelstromService] = [:]
    var agenda = Agenda<Due>()
    /// Deliveries with no latency, in order: they skip the agenda's heap.
    var immediate: [Envelope] = []
    /// Nodes with bytes queued for their stdin since the last write.
    var dirty: Set<Int> = []
    /// Messages a person dropped while in flight: their delivery, when it falls due, does nothing.
    var droppedByHand: Set<Int64> = []
    var phase: Phase = .initializing
    var failure: NodeFailure?
    var history: [HistoryOperation] = []
    var stats = RunStatistics()
    var warnings: [String] = []
    /// Replies the runner waits for on its control channel `c0` (init is per node).
    var controlPending: Set<Int64> = []
    var nextControlID: Int64 = 0
    var finalQueue: [(node: Int, request: WorkloadRequest)] = []
    var phaseEndsAt: Int64 = 0
    let stopFD: Int32
    var interruptedBy: Int32?
    /// When the rate's latest request was due.
    var nextTickAt: Int64 = 0

    enum Phase: Equatable { case initializing, setup, running, healing, quiet, finalReads, done }

    /// A message in the network: `raw` is the line as the sender wrote it (forwarded unchanged).
    struct Envelope {
        var id: Int64
        var message: MaelstromMessage
        var raw: [UInt8]?
    }

    enum Due {
        case deliver(Envelope)
        case serviceRequest(from: String, message: MaelstromMessage)
        case serviceReply(to: String, message: MaelstromMessage)
        case clientTick
        case clientTimeout(client: Int, msgID: Int64)
        case nemesis
        case serviceTick
        case phaseDeadline(Phase)
    }

    /// `stopFD`: a descriptor that becomes readable when the run must stop
    /// now (the command's signal pipe); -1 for none.
    public init(options: MaelstromOptions, workload: MaelstromWorkload, stopFD: Int32 = -1) {
        self.options = options
        self.workload = workload
        self.stopFD = stopFD
        random = SeededRandom(seed: options.seed)
        network = WallNetwork(link: options.link)
        recorder = RunRecorder(layout: ClusterLayout(servers: options.nodeCount, clients: options.clients))
        for name in ServiceCatalog.names { services[name] = ServiceCatalog.make(name) }
    }

    var now: Int64 { clock.now }

    /// A runner dropped before `finish()` still ends its processes.
    deinit { stopAll() }
    var serverNames: [String] { nodes.map(\.name) }
    var layout: ClusterLayout { recorder.layout }

    /// Runs to the end and returns what happened. Never leaves a process behind.
    public func run() -> MaelstromResult {
        start()
        while advance() {}
        return finish()
    }

    /// Starts every node process and sends init. A live view calls this,
    /// then `advance()` between frames, then `finish()`.
    public func start() {
        signal(SIGPIPE, SIG_IGN)
        guard nodes.isEmpty else { return }
        for i in 0..<options.nodeCount {
            let host = NodeHost(name: "n\(i + 1)", index: i, lineLimit: options.maxLineBytes)
            nodes.append(host)
            nodeIndex[host.name] = i
        }
        for c in 0..<options.clients {
            clients.append(Client(index: c, process: c, node: c % options.nodeCount))
        }
        for host in nodes {
            do { try startProcess(host) } catch {
                failure = NodeFailure(node: host.name, problem: "\(error)", stderr: [])
                return
            }
        }
        agenda.add(.phaseDeadline(.initializing), at: now + micros(options.initTimeout))
    }

    /// Handles what arrived or fell due, waiting at most `maxWait`
    /// microseconds; false once the run is over (done, a node failed, or a stop signal came).
    @discardableResult
    public func advance(maxWait: Int64 = 50_000) -> Bool {
        guard phase != .done, failure == nil, interruptedBy == nil else { return false }
        if let sig = pollOnce(maxWait: maxWait) { interruptedBy = sig; return false }
        runDue()
        advancePhase()
        return phase != .done && failure == nil
    }

    /// Ends every process, checks the history and returns the result.
    public func finish() -> MaelstromResult { finish(interruptedBy: interruptedBy) }

    /// The recorded run so far (a live view reads it between `advance` calls).
    public var record: RunRecorder { recorder }

    /// The run's time now, microseconds since it started.
    public var elapsed: Int64 { now }

    /// True once every node answered init and the clients have started.
    public var isRunningWorkload: Bool { phase == .running }

    /// Each server's status now (up, crashed, paused).
    public var nodeStatus: [NodeStatus] { nodes.map(\.status) }

    func micros(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000).rounded()) }

    // MARK: processes

    func startProcess(_ host: NodeHost) throws {
        try host.start(options)
        let pid = host.process!.pid
        recorder.started(node: host.index, pid: pid)
        if let path = options.pidFile, let line = "\(host.name) \(pid)\n".data(using: .utf8) {
            if let h = FileHandle(forWritingAtPath: path) { h.seekToEndOfFile(); h.write(line); try? h.close() }
            else { _ = FileManager.default.createFile(atPath: path, contents: line) }
        }
        nextControlID += 1
        host.awaitingInit = nextControlID
        host.initSentAt = now
        let body: [String: MessageValue] = ["type": "init", "msg_id": .int(nextControlID), "node_id": .string(host.name),
                                         "node_ids": .array(serverNames.map(MessageValue.string))]
        host.enqueue(Array(MaelstromMessage(src: "c0", dest: host.name, body: body).encoded.utf8))
        host.flush()
    }

    /// Ends every process: close stdin, SIGTERM (and SIGCONT, for paused
    /// ones) to each process group, a short grace, then SIGKILL, and reap all.
    func stopAll() {
        let live = nodes.compactMap { h -> ChildProcess? in
            h.endingOnPurpose = true
            return h.process.flatMap { $0.exitStatus == nil ? $0 : nil }
        }
        for p in live { p.closeStdin(); p.signal(SIGTERM); p.signal(SIGCONT) }
        let deadline = RunClock.monotonic() + 300_000
        while live.contains(where: { !$0.reap() }), RunClock.monotonic() < deadline { usleep(5_000) }
        for p in live { p.killAndReap() }
    }

    // MARK: the poll loop

    /// Waits for input or the next due moment and handles what arrived; returns a signal number if told to stop.
    func pollOnce(maxWait: Int64 = 50_000) -> Int32? {
        var fds: [pollfd] = []
        var owners: [(node: Int, which: Int)] = []   // which: 0 stdout, 1 stderr, 2 stdin
        for h in nodes {
            guard let p = h.process else { continue }
            if p.stdout >= 0 { fds.append(pollfd(fd: p.stdout, events: Int16(POLLIN), revents: 0)); owners.append((h.index, 0)) }
            if p.stderr >= 0 { fds.append(pollfd(fd: p.stderr, events: Int16(POLLIN), revents: 0)); owners.append((h.index, 1)) }
            if p.stdin >= 0, h.unwritten > 0 { fds.append(pollfd(fd: p.stdin, events: Int16(POLLOUT), revents: 0)); owners.append((h.index, 2)) }
        }
        if stopFD >= 0 { fds.append(pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0)); owners.append((-1, 0)) }
        var wait: Int64 = max(0, maxWait)
        if let next = agenda.nextTime { wait = max(0, min(wait, next - now)) }
        if !immediate.isEmpty { wait = 0 }
        if nodes.contains(where: { $0.stdoutClosedAt != nil }) { wait = min(wait, 5_000) }
        let timeout = Int32((wait + 999) / 1_000)
        let r = poll(&fds, nfds_t(fds.count), timeout)
        if r < 0 && errno != EINTR { fail(node: "runner", problem: "poll failed: \(String(cString: strerror(errno)))"); return nil }
        if r > 0 {
            for (k, fd) in fds.enumerated() where fd.revents != 0 {
                let owner = owners[k]
                if owner.node < 0 {
                    var sig: Int32 = 0
                    _ = read(stopFD, &sig, MemoryLayout<Int32>.size)
                    return sig == 0 ? SIGTERM : sig
                }
                let host = nodes[owner.node]
                switch owner.which {
                case 0: readStdout(host)
                case 1: readStderr(host)
                default: host.flush()
                }
                if failure != nil { return nil }
            }
        }
        checkExits()
        return nil
    }

    func readStdout(_ host: NodeHost) {
        guard let p = host.process, p.stdout >= 0 else { return }
        let outcome = host.stdoutReader.drain(p.stdout) { line in
            guard failure == nil else { return }
            handleLine(host, line)
        }
        switch outcome {
        case .more: break
        case .endOfFile:
            p.closeStdout()
            host.stdoutClosedAt = now
        case .tooLong(let prefix):
            fail(node: host.name, problem: "wrote a line longer than \(options.maxLineBytes) bytes to stdout "
                 + "(it starts: \(Self.quote(prefix))); expected one JSON message a line, each under the limit")
        }
    }

    func readStderr(_ host: NodeHost) {
        guard let p = host.process, p.stderr >= 0 else { return }
        let outcome = host.stderrReader.drain(p.stderr) { line in
            let text = String(decoding: line, as: UTF8.self)
            recorder.stderrLine(time: now, node: host.index, text: text)
            host.stderrTail.append(text)
            if options.logStderr { FileHandle.standardError.write(Data("\(host.name) | \(text)\n".utf8)) }
        }
        switch outcome {
        case .more: break
        case .endOfFile: p.closeStderr()
        case .tooLong(let prefix):
            // A long stderr line is only a log: keep its start and go on.
            host.stderrTail.append(String(decoding: prefix, as: UTF8.self) + "…")
        }
    }

    /// Notices processes that ended: expected after a kill, a failure of the node otherwise.
    func checkExits() {
        for host in nodes {
            guard let p = host.process, p.exitStatus == nil else { continue }
            guard host.stdoutClosedAt != nil else { continue }
            if p.reap() {
                if !host.endingOnPurpose {
                    if p.stderr >= 0 { readStderr(host) }
                    fail(node: host.name, problem: "exited unexpectedly (\(ChildProcess.describe(status: p.exitStatus!)))")
                }
            } else if let closed = host.stdoutClosedAt, now - closed > 2_000_000, !host.endingOnPurpose {
                fail(node: host.name, problem: "closed its stdout but kept running; a node must keep reading and writing until it is stopped")
            }
        }
    }

    func fail(node: String, problem: String) {
        guard failure == nil else { return }
        let tail = nodeIndex[node].map { nodes[$0].stderrTail.recent } ?? []
        failure = NodeFailure(node: node, problem: problem, stderr: tail)
    }

    /// A line for a message: at most 200 bytes, non-printing bytes escaped.
    static func quote(_ bytes: [UInt8], limit: Int = 200) -> String {
        var s = "\""
        for b in bytes.prefix(limit) {
            switch b {
            case 0x22: s += "\\\""
            case 0x5C: s += "\\\\"
            case 0x20..<0x7F: s.unicodeScalars.append(Unicode.Scalar(b))
            case 0x0A: s += "\\n"
            case 0x0D: s += "\\r"
            case 0x09: s += "\\t"
            default: s += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
            }
        }
        s += "\""
        if bytes.count > limit { s += "… (\(bytes.count) bytes)" }
        return s
    }
}

/// What made a run stop early: the node, what it did, and its last stderr lines.
public struct NodeFailure: Sendable, Hashable, CustomStringConvertible {
    public var node: String
    public var problem: String
    public var stderr: [String]
    public var description: String { "\(node) \(problem)" }
}
