import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport
@testable import LabKit

/// The sharding lab measures movement from the live membership; these tests
/// recompute with the real placement code what its predictions and tasks
/// rest on, so a change to a hashing scheme that flips an answer, or a task
/// that any move solves, fails here rather than in a classroom.
@Suite struct ShardingLabFiguresTests {
    static let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/sharding/sharding.yaml").path
    let keys = PlacementAnalysis.keys(1000)
    let five = NodeNames.standard(5)

    func lab() throws -> Lab {
        try LabLoader.load(SourceText(name: Self.path, text: String(contentsOfFile: Self.path, encoding: .utf8)))
    }

    func answers() throws -> AnswerSheet {
        let p = LabLibrary.answersPath(for: Self.path)
        return try AnswerSheet.load(SourceText(name: p, text: String(contentsOfFile: p, encoding: .utf8)))
    }

    func moved(_ rule: PlacementRule, without gone: Set<String>) -> Int {
        rule.moved(keys: keys, from: five, to: five.filter { !gone.contains($0) })
    }

    /// No step is a number to copy from a tool: every graded prediction is
    /// decided by a predicate on the run, and no `ask` stores a number.
    @Test func predictionsAreMeasuredNotStored() throws {
        for step in try lab().steps {
            if case .ask(let q) = step.kind, case .number = q.answer {
                Issue.record("step \(step.id ?? "?") stores a number answer")
            }
        }
        let predictions = try lab().steps.filter { if case .predict = $0.kind { return true } else { return false } }
        #expect(predictions.count >= 6)
    }

    /// The movements the predictions measure, with margins from the choice
    /// boundaries so that the reference answers are not a coin toss.
    @Test func theMeasuredMovementsAreClearOfTheBoundaries() {
        let mod = moved(.modulo, without: ["n5"]), ring = moved(.ring(virtualNodes: 64), without: ["n5"])
        let rendezvous = moved(.rendezvous, without: ["n5"])
        let jumpLast = moved(.jump, without: ["n5"]), jumpMiddle = moved(.jump, without: ["n3"])
        let onePoint = moved(.ring(virtualNodes: 1), without: ["n2"])
        #expect(mod >= 700, "mod N, n5 leaves: \(mod)")
        #expect(ring < 250, "ring:64, n5 leaves: \(ring)")
        #expect(abs(rendezvous - 200) <= 40, "rendezvous, n5 leaves: \(rendezvous)")
        #expect(jumpLast < 250, "jump, the last bucket leaves: \(jumpLast)")
        #expect(jumpMiddle >= 530, "jump, n3 leaves: \(jumpMiddle)")
        #expect(onePoint < 140, "ring:1, n2 leaves: \(onePoint)")
    }

    /// Each task has the solutions the reference answers and hints describe,
    /// and not every move solves it.
    @Test func theTasksHaveFewSolutions() {
        let pairs = five.indices.flatMap { i in five.indices.filter { $0 > i }.map { Set([five[i], five[$0]]) } }
        let jumpPairs = pairs.filter { moved(.jump, without: $0) < 450 }
        #expect(jumpPairs == [["n4", "n5"]], "jump, two leave, fewer than 450 moved: \(jumpPairs)")
        #expect(pairs.allSatisfy { abs(moved(.rendezvous, without: $0) - 400) < 80 }, "rendezvous: any two would do")
        let heavy = five.filter { moved(.ring(virtualNodes: 1), without: [$0]) > 350 }
        #expect(heavy == ["n1", "n5"], "ring:1, one leaves, more than 350 moved: \(heavy)")
    }

    @Test func theReferenceAnswersScoreFullMarks() throws {
        let outcome = try LabPlayer.play(try lab(), answers: try answers())
        #expect(outcome.score == outcome.max, "\(outcome.lines.joined(separator: "\n"))")
    }

    /// Taking the wrong servers away fails the tasks.
    @Test func theWrongServersFailTheTasks() throws {
        var entries = try answers().entries
        entries["jump-two-leave"] = .actions(["crash n3", "crash n5"])
        entries["heavy-leave"] = .actions(["crash n2"])
        let outcome = try LabPlayer.play(try lab(), answers: AnswerSheet(entries: entries))
        #expect(outcome.score == outcome.max - 3, "\(outcome.lines.joined(separator: "\n"))")
    }

    /// Figures the notes quote (partitioning.md's movement from 10 to 11
    /// servers and its range split points, consistent-hashing.md's max/mean
    /// with 1 and 64 points). The movement examples use another scale than
    /// the lab's 1000 keys on five servers, so they do not answer it.
    @Test func narratedFiguresHold() throws {
        let tenThousand = PlacementAnalysis.keys(10_000), ten = NodeNames.standard(10), eleven = NodeNames.standard(11)
        #expect(PlacementRule.modulo.moved(keys: tenThousand, from: ten, to: eleven) == 9070)
        #expect(PlacementRule.ring(virtualNodes: 64).moved(keys: tenThousand, from: ten, to: eleven) == 794)
        #expect(PlacementRule.rendezvous.moved(keys: tenThousand, from: ten, to: eleven) == 940)
        // consistent-hashing.md: "the busiest of five servers carries 1.99× the mean with one point, 1.19× with 16, 1.06× with 64".
        let spread = [1, 16, 64].map { (PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: $0), keys: tenThousand).maxOverMean * 100).rounded() }
        #expect(spread == [199, 119, 106], "\(spread)")
        let one = PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: 1), keys: keys)
        #expect((one.maxOverMean * 1000).rounded() == 1995)
        let sixtyFour = PlacementAnalysis.load(of: HashRing(nodes: five, virtualNodes: 64), keys: keys)
        #expect((sixtyFour.maxOverMean * 100).rounded() == 105)
        let splits = RangePartitioning.evenSplitPoints(of: keys, nodes: 5)
        #expect(splits == ["key279", "key459", "key639", "key819"])
        let range = try RangePartitioning(nodes: five, splitPoints: splits)
        #expect(Set((100...199).map { range.node(forKey: "key\($0)") }) == ["n1"])
    }
}
