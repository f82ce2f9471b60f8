import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// A lab's flow on screen: it opens at its start, says its runs in words,
/// numbers its questions, ends on a review that offers the next lab, and
/// its guide scrolls with PgUp/PgDn whatever has focus.
@Suite struct LabFlowTests {
    static let clocks = LabGuideTests.labPath
    static let election = HomeTests.labsRoot.appendingPathComponent("raft/leader-election.yaml").path

    static func openFresh(_ path: String) throws -> (Workbench, AppState) {
        let workbench = Workbench(progressStore: ProgressStore(directory: try HomeTests.temporaryDirectory()), labsRoot: HomeTests.labsRoot)
        var state = AppState()
        #expect(workbench.openLab(path: path, instructor: false, &state) == nil)
        return (workbench, state)
    }

    func words(_ text: String) throws -> String {
        PredicateWords.describe(Predicate(text: text, expr: try PredicateParser.parse(text)))
    }

    @Test func aLabOpensAtItsStartWithNothingRun() throws {
        let (workbench, initial) = try Self.openFresh(Self.clocks)
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        #expect(lab.position == 0 && lab.run.stepCount == 0, "nothing ran before the student asked")
        #expect(state.guide?.transcript.allSatisfy { if case .narration = $0 { return true } else { return false } } == true)
        let text = render(state, workbench.stage, Size(width: 120, height: 40)).text
        #expect(text.contains("] start the lab"), "\(text)")
        let narrow = render(state, workbench.stage, Size(width: 80, height: 24)).text
        #expect(narrow.contains("] start the lab"), "the way in is whole at 80×24:\n\(narrow)")
        LabGuideTests.press([.char("]")], &state, workbench)
        #expect(lab.current?.id == "lamport-order" && lab.run.stepCount > 0)
    }

    @Test func predicatesReadAsSentences() throws {
        #expect(try words("n1.role == candidate") == "n1 is a candidate")
        #expect(try words("n5.role == leader") == "n5 is the leader")
        #expect(try words("n1.role == candidate && n2.role == candidate && n3.role == candidate")
                == "n1, n2 and n3 are candidates")
        #expect(try words("any(term >= 2)") == "some server's term is at least 2")
        #expect(try words("!leader.up") == "no leader is up")
        #expect(try words("leader.up") == "a leader is up")
        #expect(try words("count(up) == 3") == "3 servers are up")
        #expect(try words("all(up) && converged(term)") == "every server is up and every server has the same term")
        #expect(try words("now >= 6500000") == "the time is at least 6.5s")
        #expect(try words("partitioned(n1, n2)") == "n1 and n2 are cut off from each other")
        #expect(try words("log_length(n3) == 4") == "n3's log length is 4")
        #expect(try words("mystery(n1) > 2") == "mystery(n1) is more than 2", "no words: the syntax stays")
    }

    @Test func theGuideSaysARunsConditionInWordsAndNumbersItsQuestions() throws {
        let (workbench, initial) = try Self.openFresh(Self.election)
        var state = initial
        var text = render(state, workbench.stage, Size(width: 120, height: 40)).text
        #expect(text.contains("Question 1 of "), "\(text)")
        LabGuideTests.answer("3", &state, workbench)
        LabGuideTests.press([.char("]")], &state, workbench)
        let ran: [String] = state.guide?.transcript.compactMap { e -> String? in if case .ran(let d, _) = e { return d } else { return nil } } ?? []
        #expect(ran.first?.hasPrefix("ran until n1, n2, n3, n4 and n5 are candidates") == true, "\(ran)")
        text = render(state, workbench.stage, Size(width: 120, height: 40)).text
        #expect(text.contains("Predict 2 of "), "\(text)")
        #expect(!text.contains("n1.role == candidate"))
    }

    @Test func theFinishScreenReviewsEachAnswerAndOpensTheNextLab() throws {
        let sheet = try AnswerSheet.load(SourceText(name: LabGuideTests.answersPath,
                                                    text: String(contentsOfFile: LabGuideTests.answersPath, encoding: .utf8)))
        let (workbench, initial) = try LabGuideTests.open()
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        var first = true
        while let step = lab.current, let id = step.id {
            switch sheet.entries[id] {
            case .response(let raw, _)?: LabGuideTests.answer(first ? "a" : raw, &state, workbench)  // the first one wrong
            case .actions(let actions)?:
                for a in actions { LabGuideTests.press([.char(":")] + typed(a) + [.enter], &state, workbench) }
                LabGuideTests.press([.enter], &state, workbench)
            case nil: Issue.record("no answer for \(id)"); return
            }
            first = false
            LabGuideTests.press([.char("]")], &state, workbench)
        }
        #expect(lab.isFinished)
        let next = try #require(state.guide?.nextLab)
        #expect(next.path.hasSuffix("clocks/happens-before.yaml"), "the next lab in teaching order: \(next.path)")
        let text = render(state, workbench.stage, Size(width: 120, height: 40)).text
        #expect(text.contains("1. ✗ 0/1"), "the wrong first answer:\n\(text)")
        #expect(text.contains("2. ✓ 1/1"), "\(text)")
        #expect(text.contains("your answer: a"), "\(text)")
        #expect(text.contains("Next: \(next.title)") || text.contains("enter: next lab"), "\(text)")
        LabGuideTests.press([.enter], &state, workbench)
        #expect(workbench.stage?.lab?.lab.id == "clocks-happens-before", "enter opened the next lab")
    }

    @Test func aNarrowGuideKeepsTheScoreInItsTitle() throws {
        let (workbench, state) = try LabGuideTests.open()
        let text = render(state, workbench.stage, Size(width: 80, height: 24)).text
        #expect(text.contains("score 0/5 · Lamport"), "the score is not what gets cut:\n\(text)")
        #expect(render(state, workbench.stage, Size(width: 120, height: 40)).text
                .contains("Lamport timestamps versus vector clocks · score 0/5"), "a wide guide keeps the full title")
    }

    @Test func pageKeysScrollTheGuideWhicheverPanelHasFocus() throws {
        let (workbench, initial) = try LabGuideTests.open()
        var state = initial
        state.focus = .cluster
        LabGuideTests.press([.pageUp], &state, workbench)
        #expect(state.guide?.scroll == 8 && state.focus == .cluster)
        LabGuideTests.press([.pageDown, .pageDown], &state, workbench)
        #expect(state.guide?.scroll == 0)
        #expect(HelpOverlay.sections(state).flatMap(\.entries).contains { $0.key == "pgup" && $0.text.contains("guide") })
    }
}
