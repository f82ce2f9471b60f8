import ClusterSim
import ClusterProtocols
import Testing
@testable import TerminalUI

/// Whole screens, drawn through the run loop into `MemoryBackend` and kept
/// as text under `Snapshots/` (re-record with CLUSTERLAB_RECORD_SNAPSHOTS=1).
@Suite struct ScreenSnapshotTests {
    static let small = Size(width: 80, height: 24)
    static let large = Size(width: 120, height: 40)

    /// A run 40 events in, with n2 crashed and a message selected.
    static let busy: [Key] = typed(":step 40") + [.enter, .right, .char("c"), .char("m")]

    @Test(arguments: [small, large]) func opening(size: Size) {
        let (grid, _) = screen(after: [], run: floodRun(), size: size)
        assertSnapshot(grid, named: "opening-\(size.width)x\(size.height)")
    }

    @Test(arguments: [small, large]) func busyWithACrashedNode(size: Size) {
        let (grid, state) = screen(after: Self.busy, run: floodRun(), size: size)
        #expect(grid.text.contains("CRASHED"))
        #expect(state.selectedMessage != nil)
        assertSnapshot(grid, named: "busy-\(size.width)x\(size.height)")
    }

    @Test(arguments: [small, large]) func partitioned(size: Size) {
        let keys = Self.busy + typed(":partition n1 n2 | n3 n4 n5") + [.enter]
        let (grid, _) = screen(after: keys, run: floodRun(), size: size)
        #expect(grid.text.contains("PARTITIONED"))
        assertSnapshot(grid, named: "partitioned-\(size.width)x\(size.height)")
    }

    /// Raft with clients: servers on the circle, clients in a row apart from
    /// them, each node's term once and its log as term digits (committed bright).
    @Test(arguments: [small, large]) func raftWithClientsAndLogs(size: Size) throws {
        let run = try ProtocolCatalog.sandbox("raft", servers: 5, seed: 2)
        run.run(until: .ms(600))
        run.perform(.command(NodeID(0), "write x 3"), at: nil)
        run.perform(.command(NodeID(1), "write y 4"), at: nil)
        run.run(until: .ms(900))
        let (grid, _) = screen(after: [], run: run, size: size)
        #expect(grid.text.contains("c1") && grid.text.contains("c2"))
        #expect(!grid.text.contains("t=0s"), "a run opened part-way shows its own time")
        assertSnapshot(grid, named: "raft-\(size.width)x\(size.height)")
    }

    @Test func partitionEditor() {
        let keys = [.char("x"), .right, .right, .char("2"), .right, .char("2")] as [Key]
        let (grid, state) = screen(after: keys, run: floodRun(), size: Self.small)
        guard case .partitionEditor = state.mode else { Issue.record("editor closed"); return }
        assertSnapshot(grid, named: "partition-editor-80x24")
    }

    @Test func help() {
        let (grid, _) = screen(after: [.char("?")], run: floodRun(), size: Self.large)
        assertSnapshot(grid, named: "help-120x40")
    }

    @Test func commandError() {
        let (grid, _) = screen(after: typed(":frobnicate") + [.enter], run: floodRun(), size: Self.small)
        #expect(grid.line(22).hasPrefix("unknown command 'frobnicate' (try :help)"))
    }

    @Test func zoomedLogWithSearch() {
        let keys = typed(":step 60") + [.enter, .tab, .char("f"), .char("/")] + typed("n3") + [.enter]
        let (grid, _) = screen(after: keys, run: floodRun(), size: Self.small)
        assertSnapshot(grid, named: "log-zoomed-search-80x24")
    }

    @Test func asciiWhenTheLocaleIsNotUTF8() {
        let (grid, _) = screen(after: Self.busy, run: floodRun(), size: Self.small, glyphs: .ascii)
        #expect(grid.cells.allSatisfy { $0.scalar.isASCII || $0.isContinuation })
        assertSnapshot(grid, named: "busy-ascii-80x24")
    }

    @Test func sixteenNodesGoInAGrid() {
        let (grid, _) = screen(after: [], run: floodRun(nodes: 16), size: Self.large)
        for i in 1...16 { #expect(grid.text.contains("n\(i) ") || grid.text.contains("n\(i)│")) }
        assertSnapshot(grid, named: "sixteen-nodes-120x40")
    }

    @Test(arguments: [Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 40, height: 10)])
    func tooSmall(size: Size) {
        let grid = render(AppState(), floodRun(), size)
        #expect(grid.text.contains("terminal too small"))
        #expect(grid.text.contains("need 80×24, have \(size.width)×\(size.height)"))
        if size.width == 79 { assertSnapshot(grid, named: "too-small-79x24") }
    }
}

/// The run loop's pacing, with a fake wall clock.
@Suite struct AppLoopTests {
    @Test func pausedItBlocksOnInput() {
        let backend = MemoryBackend(script: [.key(.char("n"))])
        var t = 0.0
        AppLoop(run: floodRun(), backend: backend, clock: { t += 0.01; return t }).runUntilQuit()
        #expect(backend.waits.first! == nil, "waiting for the first key")
        #expect(backend.waits.last! == nil, "waiting after the frame for that key was drawn")
    }

    @Test func playingItWaitsWithATimeoutAndAdvancesTime() {
        let backend = MemoryBackend(script: [.key(.space)] + Array(repeating: .resized(Size(width: 80, height: 24)), count: 20)
                                    + [.key(.char("q"))])
        var t = 0.0
        let loop = AppLoop(run: floodRun(), backend: backend, clock: { t += 0.01; return t })
        loop.runUntilQuit()
        #expect(backend.waits.dropFirst().allSatisfy { $0 != nil && $0! <= AppLoop.frameInterval })
        #expect(loop.state.displayedTime > 0)
    }

    @Test func framesAreAtMostThirtyASecond() {
        let keys: [InputEvent] = Array(repeating: .key(.char("n")), count: 100) + [.key(.char("q"))]
        let backend = MemoryBackend(script: keys)
        var t = 0.0
        AppLoop(run: floodRun(), backend: backend, clock: { t += 0.001; return t }).runUntilQuit()
        // 100 keys in well under a second of fake time: far fewer frames than keys.
        #expect(backend.presentCount < 20)
        #expect(backend.presentCount >= 1)
    }
}
