import Foundation
import Maelstrom
#if canImport(Glibc)
import Glibc
#endif

/// The run's guard: a small shell process, in a session of its own and
/// deaf to Ctrl-C, that waits for end of file on a pipe only clusterlab
/// holds. However clusterlab ends — `q`, Ctrl-C, SIGTERM, a crash, SIGKILL —
/// the kernel closes that pipe, and the guard then kills every process left
/// in the run's namespaces, deletes the namespaces and the run's data
/// directory. After a clean teardown it finds nothing to do and exits.
public final class RunGuard {
    private var pipeWrite: Int32 = -1
    public let pid: pid_t

    /// The guard's script: wait for EOF, then clean up (each step tolerant of "already gone").
    static func script(namespaces: [String], dataDir: String) -> String {
        let list = namespaces.joined(separator: " ")
        return """
        trap '' INT TERM HUP QUIT
        cat >/dev/null
        for ns in \(list); do
          [ -e /run/netns/$ns ] || continue
          for p in $(ip netns pids $ns 2>/dev/null); do kill -KILL $p 2>/dev/null; done
        done
        sleep 0.2
        for ns in \(list); do
          [ -e /run/netns/$ns ] || continue
          for p in $(ip netns pids $ns 2>/dev/null); do kill -KILL $p 2>/dev/null; done
          ip netns del $ns 2>/dev/null
        done
        rm -rf '\(dataDir.replacingOccurrences(of: "'", with: "'\\''"))'
        """
    }

    /// Starts the guard for `namespaces` and `dataDir` (before any of them exists).
    public init(namespaces: [String], dataDir: String) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw TCPConnection.Failure(.other, "pipe: \(String(cString: strerror(errno)))") }
        // Only the guard's stdin is the read end; clusterlab's write end closes on exec, so no node inherits it.
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        // A session of its own: the terminal's Ctrl-C and hang-up never reach it.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | 0x80 /* POSIX_SPAWN_SETSID */))
        let argv = ["/bin/sh", "-c", Self.script(namespaces: namespaces, dataDir: dataDir), "clusterlab-guard"]
        let env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
        var child: pid_t = 0
        let pointers = argv.map { strdup($0) } + [nil]
        let envPointers = env.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) }; envPointers.forEach { free($0) } }
        let r = posix_spawn(&child, "/bin/sh", &actions, &attributes, pointers, envPointers)
        close(fds[0])
        guard r == 0 else {
            close(fds[1])
            throw TCPConnection.Failure(.other, "could not start the run's guard: \(String(cString: strerror(r)))")
        }
        pid = child
        pipeWrite = fds[1]
    }

    /// Lets the guard run its cleanup now and waits for it (after the run's own teardown it finds nothing left).
    public func release() {
        guard pipeWrite >= 0 else { return }
        close(pipeWrite)
        pipeWrite = -1
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    deinit { release() }
}
