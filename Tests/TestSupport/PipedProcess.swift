import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process a test talks to line by line: its stdin and stdout are
/// pipes, its stderr goes to a file. For programs that answer as they read,
/// such as Maelstrom nodes, which `Subprocess.run` (input from /dev/null,
/// output read at exit) cannot drive.
///
/// Started like `Subprocess.run` (posix_spawn, default signal mask, only
/// descriptors 0, 1 and 2 inherited); never Foundation's `Process`. Every read
/// has a limit that only guards against a hang: a child that says nothing for
/// that long fails the test instead of stalling the run. The child is killed
/// and reaped when the value goes away, whatever state it is in.
public final class PipedProcess {
    public let pid: pid_t
    private var input: Int32
    private let output: Int32
    private let scratch: URL
    private var buffered: [UInt8] = []
    private var reaped = false

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        // A write to a child that has exited must be an error the test sees, not SIGPIPE killing it.
        signal(SIGPIPE, SIG_IGN)
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("clusterlab-piped-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw Subprocess.Failure(description: "pipe failed: errno \(errno)")
        }
        // The parent's ends must not leak into children other tests start meanwhile.
        for fd in [toChild[1], fromChild[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, scratch.appendingPathComponent("stderr").path,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        for fd in 3...Subprocess.highestOpenDescriptor() { posix_spawn_file_actions_addclose(&actions, fd) }
        do {
            pid = try Subprocess.spawn([executable] + arguments, environment: environment, actions: &actions)
        } catch {
            for fd in toChild + fromChild { close(fd) }
            throw error
        }
        close(toChild[0])
        close(fromChild[1])
        input = toChild[1]
        output = fromChild[0]
    }

    deinit {
        if input >= 0 { close(input) }
        close(output)
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Writes `line` and a newline to the child's stdin.
    public func send(_ line: String) throws {
        var bytes = Array(line.utf8) + [UInt8(ascii: "\n")]
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(input, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                guard errno == EINTR else { throw Subprocess.Failure(description: "writing to pid \(pid): errno \(errno)") }
                continue
            }
            offset += written
        }
    }

    /// The next line the child writes to stdout (without its newline), or nil once stdout ends.
    /// Throws if no whole line arrives within `limit` seconds (a guard, not a measurement).
    public func readLine(limit: Double = 60) throws -> String? {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(limit * 1e9)
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                throw Subprocess.Failure(description: "pid \(pid) wrote no whole line within \(limit) s; stderr: \(errorOutput())")
            }
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min((deadline - now) / 1_000_000 + 1, 1000)))
            if ready < 0 && errno != EINTR { throw Subprocess.Failure(description: "poll failed: errno \(errno)") }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress!, $0.count) }
            if count < 0 {
                guard errno == EINTR else { throw Subprocess.Failure(description: "reading pid \(pid): errno \(errno)") }
                continue
            }
            if count == 0 {
                guard !buffered.isEmpty else { return nil }
                defer { buffered.removeAll() }
                return String(decoding: buffered, as: UTF8.self)
            }
            buffered += chunk[..<count]
        }
    }

    /// Closes the child's stdin and waits for it to exit (killing it after `limit` seconds);
    /// returns its exit status (128 + signal when a signal ended it).
    @discardableResult
    public func finish(limit: Double = 60) throws -> Int32 {
        if input >= 0 { close(input); input = -1 }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(limit * 1e9)
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done == -1 && errno != EINTR { throw Subprocess.Failure(description: "waitpid: errno \(errno)") }
            if DispatchTime.now().uptimeNanoseconds > deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                reaped = true
                throw Subprocess.Failure(description: "pid \(pid) still running \(limit) s after its input closed; killed")
            }
            usleep(2_000)
        }
        reaped = true
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// What the child has written to stderr so far.
    public func errorOutput() -> String {
        (try? String(contentsOf: scratch.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
    }
}
