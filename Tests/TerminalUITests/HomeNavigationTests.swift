import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// The home screen as a student finds it: labs in teaching order, the lab
/// in progress first, scores that read as scores, scroll indicators, and
/// Home/End and `/` to get around a long list.
@Suite struct HomeNavigationTests {
    static func workbench(_ progress: StudentProgress = StudentProgress()) throws -> Workbench {
        let dir = try HomeTests.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try store.save(progress)
        return Workbench(progressStore: store, labsRoot: HomeTests.labsRoot, coursewareRoot: dir.appendingPathComponent("Courseware"))
    }

    static func record(position: Int, score: Int, of max: Int, completed: Bool = false, updated: Double) -> StudentProgress.LabRecord {
        let json = #"{"title": "", "topic": "", "position": \#(position), "responses": {"q": "b"}, "score": \#(score), "#
            + #""maxScore": \#(max), "completed": \#(completed), "updated": \#(updated)}"#
        return try! JSONDecoder().decode(StudentProgress.LabRecord.self, from: Data(json.utf8))
    }

    func home(_ progress: StudentProgress = StudentProgress()) throws -> AppState {
        var state = AppState()
        try Self.workbench(progress).openHome(&state)
        return state
    }

    @Test func labsAreInTeachingOrderWithTheTutorialFirst() throws {
        let state = try home()
        let labs = state.home.items.filter { $0.section.hasPrefix("Labs") }
        #expect(labs.first?.title.lowercased().contains("tutorial") == true, "first lab: \(labs.first?.title ?? "none")")
        let raft = labs.firstIndex { $0.title.hasPrefix("Raft leader election") }!
        let partitions = labs.firstIndex { $0.target == .lab(path: HomeTests.labsRoot.appendingPathComponent("raft/partitions.yaml").path) }!
        let cap = labs.firstIndex { $0.section == "Labs · cap" }!
        #expect(raft < partitions && partitions < cap, "cap-cp-vs-ap needs raft-partitions, which needs leader election")
    }

    @Test func theLabInProgressIsOfferedFirstWithItsStepAndScore() throws {
        var progress = StudentProgress()
        progress.labs["raft-leader-election"] = Self.record(position: 2, score: 1, of: 8, updated: 200)
        progress.labs["clocks-lamport-vs-vector"] = Self.record(position: 4, score: 2, of: 4, updated: 100)
        progress.labs["raft-log-replication"] = Self.record(position: 9, score: 5, of: 5, completed: true, updated: 300)
        let state = try home(progress)
        let first = state.home.items[0]
        #expect(first.title.hasPrefix("Continue: Raft leader election"), "the latest unfinished lab: \(first.title)")
        // Step index 2 of raft-leader-election is past its first question (step 1): the second is next.
        #expect(first.detail.hasPrefix("question 2 of ") && first.detail.hasSuffix(" · score 1/8"), "\(first.detail)")
        #expect(state.home.selected == 0)
        let done = state.home.items.first { $0.section == "Labs · raft" && $0.title.hasPrefix("Raft log replication") }
        #expect(done?.detail.hasSuffix("done · score 5/5") == true, "\(done?.detail ?? "missing")")
        let grid = render(state, nil, Size(width: 80, height: 24))
        #expect(grid.text.contains("Continue: Raft leader election"))
    }

    @Test func nothingInProgressMeansNoContinueItem() throws {
        var progress = StudentProgress()
        progress.labs["raft-log-replication"] = Self.record(position: 9, score: 5, of: 5, completed: true, updated: 300)
        let state = try home(progress)
        #expect(!state.home.items.contains { $0.section == HomeState.continueSection })
    }

    @Test func homeEndAndPagesMoveThroughTheList() throws {
        var state = try home()
        reduce(&state, .keyPressed(.end), nil)
        #expect(state.home.selected == state.home.items.count - 1)
        reduce(&state, .keyPressed(.pageUp), nil)
        #expect(state.home.selected == state.home.items.count - 11)
        reduce(&state, .keyPressed(.home), nil)
        #expect(state.home.selected == 0)
    }

    @Test func theListShowsWhatIsScrolledOutOfView() throws {
        var state = try home()
        func frameLines(_ grid: CellGrid) -> (top: Substring, bottom: Substring) {
            let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
            return (lines[1], lines[grid.size.height - 3])
        }
        var frame = frameLines(render(state, nil, Size(width: 80, height: 24)))
        #expect(frame.bottom.contains("↓ ") && frame.bottom.contains(" more"), "more below: \(frame.bottom)")
        #expect(!frame.top.contains("more"), "nothing above: \(frame.top)")
        reduce(&state, .keyPressed(.end), nil)
        frame = frameLines(render(state, nil, Size(width: 80, height: 24)))
        #expect(frame.top.contains("↑ ") && frame.top.contains(" more"), "more above: \(frame.top)")
        #expect(!frame.bottom.contains("more"), "nothing below: \(frame.bottom)")
    }

    @Test func slashSearchesAsYouTypeAndNFindsTheNext() throws {
        var state = try home()
        for k in [Key.char("/")] + typed("raft") { reduce(&state, .keyPressed(k), nil) }
        let first = state.home.selected
        #expect(state.home.items[first].title.lowercased().contains("raft") || state.home.items[first].section.contains("raft"))
        #expect(render(state, nil, Size(width: 80, height: 24)).text.contains("/raft_"), "the prompt shows / and the text")
        reduce(&state, .keyPressed(.enter), nil)
        #expect(state.mode == .normal && state.home.search == "raft")
        reduce(&state, .keyPressed(.char("n")), nil)
        #expect(state.home.selected > first)
        // Esc during a search goes back to where the selection was.
        let before = state.home.selected
        for k in [Key.char("/")] + typed("zzz-nothing") { reduce(&state, .keyPressed(k), nil) }
        #expect(state.message?.isError == true)
        reduce(&state, .keyPressed(.escape), nil)
        #expect(state.home.selected == before && state.mode == .normal)
    }
}
