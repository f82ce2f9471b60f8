import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program and waits for it, without Foundation's `Process`.
///
/// Why not `Process`: on Linux it learns that a child ended by waiting for EOF
/// on a socket the child inherits. A child that starts a daemon which keeps
/// that socket (the first `tmux new-session` starts the tmux server, which
/// does) makes `waitUntilExit` wait for the daemon, forever: CI hung on exactly
/// this. Here the child's output goes to files the child opens itself, the
/// parent holds no descriptor the child could pass on, and `waitpid` reaps
/// the child the moment it exits.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` with `arguments` (searched on PATH when not a path), in `directory` if given.
    /// A child still running after `limit` seconds is killed and reported, so a hang fails one
    /// test instead of stalling the whole run (the limit is a guard, never what a test measures).
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, limit: Double = 120) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("clusterlab-spawn-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The test runner holds descriptors without close-on-exec (its own sockets and pipes);
        // a daemon keeping one would keep the runner waiting, so the child closes every one.
        for fd in 3...highestOpenDescriptor() { posix_spawn_file_actions_addclose(&actions, fd) }

        // Swift's Glibc module does not offer posix_spawn's chdir action, so a shell changes
        // directory first; the paths travel as positional parameters, never re-parsed.
        let argv = directory.map { ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", $0.path, executable] + arguments }
            ?? [executable] + arguments
        let pid = try spawn(argv, environment: environment, actions: &actions)
        let watch = Watchdog()
        let child = pid
        DispatchQueue.global().asyncAfter(deadline: .now() + limit) { watch.killIfRunning(child) }
        // Wait without reaping first: until the child is reaped its pid cannot be reused,
        // so the watchdog can never kill a stranger.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitid failed for \(executable): errno \(errno)") }
        }
        let killed = watch.finish()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed for \(executable): errno \(errno)") }
        }
        if killed {
            throw Failure(description: "\(argv.joined(separator: " ")) was still running after \(limit) s and was killed")
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: exitCode, stdout: out, stderr: err)
    }

    /// Starts `argv` with `actions` applied to its descriptors; returns its pid.
    /// Shared by `run` and `PipedProcess` so both start children the same way.
    static func spawn(_ argv: [String], environment: [String: String]?,
                      actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        // Test threads block most signals and spawned children inherit the mask: a tmux server
        // started that way never hears SIGCHLD and never exits. Start children with defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var env = environment ?? ProcessInfo.processInfo.environment
        if environment == nil { env.removeValue(forKey: "TMUX") }  // never nest inside the caller's tmux
        let envp = env.map { "\($0.key)=\($0.value)" }

        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cargv in
            withCStrings(envp) { cenvp in
                posix_spawnp(&pid, argv[0], &actions, &attributes, cargv, cenvp)
            }
        }
        guard spawned == 0 else {
            throw Failure(description: "could not start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Kills a child that outlives its limit, unless it has already finished.
    private final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private var finished = false
        private var killed = false

        func killIfRunning(_ pid: pid_t) {
            lock.lock(); defer { lock.unlock() }
            guard !finished else { return }
            killed = kill(pid, SIGKILL) == 0
        }

        /// Marks the child finished; true if the watchdog killed it.
        func finish() -> Bool {
            lock.lock(); defer { lock.unlock() }
            finished = true
            return killed
        }
    }

    /// The highest descriptor open now, with headroom for ones other threads open meanwhile.
    /// (glibc ignores a close action on a descriptor that is not open.)
    static func highestOpenDescriptor() -> Int32 {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        return max(open.max() ?? 0, 255) + 64
    }

    /// Calls `body` with a NULL-terminated C array of the strings, valid only inside it.
    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers + [nil])
    }
}
