import Foundation
import Maelstrom
#if canImport(Glibc)
import Glibc
#endif

/// One server of a real cluster: its process, started inside its network
/// namespace (`ip netns exec NS PROGRAM …`, which execs the program under
/// the same pid) in a process group of its own, and its data directory,
/// which outlives the process so a restart finds its data as a real
/// operator's restart would.
final class RealNodeProcess {
    let name: String
    let namespace: String
    let dataDir: String
    let launch: RealNodeLaunch
    private(set) var process: ChildProcess?
    private var stdoutReader = LineReader(limit: 64 * 1024)
    private var stderrReader = LineReader(limit: 64 * 1024)
    /// True while SIGSTOPped.
    private(set) var isPaused = false

    init(name: String, namespace: String, dataDir: String, launch: RealNodeLaunch) {
        self.name = name; self.namespace = namespace; self.dataDir = dataDir; self.launch = launch
    }

    var pid: Int32? { process.flatMap { $0.exitStatus == nil ? $0.pid : nil } }
    var isRunning: Bool { pid != nil }

    /// Writes the node's files (first start only keeps existing data) and starts the process.
    func start() throws {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        for (path, contents) in launch.files {
            let url = URL(fileURLWithPath: dataDir).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        guard let program = ChildProcess.resolve(launch.executable) else {
            throw RealRunError("\(launch.executable) is not installed here (see README, Real systems)")
        }
        guard let ip = IPCommand.path else {
            throw RealRunError("iproute2's `ip` is not installed (apt-get install iproute2)")
        }
        var env = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": dataDir, "LANG": "C.UTF-8"]
        for (k, v) in launch.environment { env[k] = v }
        process = try ChildProcess(executable: ip, arguments: ["netns", "exec", namespace, program] + launch.arguments,
                                   environment: env)
        process?.closeStdin()
        isPaused = false
        stdoutReader = LineReader(limit: 64 * 1024)
        stderrReader = LineReader(limit: 64 * 1024)
    }

    /// Reads what the process wrote (both streams, a line each) without blocking.
    func drainOutput(_ line: (String) -> Void) {
        guard let p = process else { return }
        if p.stdout >= 0, stdoutReader.drain(p.stdout, line: { line(String(decoding: $0, as: UTF8.self)) }) == .endOfFile { p.closeStdout() }
        if p.stderr >= 0, stderrReader.drain(p.stderr, line: { line(String(decoding: $0, as: UTF8.self)) }) == .endOfFile { p.closeStderr() }
    }

    /// The wait status if the process ended by itself since the last call.
    func reapIfExited() -> Int32? {
        guard let p = process, p.exitStatus == nil, p.reap() else { return nil }
        return p.exitStatus
    }

    func kill() {
        guard let p = process, p.exitStatus == nil else { return }
        if isPaused { p.signal(SIGCONT) }
        p.killAndReap()
        isPaused = false
    }

    func pause() { guard let p = process, !isPaused else { return }; p.signal(SIGSTOP); isPaused = true }
    func resume() { guard let p = process, isPaused else { return }; p.signal(SIGCONT); isPaused = false }
}

/// A readable reason a real run could not start or go on.
public struct RealRunError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
