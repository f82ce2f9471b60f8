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
    // Played to full score and to less by RealShippedLabTests, through the program, like every real lab.
}
