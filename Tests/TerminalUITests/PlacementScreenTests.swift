import ClusterProtocols
import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// The placement screen (issue 7): keys switch scheme, join and remove
/// nodes, toggle virtual nodes and Zipf; the screen shows load bars with
/// max/mean, keys moved against the ideal, and hot keys.
@Suite struct PlacementScreenTests {
    func app(_ p: PlacementState = PlacementState(keys: 5_000)) -> AppState {
        var state = AppState()
        state.screen = .placement
        state.placement = p
        return state
    }

    func press(_ keys: [Key], _ state: inout AppState) {
        for k in keys { reduce(&state, .keyPressed(k), nil) }
    }

    @Test func joinKeyAddsANodeAndReportsWhatMovedAgainstTheIdeal() {
        var state = app()
        let predicted = state.placement!.report.join
        press([.char("+")], &state)
        let p = state.placement!
        #expect(p.nodes.count == 11 && p.nodes.last == "n11")
        #expect(p.lastChange == LastChange(what: "join n11", movement: predicted))
        #expect(predicted.movedOverIdeal > 0.8 && predicted.movedOverIdeal < 1.2, "ring, 128 vnodes: \(predicted)")
        let text = render(state, nil, Size(width: 80, height: 24)).text
        #expect(text.contains("last: join n11 moved \(predicted.moved) keys"), "\(text)")
        #expect(text.contains("ring · 11 nodes"))
        press([.char("-")], &state)
        #expect(state.placement!.nodes.count == 10 && state.placement!.lastChange?.what == "leave n11")
    }

    @Test func modNShowsAJoinMovingAlmostEverything() {
        var state = app(PlacementState(scheme: .modN, keys: 5_000))
        press([.char("+")], &state)
        let m = state.placement!.lastChange!.movement
        #expect(m.movedOverIdeal > 9, "\(m)")
        let text = render(state, nil, Size(width: 80, height: 24)).text
        #expect(text.contains("× ideal") && text.contains("Keys moved · mod-n"), "\(text)")
    }

    @Test func schemeKeyCyclesEverySchemeAndResetsTheCluster() {
        var state = app()
        press([.char("+")], &state)
        var seen: [PlacementScheme] = []
        for _ in PlacementScheme.allCases {
            press([.char("s")], &state)
            seen.append(state.placement!.scheme)
            #expect(state.placement!.nodes.count == 10 && state.placement!.lastChange == nil)
        }
        #expect(Set(seen) == Set(PlacementScheme.allCases) && seen.last == .ring)
        press([.char("S")], &state)
        #expect(state.placement!.scheme == .range)
    }

    @Test func vnodesToggleChangesTheRingsBalanceAndOnlyOnTheRing() {
        var state = app()
        let even = state.placement!.report.keyLoad.maxOverMean
        press([.char("v")], &state)
        let uneven = state.placement!.report.keyLoad.maxOverMean
        #expect(state.placement!.ringVirtualNodes == 1 && uneven > even + 0.3, "\(even) → \(uneven)")
        let text = render(state, nil, Size(width: 80, height: 24)).text
        #expect(text.contains("1 vnodes") && text.contains("max/mean \(PlacementText.number(uneven))"), "\(text)")
        press([.char("s"), .char("v")], &state)
        #expect(state.message?.isError == true, "vnodes off the ring is an error message")
    }

    @Test func zipfToggleShowsHotKeysAndRequestBars() {
        var state = app()
        var text = render(state, nil, Size(width: 80, height: 24)).text
        #expect(text.contains("press z for Zipf"))
        press([.char("z")], &state)
        let r = state.placement!.report
        #expect(r.hotKeys.first?.key == "key0" && r.requestLoad != nil)
        text = render(state, nil, Size(width: 80, height: 24)).text
        #expect(text.contains("Load · requests per node") && text.contains("key0") && text.contains("on \(r.hotKeys[0].node)"), "\(text)")
    }

    @Test func everyNodeHasABarScaledToTheBusiest() throws {
        let state = app(PlacementState(scheme: .ring, nodes: 5, keys: 5_000, virtualNodesOn: false))
        let grid = render(state, nil, Size(width: 80, height: 24))
        let load = state.placement!.report.keyLoad
        var widths: [Int] = []
        for (i, name) in state.placement!.nodes.enumerated() {
            let y = try #require((0..<24).first { grid.line($0).hasPrefix("│\(name) ") }, "no bar for \(name)")
            let line = grid.line(y)
            widths.append(line.filter { $0 == "█" }.count)
            #expect(line.contains(" \(load.perNode[i]) "), "\(line)")
        }
        let busiest = load.perNode.indices.max { load.perNode[$0] < load.perNode[$1] }!
        #expect(widths[busiest] == widths.max(), "\(widths) for \(load.perNode)")
        #expect(widths.contains { $0 < widths[busiest] * 3 / 4 }, "one point per node is uneven: \(widths)")
    }

