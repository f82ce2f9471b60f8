#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The node process groups of a live run, SIGKILLed from a signal handler
/// if the program is ended by a signal while the interface owns the
/// terminal (the interface's own handler restores the terminal, calls this
/// one, then lets the signal end the program: without it the nodes, each in
/// its own process group, would outlive it).
public enum EmergencyStop {
    static let capacity = 256
    nonisolated(unsafe) private static var groups = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var count: Int32 = 0

    /// The process groups to kill now (the latest call wins).
    public static func watch(_ pids: [pid_t]) {
        count = 0  // the handler reads only up to count: shrink first, fill, then publish
        for (i, p) in pids.prefix(capacity).enumerated() { groups[i] = p }
        count = Int32(min(pids.count, capacity))
    }

    /// Installs the handler for SIGINT, SIGTERM, SIGHUP and SIGQUIT (before the interface takes the terminal, so it chains to this one).
    public static func install() {
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in EmergencyStop.killAll() }
            #else
            action.__sigaction_u.__sa_handler = { _ in EmergencyStop.killAll() }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
    }

    /// Async-signal-safe: kill(2) only.
    static func killAll() {
        for i in 0..<Int(count) where groups[i] > 0 {
            _ = kill(-groups[i], SIGKILL)
            _ = kill(groups[i], SIGKILL)
        }
    }
}
