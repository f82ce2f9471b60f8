import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A node's OS process: started with posix_spawn (not Foundation's
/// `Process`), its stdin, stdout and stderr on pipes whose parent ends are
/// non-blocking and close-on-exec, so no other node inherits them and an end
/// of file means this process (and what it started) closed its end.
///
/// The process leads its own process group: signals go to the group, so a
/// node started through a shell script takes its interpreter down with it,
/// and a Ctrl-C at the terminal reaches only the runner, which then ends
/// every node itself.
public final class ChildProcess {
    public let pid: pid_t
    /// Write end of the child's stdin (-1 once closed).
    public private(set) var stdin: Int32
    /// Read ends of the child's stdout and stderr (-1 once closed).
    public private(set) var stdout: Int32
    public private(set) var stderr: Int32
    /// The wait status once reaped.
    public private(set) var exitStatus: Int32?

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil) throws {
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard Self.cloexecPipe(&inPipe) == 0 else { throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))") }
        guard Self.cloexecPipe(&outPipe) == 0 else {
            Self.closeAll(inPipe)
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        guard Self.cloexecPipe(&errPipe) == 0 else {
            Self.closeAll(inPipe + outPipe)
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copy: the child keeps exactly 0, 1 and 2.
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = [executable] + arguments
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        let result = Self.withCStrings(argv) { cargv in
            Self.withCStrings(envp) { cenvp in posix_spawnp(&child, executable, &actions, &attributes, cargv, cenvp) }
        }
        Self.closeAll([inPipe[0], outPipe[1], errPipe[1]])
        guard result == 0 else {
            Self.closeAll([inPipe[1], outPipe[0], errPipe[0]])
            throw SpawnError(description: "could not start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
        stdin = inPipe[1]; stdout = outPipe[0]; stderr = errPipe[0]
        for fd in [stdin, stdout, stderr] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit { closeStdin(); closeStdout(); closeStderr() }

    public func closeStdin() { if stdin >= 0 { close(stdin); stdin = -1 } }
    public func closeStdout() { if stdout >= 0 { close(stdout); stdout = -1 } }
    public func closeStderr() { if stderr >= 0 { close(stderr); stderr = -1 } }

    /// Sends `sig` to the process group (and to the process itself, in case it left the group).
    public func signal(_ sig: Int32) {
        guard exitStatus == nil else { return }
        _ = kill(-pid, sig)
        _ = kill(pid, sig)
    }

    /// Reaps the process if it has exited; true once it has.
    @discardableResult
    public func reap(blocking: Bool = false) -> Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if r == pid {
                exitStatus = status
                // Whatever the node started in its group goes with it.
                _ = kill(-pid, SIGKILL)
                return true
            }
            if r == -1, errno == EINTR { continue }
            if r == -1 { exitStatus = -1; return true }  // not our child any more: nothing to wait for
            return false
        }
    }

    /// Ends the process for good: SIGKILL to the group, then reaps it.
    public func killAndReap() {
        guard exitStatus == nil else { return }
        signal(SIGKILL)
        reap(blocking: true)
    }

    /// "exited with status 3" or "killed by signal 9".
    public static func describe(status: Int32) -> String {
        if status == -1 { return "ended (not reaped here)" }
        if status & 0x7f == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return "killed by signal \(status & 0x7f)"
    }

    /// A pipe whose ends close on exec (pipe2 is not in Swift's Glibc module;
    /// the runner spawns from one thread, so no spawn falls between the two calls).
    static func cloexecPipe(_ fds: inout [Int32]) -> Int32 {
        guard pipe(&fds) == 0 else { return -1 }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return 0
    }

    static func closeAll(_ fds: [Int32]) { for fd in fds where fd >= 0 { close(fd) } }

    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers + [nil])
    }

    /// The path `name` runs as: itself if it contains a slash, else the first
    /// executable match on PATH; nil when there is none.
    public static func resolve(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 && !isDirectory(name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0, !isDirectory(candidate) { return candidate }
        }
        return nil
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
