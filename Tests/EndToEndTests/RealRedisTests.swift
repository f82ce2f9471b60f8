import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `clusterlab real redis --headless` as a script runs it: three masters and
/// three replicas of real redis-server in network namespaces, the SET/GET
/// workload, the lost-write verdict as the first word and the exit code.
/// Under partitions Redis Cluster may lose acknowledged writes (its
/// replication is asynchronous: cluster spec, "Write safety"), so that run
/// may end `invalid` — but then it names the writes it lost.
@Suite(.serialized, .enabled(if: RealRedis.available, RealRedis.reason))
struct RealRedisTests {
    @Test func aQuietRunLosesNothingAndExitsZero() throws {
        let r = try BuiltBinary.run(["real", "redis", "--masters", "3", "--replicas", "1", "--time-limit", "10", "--headless", "--seed", "1901"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("valid: ") == true, "\(r.stdout)")
        #expect(lines.contains("faults: none"), "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("redis, 6 nodes: ready after") }, "\(r.stdout)")
        #expect(lines.contains { $0.contains("acknowledged SETs on") && $0.contains("final values read back for") }, "\(r.stdout)")
        RealRedis.expectNoServerLeft()
    }

    @Test func underPartitionsTheVerdictNamesEveryLostWrite() throws {
        let r = try BuiltBinary.run(["real", "redis", "--time-limit", "15", "--nemesis", "partition", "--nemesis-interval", "5",
                                     "--headless", "--seed", "1902"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let first = lines.first ?? ""
        #expect(lines.contains { $0.hasPrefix("faults: ") && $0.contains("partition") }, "\(r.stdout)")
        if first.hasPrefix("valid: ") {
            #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        } else {
            #expect(first.hasPrefix("invalid: ") && r.status == 1, "\(r.stdout)\n\(r.stderr)")
            #expect(lines.contains { $0.hasPrefix("lost: SET key:") }, "\(r.stdout)")
        }
        RealRedis.expectNoServerLeft()
    }

    @Test func anOptionRedisDoesNotTakeIsRefused() throws {
        let r = try BuiltBinary.run(["real", "redis", "--nodes", "3", "--headless", "--time-limit", "5"])
        #expect(r.status == 2, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stderr.contains("--nodes does not apply to redis"), "\(r.stderr)")
    }
}

enum RealRedis {
    static let available: Bool = {
        geteuid() == 0 && Tmux.shell(["ip", "netns", "list"]).status == 0 && Tmux.shell(["redis-server", "--version"]).status == 0
    }()
    static let reason: Comment = "needs root, iproute2 and redis-server (apt-get install redis-server iproute2; .ci/run does)"

    /// No redis-server of a clusterlab run is still running: a server renames
    /// itself `redis-server ADDRESS:6379 [cluster]`, and runs use 10.77.0.x.
    static func expectNoServerLeft(sourceLocation: SourceLocation = #_sourceLocation) {
        let left = Tmux.shell(["pgrep", "-fa", "redis-server 10\\.77\\.0\\."]).output.split(separator: "\n")
            .map(String.init).filter { !$0.contains("pgrep") && !$0.isEmpty }
        #expect(left.isEmpty, "left running: \(left)", sourceLocation: sourceLocation)
    }
}
