import Testing
import TestSupport
@testable import LabKit

/// The shipped labs in the order a student meets them.
@Suite struct TeachingOrderTests {
    let entries = LabLibrary(root: BuiltBinary.packageRoot.appendingPathComponent("Labs")).entries

    @Test func everyShippedLabsTopicIsInTheDeclaredOrder() {
        #expect(!entries.isEmpty)
        for e in entries {
            #expect(TeachingOrder.topicOrder.contains(e.topic), "\(e.id): topic '\(e.topic)' is not in TeachingOrder.topicOrder")
        }
    }

    @Test func theTutorialComesFirstAndEveryLabAfterItsPrerequisites() {
        let order = TeachingOrder.sorted(entries).map(\.id)
        #expect(order.count == entries.count)
        #expect(order.first == "tutorial-gossip-partition")
        for e in entries {
            for p in e.prerequisites {
                guard let i = order.firstIndex(of: p) else { Issue.record("\(e.id): unknown prerequisite \(p)"); continue }
                #expect(i < order.firstIndex(of: e.id)!, "\(e.id) is listed before its prerequisite \(p)")
            }
        }
    }

    @Test func aTopicsLabsStayTogether() {
        let topics = TeachingOrder.sorted(entries).map(\.topic)
        var seen: [String] = []
        for t in topics where seen.last != t {
            #expect(!seen.contains(t), "topic \(t) is split: \(topics)")
            seen.append(t)
        }
    }

    @Test func prerequisitesWinOverTheDeclaredTopicOrder() {
        func lab(_ id: String, _ topic: String, _ needs: [String] = []) -> LabLibrary.Entry {
            LabLibrary.Entry(id: id, title: id, topic: topic, minutes: 1, summary: "", path: "/\(topic)/\(id).yaml", prerequisites: needs)
        }
        // `cap` is declared before `clocks`, but here a cap lab needs a clocks lab.
        let order = TeachingOrder.sorted([lab("c2", "cap", ["k1"]), lab("k1", "clocks"), lab("r2", "raft", ["r1"]), lab("r1", "raft")])
        #expect(order.map(\.id) == ["r1", "r2", "k1", "c2"])
    }
}

/// "question 3 of 8" on the home screen, from the lab file's header.
@Suite struct LabEntryQuestionTests {
    @Test func questionsAreCountedFromTheStepsThatAskOrSetATask() throws {
        let entries = LabLibrary(root: BuiltBinary.packageRoot.appendingPathComponent("Labs")).entries
        let election = try #require(entries.first { $0.id == "raft-leader-election" })
        #expect(election.questions.first == 1, "step 0 narrates, step 1 asks")
        #expect(election.question(at: 0).number == 1)
        #expect(election.question(at: 2).number == 2)
        #expect(election.question(at: election.steps).number == election.questions.count, "never past the last")
        for e in entries { #expect(!e.questions.isEmpty, "\(e.id) has questions") }
    }
}
