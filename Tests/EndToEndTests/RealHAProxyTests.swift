import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `clusterlab real haproxy --headless` as a script or CI runs it: HAProxy
/// and four backends in network namespaces, clients through n1, the
/// verdict as the first word and the exit status to match, and nothing of
/// the run left afterwards.
@Suite(.serialized, .enabled(if: RealHAProxyRun.available, RealHAProxyRun.reason))
struct RealHAProxyTests {
    @Test func withoutFaultsEveryRequestIsAnsweredAndLeastconnSparesTheSlowBackend() throws {
        let r = try BuiltBinary.run(["real", "haproxy", "--strategy", "leastconn", "--headless", "--time-limit", "10", "--seed", "4301"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("valid: "), "\(r.stdout)")
        #expect(r.stdout.contains("faults: none"))
        for backend in ["n2", "n3", "n4", "n5"] { #expect(r.stdout.contains("\n\(backend): "), "\(r.stdout)") }
        #expect(r.stdout.contains("strategy leastconn; slow backend n5"))
        #expect(RealHAProxyRun.leftovers().isEmpty, "\(RealHAProxyRun.leftovers())")
    }

    @Test func partitionsGiveAVerdictThatMatchesTheExitStatusAndNamesTheFailures() throws {
        let r = try BuiltBinary.run(["real", "haproxy", "--headless", "--time-limit", "15", "--nemesis", "partition",
                                     "--nemesis-interval", "4", "--seed", "4302"])
        let word = r.stdout.split(separator: ":").first.map(String.init) ?? ""
        #expect(["valid", "invalid"].contains(word), "\(r.stdout)\(r.stderr)")
        #expect(r.status == (word == "valid" ? 0 : 1), "\(r.stdout)")
        #expect(r.stdout.contains("partition"), "the faults line names the partitions: \(r.stdout)")
        if word == "invalid" { #expect(r.stdout.contains("got no 2xx answer"), "\(r.stdout)") }
        #expect(RealHAProxyRun.leftovers().isEmpty, "\(RealHAProxyRun.leftovers())")
    }
}

enum RealHAProxyRun {
    static let available: Bool = {
        geteuid() == 0 && Tmux.shell(["ip", "netns", "list"]).status == 0 && Tmux.shell(["haproxy", "-v"]).status == 0
    }()
    static let reason: Comment = "needs root, iproute2 and haproxy (apt-get install haproxy iproute2; .ci/run does)"

    /// Processes of any headless haproxy run still alive (each names its run's data directory), and the runs' namespaces.
    static func leftovers() -> [String] {
        let processes = Tmux.shell(["pgrep", "-fa", "clusterlab-real-cl[0-9]*/n[0-9]"]).output.split(separator: "\n").map(String.init)
            .filter { !$0.contains("pgrep") && ($0.contains("haproxy") || $0.contains("real-backend")) }
        return processes
    }
}

/// The hidden `clusterlab real-backend` refuses bad options with exit 2 and says which.
@Suite struct RealBackendCommandTests {
    @Test(arguments: [
        (["--address", "127.0.4.50", "--name", "n2", "--port", "0"], "--port 0"),
        (["--address", "127.0.4.50", "--name", "n2", "--delay-ms", "-1"], "--delay-ms -1"),
        (["--address", "127.0.4.50", "--name", "n 2"], "--name 'n 2'"),
        (["--address", "not-an-address", "--name", "n2", "--port", "18080"], "not an IPv4 address: not-an-address"),
        (["--name", "n2"], "--address"),
    ])
    func badOptionsExitTwoNamingTheProblem(_ arguments: [String], _ message: String) throws {
        let r = try BuiltBinary.run(["real-backend"] + arguments)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func itIsHiddenFromHelp() throws {
        let r = try BuiltBinary.run(["--help"])
        #expect(r.status == 0 && !r.stdout.contains("real-backend"))
    }
}
