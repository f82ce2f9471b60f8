import ClusterSim
import Testing
@testable import TerminalUI

/// The timeline, the clocks panel and the link editor: reducer and screens.
@Suite struct TimelineClocksLinkTests {
    let run = floodRun()
    var state = AppState()

    @Test mutating func tOpensTheTimelineFocusedOnTheNewestEvent() {
        run.run(steps: 30)
        reduce(&state, .timelineToggled, run)
        #expect(state.showsTimeline && state.focus == .timeline)
        #expect(state.timelineSelection == run.trace.count - 1)
        reduce(&state, .timelineToggled, run)
        #expect(!state.showsTimeline && state.focus == .cluster)
    }

    @Test mutating func arrowsMoveTheSelectedEventAndChangeLanes() {
        run.run(steps: 30)
        reduce(&state, .timelineToggled, run)
        let last = run.trace.count - 1
        reduce(&state, .selectionMoved(.up), run)
        #expect(state.timelineSelection == last - 1)
        reduce(&state, .selectionMoved(.down), run)
        reduce(&state, .selectionMoved(.down), run)
        #expect(state.timelineSelection == last, "stops at the newest")
        let lane = run.trace.events[last].node
        reduce(&state, .selectionMoved(.right), run)
        #expect(run.trace.events[state.timelineSelection!].node == (lane + 1) % 5)
        reduce(&state, .logScrolled(pages: 1), run)
        #expect(state.timelineSelection! < last - 10, "a page up moves the selection")
    }

    @Test mutating func tabVisitsOnlyThePanelsOnScreen() {
        reduce(&state, .timelineToggled, run)
        reduce(&state, .clocksToggled, run)
        var seen: [PanelID] = []
        for _ in 0..<3 { reduce(&state, .panelFocusCycled, run); seen.append(state.focus) }
        #expect(seen == [.log, .clocks, .timeline])
    }

    @Test mutating func theLinkEditorAppliesLatencyLossAndACutAsARecordedAction() {
        reduce(&state, .linkEditorOpened, run)
        guard case .linkEditor(let draft) = state.mode else { Issue.record("no editor"); return }
        #expect(draft.from == NodeID(0) && draft.to == NodeID(1))
        let keys: [Direction] = [.right, .down, .right, .right, .down, .right, .right, .down, .right]
        for d in keys { reduce(&state, .selectionMoved(d), run) }  // to n3, 5 ms, 5% loss, cut
        reduce(&state, .linkApplied, run)
        #expect(state.mode == .normal)
        let s = run.network.settings(from: NodeID(0), to: NodeID(2))
        #expect(s.latency == .constant(5_000) && s.loss == 0.05 && s.cut)
        #expect(!run.network.settings(from: NodeID(2), to: NodeID(0)).cut, "one way only")
        guard case .setLink(let from, let to, _)? = run.userActions.last?.action else { Issue.record("not recorded"); return }
        #expect(from == NodeID(0) && to == NodeID(2))
    }

    @Test mutating func theLinkEditorSetsARateAndClearsIt() {
        reduce(&state, .linkEditorOpened, run)
        for d: Direction in [.down, .down, .down, .down, .right, .right, .right] { reduce(&state, .selectionMoved(d), run) }
        reduce(&state, .linkApplied, run)
        #expect(run.network.settings(from: NodeID(0), to: NodeID(1)).rate == 1_000_000, "three steps down from unlimited: 1MB/s")
        reduce(&state, .linkEditorOpened, run)
        guard case .linkEditor(let draft) = state.mode else { Issue.record("no editor"); return }
        #expect(draft.value(.rate, run.layout) == "1MB/s", "the editor opens on the link's rate")
        for d: Direction in [.down, .down, .down, .down, .left, .left, .left, .left] { reduce(&state, .selectionMoved(d), run) }
        reduce(&state, .linkApplied, run)
        #expect(run.network.settings(from: NodeID(0), to: NodeID(1)).rate == nil, "left of the fastest is unlimited")
    }

    @Test mutating func cancellingTheLinkEditorChangesNothing() {
        reduce(&state, .linkEditorOpened, run)
        reduce(&state, .selectionMoved(.down), run)
        reduce(&state, .selectionMoved(.right), run)
        reduce(&state, .linkEditorCancelled, run)
        #expect(state.mode == .normal && run.userActions.isEmpty)
    }

    @Test func clockChangesAreTheNodesOfTheLatestStep() {
        let run = floodRun()
        run.run(steps: 40)
        let changes = ClockChanges(run)
        let last = run.trace.events.last!
        #expect(changes.lamport.contains(Int(last.node)))
        #expect(changes.entries[Int(last.node)]?.contains(Int(last.node)) == true, "a node's own entry ticks")
    }

    @Test func timelineShowsOnlyTheVisibleWindowOfALongTrace() {
        let run = floodRun()
        run.run(steps: 60_000)
        var state = AppState()
        reduce(&state, .timelineToggled, run)
        state.timelineSelection = 30_000
        let grid = render(state, run, Size(width: 120, height: 40))
        #expect(grid.text.contains("event 30000"))
        #expect(TimelinePanel.windowTop(count: run.trace.count, rows: 34, selected: 30_000) == 30_000 - 17)
    }

    @Test func screens() {
        let small = Size(width: 80, height: 24), large = Size(width: 120, height: 40)
        let (timeline, _) = screen(after: typed(":step 60") + [.enter, .char("t"), .up, .up, .up, .right], run: floodRun(), size: large)
        assertSnapshot(timeline, named: "timeline-selected-120x40")
        let (clocks, _) = screen(after: typed(":step 60") + [.enter, .char("v")], run: floodRun(), size: small)
        assertSnapshot(clocks, named: "clocks-80x24")
        let (link, _) = screen(after: [.right, .char("L"), .right, .down, .right, .right, .down, .right], run: floodRun(), size: small)
        assertSnapshot(link, named: "link-editor-80x24")
        let (help, _) = screen(after: [.char("?")], run: floodRun(), size: large)
        assertSnapshot(help, named: "help-120x40")
    }
}
