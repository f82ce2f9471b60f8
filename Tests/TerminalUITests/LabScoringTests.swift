import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// Grading in the interface: the first answer counts (going back and
/// answering again is an attempt, not a new score), and each student sees
/// the choices in their own order, graded in the author's.
@Suite struct LabScoringTests {
    typealias Guide = LabGuideTests

    /// clocks-lamport-vs-vector: wrong, `]`, `[`, right → the question keeps 0, with two attempts saved.
    @Test func goingBackToAnswerAgainDoesNotChangeTheScore() throws {
        let (workbench, initial) = try Guide.open()
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        lab.clock = { 1_000 }
        Guide.answer("a", &state, workbench)
        #expect(state.guide?.verdict?.correct == false && lab.score == 0)
        Guide.press([.char("]")], &state, workbench)
        Guide.press([.char("[")], &state, workbench)
        #expect(lab.current?.id == "lamport-order")
        lab.clock = { 2_000 }
        Guide.answer("b", &state, workbench)
        #expect(state.guide?.verdict?.correct == true, "the answer is still graded, to learn from")
        #expect(state.guide?.verdict?.points == 0 && state.guide?.verdict?.message.contains("only your first answer counts") == true)
        #expect(lab.score == 0, "the first answer counts")
        let saved = try #require(workbench.progressStore.load().progress.labs[lab.lab.id])
        let q = try #require(saved.questions["lamport-order"])
        #expect(saved.score == 0)
        #expect(q.attempts.map(\.answer) == ["a", "b"] && q.attempts.map(\.at) == [1_000, 2_000])
        #expect(q.step == (lab.lab.index(of: "lamport-order") ?? -1) + 1, "steps count from 1")
        let row = try #require(ProgressExport(workbench.progressStore.load().progress).labs.first)
        #expect(row.score == 0 && row.attempts == 2 && row.questions.first?.attempts == 2)
    }

    @Test func aResumedLabKeepsItsAttempts() throws {
        let (workbench, initial) = try Guide.open()
        var state = initial
        Guide.answer("a", &state, workbench)
        Guide.press([.char("]"), .char("["), .char("q")], &state, workbench)
        let (again, reopened) = try Guide.open(store: workbench.progressStore)
        var state2 = reopened
        Guide.answer("b", &state2, again)
        let saved = try #require(again.progressStore.load().progress.labs["clocks-lamport-vs-vector"])
        #expect(saved.questions["lamport-order"]?.attempts.map(\.answer) == ["a", "b"] && saved.score == 0)
    }

    /// Another student's progress id shows the choices in another order;
    /// the letter they see for the right choice is graded right.
    @Test func choicesAreShownInTheStudentsOrderAndGradedInTheAuthors() throws {
        let store = ProgressStore(directory: try HomeTests.temporaryDirectory())
        try store.save(StudentProgress(id: "lab-guide-tests-7"))  // order [2, 1, 0] for the first question
        let (workbench, initial) = try Guide.open(store: store)
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        let step = try #require(lab.current)
        #expect(lab.choiceOrder(for: step).shown == [2, 1, 0])
        let screen = render(state, workbench.stage, Size(width: 120, height: 40)).text
        #expect(screen.contains("a) a and b are concurrent") && screen.contains("c) a happened before b"))
        Guide.press([.enter] + typed("b") + [.enter], &state, workbench)  // b is b: the middle one stays
        #expect(state.guide?.verdict?.correct == true)
        let saved = store.load().progress.labs[lab.lab.id]
        #expect(saved?.responses["lamport-order"] == "b" && saved?.choiceSeed == "lab-guide-tests-7",
                "saved in the author's letters, with the seed of the order shown")
    }

    @Test func aWrongLetterInTheStudentsOrderIsWrong() throws {
        let store = ProgressStore(directory: try HomeTests.temporaryDirectory())
        try store.save(StudentProgress(id: "lab-guide-tests-7"))
        let (workbench, initial) = try Guide.open(store: store)
        var state = initial
        Guide.press([.enter] + typed("a") + [.enter], &state, workbench)  // shown a = the author's c
        #expect(state.guide?.verdict?.correct == false)
        #expect(store.load().progress.labs["clocks-lamport-vs-vector"]?.responses["lamport-order"] == "c")
    }
}

/// The interface never saves over progress it could not use, and says so.
@Suite struct LabProgressSafetyTests {
    @Test func progressFromANewerVersionIsNeverOverwrittenByTheInterface() throws {
        let dir = try HomeTests.temporaryDirectory()
        let newer = Data(#"{"version": 999, "id": "x", "labs": {}}"#.utf8)
        try newer.write(to: dir.appendingPathComponent("progress.json"))
        let (workbench, initial) = try LabGuideTests.open(store: ProgressStore(directory: dir))
        var state = initial
        #expect(state.message?.isError == true && state.message?.text.contains("newer") == true, "\(state.message?.text ?? "")")
        LabGuideTests.answer("b", &state, workbench)
        LabGuideTests.press([.char("q")], &state, workbench)
        #expect(FileManager.default.contents(atPath: dir.appendingPathComponent("progress.json").path) == newer)
    }

    /// Answers from a reference file already in the progress are not the
    /// student's: the student's own first answer is what scores.
    @Test func aStudentsOwnFirstAnswerScoresAfterAReferencePlay() throws {
        let store = try LabGuideTests.store()
        let labPath = LabGuideTests.labPath
        let lab = try LabLoader.load(SourceText(name: labPath, text: String(contentsOfFile: labPath, encoding: .utf8)))
        let sheetPath = LabGuideTests.answersPath
        let sheet = try AnswerSheet.load(SourceText(name: sheetPath, text: String(contentsOfFile: sheetPath, encoding: .utf8)))
        var record = try LabPlayer.play(lab, answers: sheet).record
        record.position = 0; record.completed = false; record.responses = [:]  // as if reset, attempts kept
        try store.update { $0.labs[lab.id] = record }
        let (workbench, initial) = try LabGuideTests.open(store: store)
        var state = initial
        let runner = try #require(workbench.stage?.lab)
        #expect(runner.score == 0, "the reference answers are not the student's")
        LabGuideTests.answer("b", &state, workbench)
        #expect(runner.score == 1 && state.guide?.verdict?.points == 1)
        let saved = try #require(store.load().progress.labs[lab.id])
        #expect(saved.score == 1 && saved.source == .answersFile, "scored the student's own answer; still marked")
        #expect(runner.choiceSeed == "lab-guide-tests-3", "the student's own order, though the reference play had none")
    }
}
