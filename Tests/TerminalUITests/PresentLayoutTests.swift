import ClusterProtocols
import ClusterSim
import Testing
@testable import TerminalUI

/// The projector layout (`--present`, `P`): the cluster with larger boxes
/// and one log beside it, and nothing cut short at 100×30.
@Suite struct PresentLayoutTests {
    static let size = Size(width: 100, height: 30)

    func raftSandbox() throws -> ClusterRun {
        let source = ScenarioSource.sandbox("raft", servers: 5, seed: 1)
        return try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: source.name, text: source.text)))
    }

    func presenting(_ run: ClusterRun) -> AppState {
        var state = AppState()
        state.presenting = true
        state.displayedTime = run.now.microseconds
        return state
    }

    @Test func theClusterAndOneLogOnlyWithLargerBoxes() throws {
        let run = try raftSandbox()
        run.run(until: VirtualTime(microseconds: 400_000))
        let state = presenting(run)
        #expect(Set(ScreenLayout(Self.size, state).panels.keys) == [.cluster, .log])
        #expect(ScreenLayout.panelsShown(state) == [.cluster, .log], "tab visits what is on screen")
        let text = render(state, run, Self.size).text
        let widest = text.split(separator: "\n").compactMap { line -> Int? in
            guard let open = line.firstIndex(of: "╭"), let close = line[open...].firstIndex(of: "╮") else { return nil }
            return line.distance(from: open, to: close) + 1
        }.max() ?? 0
        #expect(widest >= 18, "node boxes at least 18 columns wide on a projector (\(widest)):\n\(text)")
        #expect(!text.contains("Inspector"))
    }

    @Test(arguments: [400_000, 1_500_000] as [Int64])
    func nothingIsCutAt100By30(_ until: Int64) throws {
        let run = try raftSandbox()
        run.run(until: VirtualTime(microseconds: 300_000))
        run.perform(.partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]), at: nil)
        run.run(until: VirtualTime(microseconds: until))
        let text = render(presenting(run), run, Self.size).text
        // A log strip that starts with "…" says older entries are not shown: a marker, not a cut line.
        let cut = text.replacingOccurrences(of: "│…", with: "│")
        #expect(!cut.contains("…"), "a line is cut at 100×30 (t=\(until)):\n\(text)")
    }

    @Test func aLabShowsTheClusterAndItsGuide() throws {
        var (workbench, state) = try LabGuideTests.open()
        state.presenting = true
        #expect(Set(ScreenLayout(Self.size, state).panels.keys) == [.cluster, .guide])
        let text = render(state, workbench.stage, Self.size).text
        #expect(text.contains("Guide · score 0/5") && !text.contains("…"), "the guide's title is not cut:\n\(text)")
        LabGuideTests.press([.tab], &state, workbench)
        #expect(state.focus == .cluster || state.focus == .guide)
    }

    @Test func pTogglesTheLayoutAndKeepsFocusOnScreen() {
        let run = floodRun()
        var state = AppState()
        state.focus = .inspector
        reduce(&state, .keyPressed(.char("P")), run)
        #expect(state.presenting && state.focus == .cluster)
        reduce(&state, .keyPressed(.char("P")), run)
        #expect(!state.presenting)
    }
}
