import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program and waits for it (posix_spawn + waitpid, never Foundation's
/// `Process`: it can wait forever on a descriptor a grandchild inherits). The
/// child gets this terminal, or writes both its outputs to a file.
enum Spawn {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The exit status (128 + signal when a signal ended it).
    static func run(_ executable: String, _ arguments: [String], outputTo file: String? = nil,
                    environment: [String: String]? = nil) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let file {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        let argv = [executable] + arguments
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let cargv = argv.map { strdup($0) } + [nil]
        let cenv = env.map { strdup($0) } + [nil]
        defer { (cargv + cenv).forEach { free($0) } }
        fflush(nil)  // what this process printed comes before the child's output
        let spawned = posix_spawnp(&pid, executable, &actions, nil, cargv, cenv)
        guard spawned == 0 else {
            throw Failure(description: "could not start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed for \(executable): errno \(errno)") }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
