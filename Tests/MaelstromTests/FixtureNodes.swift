import Foundation
import Maelstrom
#if canImport(Glibc)
import Glibc
#endif

/// The fixture node programs under Tests/MaelstromTests/Fixtures, and runs of them.
enum FixtureNodes {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Options for a short run of fixture `name` (python3 on PATH runs it).
    static func options(_ name: String, _ args: [String] = [], nodes: Int = 3, seconds: Double = 1, rate: Double = 20) -> MaelstromOptions {
        var o = MaelstromOptions(executable: ChildProcess.resolve("python3") ?? "/usr/bin/python3")
        o.arguments = [path(name)] + args
        o.nodeCount = nodes
        o.timeLimit = seconds
        o.rate = rate
        o.initTimeout = 30   // generous: the machine may be busy; the test never measures it
        o.requestTimeout = 5
        return o
    }

    /// True when no process with this pid exists any more (or it is a zombie nobody will reap, which cannot be ours).
    static func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) == -1 { return errno == ESRCH }
        // Alive or a zombie: a zombie's state in /proc is Z.
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    /// Polls `condition` until it holds or `bound` seconds pass (a guard, never a measurement).
    static func eventually(within bound: Double = 60, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(bound)
        while Date() < end {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
