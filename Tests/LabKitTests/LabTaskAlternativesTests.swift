import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// The replication and membership labs' tasks reject the tempting wrong
/// moves their hints warn about: each row replaces one task's reference
/// actions and expects exactly that task's points to be lost.
@Suite struct LabTaskAlternativesTests {
    struct Case: Sendable, CustomStringConvertible {
        let lab: String, task: String, actions: [String], why: String
        var description: String { "\(lab) \(task): \(actions)" }
    }

    static let cases: [Case] = [
        Case(lab: "replication/eventual-consistency", task: "exact-total", actions: ["heal", "request n2 inc 11"],
             why: "20 - 9 assumes the merge keeps the larger count; it sums the replicas' entries"),
        Case(lab: "replication/eventual-consistency", task: "exact-total", actions: ["request n2 inc 8"],
             why: "without a heal n1 never hears of the increment"),
        Case(lab: "membership/failure-detection", task: "suspect-a-live-server", actions: ["crash n2"],
             why: "the goal asks for a live server"),
        Case(lab: "membership/phi-accrual", task: "only-n1-suspects", actions: ["partition n5"],
             why: "a partition makes everybody suspect n5"),
        Case(lab: "membership/swim", task: "make-n1-suspect-n2", actions: ["cut n3 n2", "cut n4 n2"],
             why: "one indirect path (through n5) is enough to keep n2 alive"),
        Case(lab: "sharding/sharding", task: "jump-two-leave", actions: ["crash n1", "crash n2"],
             why: "jump hash renumbers every server after a gap; only the last two buckets can leave cheaply"),
        Case(lab: "sharding/sharding", task: "heavy-leave", actions: ["crash n4"],
             why: "n4's arc on a one-point ring is tiny"),
    ]

    @Test(arguments: cases)
    func aTemptingWrongMoveLosesTheTask(_ c: Case) throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/\(c.lab).yaml").path
        let lab = try LabLoader.load(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
        let answersPath = LabLibrary.answersPath(for: path)
        var entries = try AnswerSheet.load(SourceText(name: answersPath, text: String(contentsOfFile: answersPath, encoding: .utf8))).entries
        entries[c.task] = .actions(c.actions)
        let task = try #require(lab.steps.first { $0.id == c.task })
        let outcome = try LabPlayer.play(lab, answers: AnswerSheet(entries: entries))
        #expect(outcome.score == outcome.max - task.points, "\(c.why)\n\(outcome.lines.joined(separator: "\n"))")
    }
}
