import ClusterSim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One server node as the runner holds it: its current process (a restart
/// makes a fresh one), the line readers over its stdout and stderr, and the
/// bytes waiting to be written to its stdin.
final class NodeHost {
    let name: String
    let index: Int
    var process: ChildProcess?
    var status: NodeStatus = .up
    var stdoutReader: LineReader
    var stderrReader: LineReader
    var outbox: [UInt8] = []
    var outboxStart = 0
    /// The init request's id while waiting for init_ok; nil once answered.
    var awaitingInit: Int64?
    var initSentAt: Int64 = 0
    /// Set when the runner itself ends the process (kill nemesis, shutdown).
    var endingOnPurpose = false
    /// Set when stdout reached end of file: the process should exit soon.
    var stdoutClosedAt: Int64?
    var stderrTail = StderrRing(capacity: 20)
    /// Messages this node sent that are still in the network.
    var inFlight = 0
    var warnedAboutSource = false

    init(name: String, index: Int, lineLimit: Int) {
        self.name = name; self.index = index
        stdoutReader = LineReader(limit: lineLimit)
        stderrReader = LineReader(limit: 64 << 10)
    }

    var unwritten: Int { outbox.count - outboxStart }

    /// Queues a line for the node's stdin.
    func enqueue(_ line: [UInt8]) {
        outbox.append(contentsOf: line)
        outbox.append(0x0A)
    }

    /// Writes what the pipe takes now; false if the node's stdin is gone.
    @discardableResult
    func flush() -> Bool {
        guard let p = process, p.stdin >= 0 else { outbox.removeAll(); outboxStart = 0; return false }
        while outboxStart < outbox.count {
            let n = outbox.withUnsafeBytes { write(p.stdin, $0.baseAddress! + outboxStart, outbox.count - outboxStart) }
            if n > 0 { outboxStart += n; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { break }
            // EPIPE: the node closed its stdin or died; what it did not read is lost with it.
            outbox.removeAll(); outboxStart = 0
            p.closeStdin()
            return false
        }
        if outboxStart == outbox.count { outbox.removeAll(keepingCapacity: true); outboxStart = 0 }
        else if outboxStart > 1 << 20 { outbox.removeFirst(outboxStart); outboxStart = 0 }
        return true
    }

    /// Starts a fresh process with fresh readers (a restart keeps nothing but what the node wrote to disk).
    func start(_ options: MaelstromOptions) throws {
        process = try ChildProcess(executable: options.executable, arguments: options.arguments)
        stdoutReader = LineReader(limit: options.maxLineBytes)
        stderrReader = LineReader(limit: 64 << 10)
        outbox = []; outboxStart = 0
        status = .up
        endingOnPurpose = false
        stdoutClosedAt = nil
    }
}
