import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport
@testable import LabKit

/// The figure the phi lab asks for, and what the SWIM scenario without indirect probes shows, from the scenario files
/// in Labs/membership/scenarios/: if the detectors change, this fails and the
/// lab must be updated with it.
@Suite struct MembershipScenarioFiguresTests {
    /// (time, node, note) of every state change in the scenario's whole run.
    func stateChanges(_ file: String) throws -> [(time: Int64, note: String)] {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/membership/scenarios/\(file)").path
        let scenario = try ProtocolCatalog.scenario(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
        let run = try ProtocolCatalog.makeRun(scenario)
        run.run(until: .us(scenario.duration ?? 10_000_000))
        let trace = run.trace
        return trace.events.filter { $0.kind == .state }.map { ($0.time, trace.text(of: $0) ?? "") }
    }

    func falseSuspicions(_ changes: [(time: Int64, note: String)]) -> Int {
        changes.filter { $0.time < 10_000_000 && $0.note.hasSuffix("suspected") }.count
    }

    func firstSuspicionOfN4(_ changes: [(time: Int64, note: String)]) -> Int64? {
        changes.first { $0.note == "n4 suspected" }?.time
    }

    @Test func aLowPhiThresholdDetectsFasterAndAccusesMore() throws {
        let low = try stateChanges("phi-threshold-2.yaml"), high = try stateChanges("phi-threshold-12.yaml")
        #expect(falseSuspicions(low) == 6)
        #expect(falseSuspicions(high) == 0)
        let lowDetect = try #require(firstSuspicionOfN4(low)), highDetect = try #require(firstSuspicionOfN4(high))
        #expect((lowDetect - 10_000_000) / 10_000 == 3, "about 30 ms after the crash: \(lowDetect)")
        #expect((highDetect - 10_000_000) / 10_000 == 8, "about 80 ms after the crash: \(highDetect)")
        // The phi lab asks for this count and stores it.
        let labPath = BuiltBinary.packageRoot.appendingPathComponent("Labs/membership/phi-accrual.yaml").path
        let lab = try LabLoader.load(SourceText(name: labPath, text: String(contentsOfFile: labPath, encoding: .utf8)))
        let step = try #require(lab.steps.first { $0.id == "threshold-2-count" })
        guard case .ask(let q) = step.kind, case .number(let stored, _) = q.answer else { Issue.record("not a number question"); return }
        #expect(stored == Double(falseSuspicions(low)))
    }

    @Test func swimWithoutIndirectProbesSuspectsTheEndsOfOneBadLink() throws {
        let changes = try stateChanges("swim-no-indirect.yaml")
        let first = try #require(changes.first { $0.note.hasSuffix("suspected") })
        #expect(first.time < 1_500_000, "within about a second: \(first.time)")
        #expect(changes.contains { $0.note == "n2 suspected" } && changes.contains { $0.note == "n1 suspected" })
        #expect(changes.contains { $0.note.hasPrefix("refuted") }, "the suspects refute with a higher incarnation")
    }
}
