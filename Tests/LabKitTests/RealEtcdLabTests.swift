import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import LabKit

/// The shipped lab real-etcd-partitions, played through the clusterlab
/// program on a real etcd cluster (ShippedLabTests cannot start one): it
/// validates, scores full marks with its reference answers — computed from
/// the run, so etcd must behave as the answers say — and less with wrong
/// ones, and leaves no namespace behind.
@Suite(.serialized, .enabled(if: RealHostSupport.etcd.ok, Comment(rawValue: "real etcd: " + RealHostSupport.etcd.reason)))
struct RealEtcdLabTests {
    static let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/real/etcd-partitions.yaml").path
    static let answers = BuiltBinary.packageRoot.appendingPathComponent("Instructors/answers/real/etcd-partitions.answers.yaml").path

    @Test func itHasTheStepsEveryLabHas() throws {
        _ = FakeRealSystems.ready
        let lab = try LabLoader.load(SourceText(name: Self.path, text: String(contentsOfFile: Self.path, encoding: .utf8)))
        #expect(lab.id == "real-etcd-partitions" && lab.topic == "real")
        let interactive = lab.steps.filter(\.isInteractive)
        #expect(interactive.count >= 3)
        #expect(interactive.contains { if case .predict = $0.kind { return true }; return false })
        #expect(interactive.contains { if case .task = $0.kind { return true }; return false })
        let r = try BuiltBinary.run(["lab", "validate", Self.path])
        #expect(r.status == 0 && r.stdout.contains("ok") && !r.stdout.contains("warning"), "\(r.stdout)\(r.stderr)")
    }

    @Test func itPlaysToFullScoreWithItsAnswersOnRealEtcd() throws {
        let before = RealHostSupport.namespaces()
        let bin = try #require(BuiltBinary.clusterlab)
        let r = try Subprocess.run(bin.path, ["lab", "play", Self.path, "--answers", Self.answers], limit: 600)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(lines.last == "score=5/5", "\(r.stdout)")
        #expect(!r.stdout.contains("PROBLEM") && !r.stdout.contains("none of the choices"), "\(r.stdout)")
        // The task's goal is reached on the real cluster (a run of real processes is checked for the whole limit).
        #expect(r.stdout.contains("task: done"), "\(r.stdout)")
        #expect(Self.leftBehind(since: before).isEmpty, "the run left namespaces behind: \(Self.leftBehind(since: before))")
    }

    static func leftBehind(since before: Set<String>) -> [String] { RealHostSupport.leftBehind(since: before) }

    @Test func wrongAnswersScoreLess() throws {
        let wrong = try BuiltBinary.temporaryDirectory().appendingPathComponent("wrong.answers.yaml")
        defer { try? FileManager.default.removeItem(at: wrong.deletingLastPathComponent()) }
        try """
            lab: real-etcd-partitions
            answers:
              etcd-leaders: a
              etcd-cut-off-term: b
              no-leader:
                do: ["partition n1 | n2 n3"]
              sim-leaders: b
              why-different: b

            """.write(to: wrong, atomically: true, encoding: .utf8)
        let bin = try #require(BuiltBinary.clusterlab)
        let r = try Subprocess.run(bin.path, ["lab", "play", Self.path, "--answers", wrong.path], limit: 600)
        #expect(r.stdout.split(separator: "\n").last == "score=0/5", "\(r.stdout)\n\(r.stderr)")
    }
}
