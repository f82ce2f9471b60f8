import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// The CAP lab in the interface: its `use: cp` step swaps the run on the
/// stage (the quorum store's boxes give way to Raft's), and going back to a
/// question before it brings the quorum store's run back, as it was.
@Suite struct LabScenarioSwitchUITests {
    static let capPath = HomeTests.labsRoot.appendingPathComponent("cap/cap.yaml").path

    @Test func aUseStepSwapsTheStagesRunAndGoingBackRestoresIt() throws {
        let sheet = try AnswerSheet.load(SourceText(name: LabLibrary.answersPath(for: Self.capPath),
                                                    text: String(contentsOfFile: LabLibrary.answersPath(for: Self.capPath), encoding: .utf8)))
        let (workbench, initial) = try LabGuideTests.open(path: Self.capPath)
        var state = initial
        let lab = try #require(workbench.stage?.lab)
        #expect(workbench.stage?.run.protocolName == "quorum")
        let quorumRun = try #require(workbench.stage?.run)
        // Answer up to the first question on the CP side.
        while let step = lab.current, let id = step.id, id != "cp-minority" {
            switch sheet.entries[id] {
            case .response(let raw, _)?: LabGuideTests.answer(raw, &state, workbench)
            case .actions(let actions)?:
                for a in actions { LabGuideTests.press([.char(":")] + typed(a) + [.enter], &state, workbench) }
                LabGuideTests.press([.enter], &state, workbench)
            case nil: Issue.record("no answer for \(id)"); return
            }
            #expect(state.guide?.verdict?.correct == true, "\(id): \(state.guide?.verdict?.message ?? "no verdict")")
            state.selectedNode = NodeID(2)
            LabGuideTests.press([.char("]")], &state, workbench)
        }
        let stage = try #require(workbench.stage)
        #expect(stage.run.protocolName == "raft" && stage.run === lab.run, "the stage shows the lab's new run")
        #expect(state.displayedTime == stage.run.now.microseconds && state.selectedNode == NodeID(0))
        #expect(state.guide?.transcript.contains { if case .started(scenario: "cp", _) = $0 { return true } else { return false } } == true)
        let frame = render(state, stage, Size(width: 120, height: 40)).text
        #expect(frame.contains("term"), "Raft's boxes are drawn:\n\(frame)")

        // Back to the last question before `use: cp`: the quorum store's run, where it was.
        LabGuideTests.press([.char("[")], &state, workbench)
        #expect(lab.current?.id == "reconverge")
        #expect(workbench.stage?.run === quorumRun && state.displayedTime == quorumRun.now.microseconds)
        // Forward again: a fresh Raft run, the same as before.
        for a in ["heal"] { LabGuideTests.press([.char(":")] + typed(a) + [.enter], &state, workbench) }
        LabGuideTests.press([.enter, .char("]")], &state, workbench)
        #expect(lab.current?.id == "cp-minority" && workbench.stage?.run.protocolName == "raft")
    }
}
