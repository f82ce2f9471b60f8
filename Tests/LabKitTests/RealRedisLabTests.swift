import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import LabKit

/// The shipped lab real-redis-failover, played through the clusterlab
/// program on a real Redis Cluster (ShippedLabTests cannot start one): it
/// validates, scores full marks with its reference answers — computed from
/// the run, so Redis must behave as the answers say — and less with wrong
/// ones, and leaves no redis-server behind.
@Suite(.serialized, .enabled(if: RealRedisLab.host.ok, Comment(rawValue: "real redis: " + RealRedisLab.host.reason)))
struct RealRedisLabTests {
    static let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/real/redis-failover.yaml").path
    static let answers = BuiltBinary.packageRoot.appendingPathComponent("Instructors/answers/real/redis-failover.answers.yaml").path

    @Test func itValidatesAndAsksForPredictions() throws {
        let r = try BuiltBinary.run(["lab", "validate", Self.path])
        #expect(r.status == 0 && r.stdout.contains("ok") && !r.stdout.contains("warning"), "\(r.stdout)\(r.stderr)")
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(text.contains("id: real-redis-failover") && text.contains("topic: real"))
        #expect(text.components(separatedBy: "    predict:").count - 1 >= 3)
    }

    @Test func itPlaysToFullScoreWithItsAnswersOnRealRedis() throws {
        let bin = try #require(BuiltBinary.clusterlab)
        let r = try Subprocess.run(bin.path, ["lab", "play", Self.path, "--answers", Self.answers], limit: 600)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last == "score=5/5", "\(r.stdout)")
        #expect(!r.stdout.contains("PROBLEM") && !r.stdout.contains("none of the choices"), "\(r.stdout)")
        #expect(RealRedisLab.serversLeft().isEmpty, "left running: \(RealRedisLab.serversLeft())")
    }

    @Test func wrongAnswersScoreLess() throws {
        let wrong = try BuiltBinary.temporaryDirectory().appendingPathComponent("wrong.answers.yaml")
        defer { try? FileManager.default.removeItem(at: wrong.deletingLastPathComponent()) }
        try """
            lab: real-redis-failover
            answers:
              offsets: b
              roles: b
              where-are-the-writes: b
              rejoin: b
              lost: b

            """.write(to: wrong, atomically: true, encoding: .utf8)
        let bin = try #require(BuiltBinary.clusterlab)
        let r = try Subprocess.run(bin.path, ["lab", "play", Self.path, "--answers", wrong.path], limit: 600)
        #expect(r.stdout.split(separator: "\n").last == "score=0/5", "\(r.stdout)\n\(r.stderr)")
        #expect(RealRedisLab.serversLeft().isEmpty, "left running: \(RealRedisLab.serversLeft())")
    }
}

enum RealRedisLab {
    static let host = RealHostSupport.check("redis", server: "redis-server")

    /// redis-servers of a clusterlab run (they rename themselves `redis-server 10.77.0.x:6379 [cluster]`).
    static func serversLeft() -> [String] {
        let out = (try? Subprocess.run("pgrep", ["-fa", "redis-server 10\\.77\\.0\\."]))?.stdout ?? ""
        return out.split(separator: "\n").map(String.init).filter { !$0.contains("pgrep") }
    }
}
