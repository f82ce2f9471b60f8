import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// The lab guide pane, played through the interface's own keys on the clocks
/// lab (which its reference answers take to full score), with progress in a
/// temporary folder.
@Suite struct LabGuideTests {
    static let labPath = HomeTests.labsRoot.appendingPathComponent("clocks/lamport-vs-vector.yaml").path
    static let answersPath = LabLibrary.answersPath(for: HomeTests.labsRoot.appendingPathComponent("clocks/lamport-vs-vector.yaml").path)

    /// A workbench with the lab open and its state.
    static func open(instructor: Bool = false, store: ProgressStore? = nil, path: String = labPath) throws -> (Workbench, AppState) {
        let store = try store ?? Self.store()
        let workbench = Workbench(progressStore: store, labsRoot: HomeTests.labsRoot)
        var state = AppState()
        let problem = workbench.openLab(path: path, instructor: instructor, &state)
        #expect(problem == nil, "\(problem ?? "")")
        // A fresh lab opens at its start (LabFlowTests); these tests begin at its first question.
        if let lab = workbench.stage?.lab, LabFlow.atStart(lab) {
            let message = state.message
            press([.char("]")], &state, workbench)
            state.message = message
        }
        return (workbench, state)
    }

    /// A fresh store whose progress id shows the first question's choices in
    /// the author's order (another id shuffles them), so snapshots show the lab as written.
    static func store() throws -> ProgressStore {
        let store = ProgressStore(directory: try HomeTests.temporaryDirectory())
        try store.save(StudentProgress(id: "lab-guide-tests-3"))
        return store
    }

    /// Presses keys through the reducer, letting the workbench do the effects.
    static func press(_ keys: [Key], _ state: inout AppState, _ workbench: Workbench) {
        for k in keys {
            reduce(&state, .keyPressed(k), workbench.stage)
            workbench.drain(&state)
        }
    }

    /// Answers in the author's letters, typed as this student sees the choices.
    static func answer(_ text: String, _ state: inout AppState, _ workbench: Workbench) {
        var shown = text
        if let lab = workbench.stage?.lab, let step = lab.current, let r = LabResponse(text, for: step),
           case .choices(let picked) = r, picked.allSatisfy({ $0 < step.choiceCount }) {
            shown = lab.choiceOrder(for: step).shownResponse(r).description
        }
        press([.enter] + typed(shown) + [.enter], &state, workbench)
    }

    @Test func openingStopsAtTheFirstQuestionWithTheNarrationAbove() throws {
        let (workbench, state) = try Self.open()
        let lab = try #require(workbench.stage?.lab)
        #expect(lab.current?.id == "lamport-order")
        #expect(state.focus == .guide && state.showsClocks, "a clocks lab shows the clocks")
        #expect(state.guide?.transcript.contains { if case .narration = $0 { return true } else { return false } } == true)
    }

    @Test func theReferenceAnswersTypedAtTheKeysScoreFullMarksAndAreSaved() throws {
        let sheet = try AnswerSheet.load(SourceText(name: Self.answersPath, text: String(contentsOfFile: Self.answersPath, encoding: .utf8)))
        let (workbench, initial) = try Self.open()
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        while let step = lab.current, let id = step.id {
            switch sheet.entries[id] {
            case .response(let raw, _)?: Self.answer(raw, &state, workbench)
            case .actions(let actions)?:
                for a in actions { Self.press([.char(":")] + typed(a) + [.enter], &state, workbench) }
                Self.press([.enter], &state, workbench)  // check the task
            case nil: Issue.record("no answer for \(id)"); return
            }
            #expect(state.guide?.verdict?.correct == true, "\(id): \(state.guide?.verdict?.message ?? "no verdict")")
            Self.press([.char("]")], &state, workbench)
        }
        #expect(lab.isFinished && lab.score == lab.lab.maxScore && lab.score == 5)
        let saved = workbench.progressStore.load().progress.labs[lab.lab.id]
        #expect(saved?.completed == true && saved?.score == 5)
    }

    @Test func reopeningResumesAtTheNextStep() throws {
        let (workbench, initial) = try Self.open()
        var state = initial
        Self.answer("b", &state, workbench)
        #expect(state.guide?.verdict?.correct == true)
        Self.press([.char("q")], &state, workbench)
        #expect(state.mode == .confirm(.leaveLab(toHome: false)), "a lab part-way asks before quitting")
        Self.press([.char("y")], &state, workbench)
        #expect(state.shouldQuit)
        let (again, reopened) = try Self.open(store: workbench.progressStore)
        #expect(again.stage?.lab?.current?.id == "vector-entries")
        #expect(again.stage?.lab?.score == 1)
        #expect(reopened.message?.text.contains("resumed") == true)
    }

