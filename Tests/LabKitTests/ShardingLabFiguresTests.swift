import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport
@testable import LabKit

/// The sharding lab's stored numbers and narrated figures, recomputed with
/// the real placement code: if a hashing scheme changes, this fails and the
/// lab (and `HashCountingTests`) must be updated together.
@Suite struct ShardingLabFiguresTests {
    static let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/sharding/sharding.yaml").path
    let keys = PlacementAnalysis.keys(1000)
    let five = NodeNames.standard(5)

    func lab() throws -> Lab {
        try LabLoader.load(SourceText(name: Self.path, text: String(contentsOfFile: Self.path, encoding: .utf8)))
    }

    /// The stored number of the `ask` step `id`.
    func storedNumber(_ id: String, in lab: Lab) -> Double? {
        for step in lab.steps where step.id == id {
            if case .ask(let q) = step.kind, case .number(let v, _) = q.answer { return v }
        }
        return nil
    }

    func answers() throws -> AnswerSheet {
        let p = LabLibrary.answersPath(for: Self.path)
        return try AnswerSheet.load(SourceText(name: p, text: String(contentsOfFile: p, encoding: .utf8)))
    }

    @Test func storedAnswersAreWhatThePlacementCodeComputes() throws {
        let lab = try lab()
        let four = NodeNames.standard(4)
        #expect(storedNumber("mod-join", in: lab) == Double(PlacementRule.modulo.moved(keys: keys, from: four, to: five)))
        #expect(storedNumber("ring-join", in: lab) == Double(PlacementRule.ring(virtualNodes: 64).moved(keys: keys, from: four, to: five)))
        let oneVnode = PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: 1), keys: keys)
        #expect(storedNumber("busiest-one-vnode", in: lab) == Double(oneVnode.max))
        let scan = (100...199).map { "key\($0)" }
        let ring64 = HashRing(nodes: five, virtualNodes: 64)
        #expect(storedNumber("scan-hash", in: lab) == Double(Set(scan.map(ring64.node(forKey:))).count))
    }

    @Test func narratedFiguresHold() throws {
        // "n5 owns 399 keys and n4 only 10 … the busiest owns 210 (max/mean 1.05)".
        let one = PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: 1), keys: keys)
        #expect(one.perNode[4] == 399 && one.perNode[3] == 10)
        let sixtyFour = PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: 64), keys: keys)
        #expect(sixtyFour.max == 210 && (sixtyFour.maxOverMean * 100).rounded() == 105)
        // The range split points and "one server, n1, answers the whole scan".
        let splits = RangePartitioning.evenSplitPoints(of: keys, nodes: 5)
        #expect(splits == ["key279", "key459", "key639", "key819"])
        let range = try RangePartitioning(nodes: five, splitPoints: splits)
        #expect(Set((100...199).map { range.node(forKey: "key\($0)") }) == ["n1"])
        #expect(PlacementAnalysis.load(of: range, keys: keys).perNode == [200, 200, 200, 200, 200])
        // Crashing n3 under mod N moves "about 800" (the predict's choice b).
        let withoutN3 = ["n1", "n2", "n4", "n5"]
        #expect(PlacementRule.modulo.moved(keys: keys, from: five, to: withoutN3) >= 600)
    }

    /// The reference answers: n3's ring:64 keys for the prediction, and the
    /// gentle-leave task has exactly one solution (so a wrong server fails it).
    @Test func referenceAnswersMatchAndTheTaskHasOneSolution() throws {
        let sheet = try answers()
        let ring64 = PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: 64), keys: keys)
        guard case .response(let raw, _)? = sheet.entries["crash-ring"] else { Issue.record("no crash-ring answer"); return }
        #expect(Double(raw) == Double(ring64.perNode[2]))
        let one = PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: 1), keys: keys)
        #expect(one.perNode.indices.filter { one.perNode[$0] < 20 } == [3], "only n4's departure moves fewer than 20 keys")
        guard case .actions(let acts)? = sheet.entries["gentle-leave"] else { Issue.record("no gentle-leave answer"); return }
        #expect(acts == ["crash n4"])
    }

    /// Crashing the wrong server does not reach the task's goal.
    @Test func crashingTheBusiestServerFailsTheTask() throws {
        var entries = try answers().entries
        entries["gentle-leave"] = .actions(["crash n5"])
        let outcome = try LabPlayer.play(try lab(), answers: AnswerSheet(entries: entries))
        #expect(outcome.score == outcome.max - 1, "\(outcome.lines.joined(separator: "\n"))")
    }
}
