#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT, SIGTERM and SIGHUP turned into bytes on a pipe (the self-pipe
/// trick), so the runner's poll loop wakes, ends every node process and
/// returns, instead of the runner dying with its nodes still running.
public enum StopSignals {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Installs the handlers and returns the descriptor to poll (the same one on later calls).
    public static func install() -> Int32 {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return -1 }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        writeEnd = fds[1]
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { sig in
                var s = sig
                _ = write(StopSignals.writeEnd, &s, MemoryLayout<Int32>.size)
            }
            #else
            action.__sigaction_u.__sa_handler = { sig in
                var s = sig
                _ = write(StopSignals.writeEnd, &s, MemoryLayout<Int32>.size)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
        return fds[0]
    }
}