    @Test func hintsAndHelpComeFromTheKeyMapAndSmallTerminalsSaySo() {
        var state = app()
        let hints = KeyMap.hints(for: state).map(\.hint)
        #expect(hints.contains("join") && hints.contains("leave") && hints.contains("zipf"))
        reduce(&state, .helpToggled, nil)
        let help = render(state, nil, Size(width: 100, height: 30)).text
        for b in KeyMap.placement { #expect(help.contains(b.help), "\(b.help)") }
        reduce(&state, .helpToggled, nil)
        let small = render(state, nil, Size(width: 60, height: 20)).text
        #expect(small.contains("terminal too small: need 80×24, have 60×20"))
        press([.escape], &state)
        #expect(state.shouldQuit, "escape quits when not opened from home")
    }
}

/// The placement screen as a tool on the home screen.
@Suite struct PlacementFromHomeTests {
    @Test func homeListsPlacementUnderToolsAndEscapeComesBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let workbench = Workbench(progressStore: ProgressStore(directory: dir), labsRoot: dir,
                                  coursewareRoot: dir.appendingPathComponent("Courseware"))
        var state = AppState()
        workbench.openHome(&state)
        let index = try #require(state.home.items.firstIndex { $0.target == .placement })
        #expect(state.home.items[index].section == "Tools")
        state.home.selected = index
        reduce(&state, .keyPressed(.enter), nil)
        workbench.drain(&state)
        #expect(state.screen == .placement && state.placement?.openedFromHome == true)
        reduce(&state, .keyPressed(.char("+")), nil)
        #expect(state.placement?.nodes.count == 11)
        reduce(&state, .keyPressed(.escape), nil)
        #expect(state.screen == .home && !state.shouldQuit)
        #expect(render(state, nil, Size(width: 80, height: 24)).text.contains("Open something"))
    }
}

/// Whole screens of the two views, kept as snapshots (re-record with CLUSTERLAB_RECORD_SNAPSHOTS=1).
@Suite struct ViewsSnapshotTests {
    @Test func placementAfterAJoinWithZipf() {
        var state = AppState()
        state.screen = .placement
        state.placement = PlacementState(scheme: .ring, nodes: 8, keys: 5_000, zipfOn: true)
        reduce(&state, .keyPressed(.char("+")), nil)
        assertSnapshot(render(state, nil, Size(width: 80, height: 24)), named: "placement-join-zipf-80x24")
    }

    @Test func membershipWithACrashedNode() {
        let run = MembershipPanelTests.run(.heartbeat, script: [(500_000, .crash(NodeID(2)))])
        run.run(until: VirtualTime(microseconds: 1_500_000))
        var state = AppState()
        state.displayedTime = run.now.microseconds
        reduce(&state, .membershipToggled, run)
        assertSnapshot(render(state, run, Size(width: 80, height: 24)), named: "membership-crashed-80x24")
    }
}

extension ViewsSnapshotTests {
    /// Terminals without Unicode get ASCII bars and phi marks, not question marks.
    @Test func asciiTerminalsGetPlainBarsAndPhi() {
        var state = AppState(glyphs: .ascii)
        state.screen = .placement
        state.placement = PlacementState(keys: 2_000)
        let placement = render(state, nil, Size(width: 80, height: 24)).text
        #expect(placement.contains("#") && placement.contains("| mean") && !placement.split(separator: "\n").dropLast().joined().contains("?"), "no unknown glyph above the hint bar:\n\(placement)")
        let run = MembershipPanelTests.run(.phi, script: [(1_000_000, .crash(NodeID(4)))])
        run.run(until: VirtualTime(microseconds: 2_000_000))
        var cluster = AppState(glyphs: .ascii)
        reduce(&cluster, .membershipToggled, run)
        let matrix = render(cluster, run, Size(width: 160, height: 40)).text
        #expect(matrix.contains("SUSP p99+") && matrix.contains("alive p0."), "\(matrix)")
    }
}