    @Test func aWrongAnswerIsMarkedAndBackForgetsIt() throws {
        let (workbench, initial) = try Self.open()
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        Self.answer("a", &state, workbench)
        #expect(state.guide?.verdict?.correct == false && lab.score == 0)
        Self.press([.char("]")], &state, workbench)
        #expect(lab.current?.id == "vector-entries")
        Self.press([.char("[")], &state, workbench)
        #expect(lab.current?.id == "lamport-order" && state.guide?.verdict == nil)
        Self.answer("z", &state, workbench)
        #expect(state.message?.isError == true, "a letter past the choices is refused")
        #expect(lab.current?.id == "lamport-order")
    }

    @Test func reRunningAStepPlaysItAgainToTheSameCluster() throws {
        let (workbench, initial) = try Self.open()
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        let (step, clock) = (lab.run.stepCount, lab.run.vectorClock(of: NodeID(1)))
        Self.press([.char("R")], &state, workbench)
        #expect(lab.current?.id == "lamport-order" && state.message?.text == "this step again, from its start")
        #expect(lab.run.stepCount == step && lab.run.vectorClock(of: NodeID(1)) == clock, "deterministic: the same cluster")
        Self.answer("b", &state, workbench)
        Self.press([.char("]")], &state, workbench)
        Self.press([.char("R")], &state, workbench)
        #expect(lab.current?.id == "vector-entries" && lab.score == 1, "nothing runs between the two questions")
        Self.answer("3", &state, workbench)
        Self.press([.char("R")], &state, workbench)
        #expect(lab.current?.id == "vector-entries" && lab.score == 1 && state.guide?.verdict == nil, "asked again")
    }

    @Test func theClusterIsTheStudentsOnlyDuringATaskAndTimeIsTheLabs() throws {
        let (workbench, initial) = try Self.open()
        var state = initial
        let run = try #require(workbench.stage?.run)
        let (step, actions) = (run.stepCount, run.userActions.count)  // the lab's own `for:` steps record clock moves
        Self.press([.char("c"), .char("n"), .space], &state, workbench)
        #expect(run.userActions.count == actions && run.stepCount == step && !state.isPlaying)
        #expect(state.message?.text.contains("lab") == true)
    }

    @Test func aCorruptProgressFileIsReportedAndTheLabStartsAfresh() throws {
        let dir = try HomeTests.temporaryDirectory()
        try Data("{ not json".utf8).write(to: dir.appendingPathComponent("progress.json"))
        let (workbench, state) = try Self.open(store: ProgressStore(directory: dir))
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("could not be read") == true)
        #expect(workbench.stage?.lab?.current?.id == "lamport-order")
        let kept = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(kept.contains { $0.hasPrefix("progress.corrupt-") }, "the bad file is kept aside")
    }

    @Test func instructorModeShowsAnswersNotesAndJumpsBetweenCheckpoints() throws {
        // The shipped lab plus presenter notes and a second checkpoint.
        var text = try String(contentsOfFile: Self.labPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "  - id: lamport-order\n", with: "  - id: lamport-order\n    notes: Ask the room first.\n")
        text = text.replacingOccurrences(of: "  - do: heal\n", with: "  - do: heal\n  - checkpoint: healed\n")
        let file = try HomeTests.temporaryDirectory().appendingPathComponent("lab.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let (workbench, initial) = try Self.open(instructor: true, path: file.path)
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        let screen = render(state, workbench.stage, Size(width: 120, height: 40)).text
        #expect(screen.contains("b) b did not happen before a ✓"))
        #expect(screen.contains("Notes: Ask the room first."))
        Self.press([.char("g")], &state, workbench)
        #expect(lab.position > lab.lab.checkpoints[1].index, "past the second checkpoint")
        #expect(lab.current?.id == "isolate-n3")
        Self.press([.char("G")], &state, workbench)
        #expect(lab.current?.id == "lamport-order", "back from 'healed' to 'warmed-up'")
        Self.press([.char("G")], &state, workbench)
        #expect(state.message?.text == "no checkpoint before this")
        Self.press([.char("g")], &state, workbench)
        #expect(lab.current?.id == "isolate-n3", "on to 'healed' again")
        Self.press([.char("q")], &state, workbench)
        #expect(workbench.progressStore.load().progress.labs.isEmpty, "an instructor's demo saves no progress")
    }

    @Test func screens() throws {
        let (workbench, initial) = try Self.open()
        var state = initial
        assertSnapshot(render(state, workbench.stage, Size(width: 120, height: 40)), named: "lab-question-120x40")
        Self.answer("b", &state, workbench)
        assertSnapshot(render(state, workbench.stage, Size(width: 80, height: 24)), named: "lab-answered-80x24")
        let (instructor, instructorState) = try Self.open(instructor: true)
        assertSnapshot(render(instructorState, instructor.stage, Size(width: 120, height: 40)), named: "lab-instructor-120x40")
    }
}
