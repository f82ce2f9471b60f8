import ClusterProtocols
import Testing
@testable import TerminalUI

/// A join or leave costs one step on the map as it stands, not a replay of
/// every change since the start: `placement --print --nodes 200 --leave 199
/// --vnodes 1024` replayed 1 + 2 + … + 199 leaves (over 300 s).
@Suite struct PlacementChangeCostTests {
    @Test func eachLeaveIsOneStepAndTheMapMatchesAReplay() {
        var state = AppState()
        state.screen = .placement
        state.placement = PlacementState(scheme: .ring, nodes: 31, keys: 500, virtualNodes: 16)
        for _ in 0..<30 { reduce(&state, .placement(.nodeLeft), nil) }
        var p = state.placement!
        #expect(p.mapSteps == 30, "a replay per change would take 1 + 2 + … + 30 = 465 steps")
        #expect(p.nodes == ["n1"])
        let kept = p.report
        p.refresh()  // the map rebuilt from the initial nodes and every change
        #expect(p.report == kept)
    }

    @Test func aBatchOfChangesIsLinearAndEndsAsTheSameChangesOneByOne() {
        var batch = PlacementState(scheme: .range, nodes: 8, keys: 400)
        batch.apply([.join, .join] + Array(repeating: .leave, count: 9))
        #expect(batch.mapSteps == 11)
        var oneByOne = PlacementState(scheme: .range, nodes: 8, keys: 400)
        for change in [PlacementChange.join, .join] + Array(repeating: .leave, count: 9) { oneByOne.apply([change]) }
        #expect(batch == oneByOne)
        #expect(batch.nodes == ["n1"])
        #expect(batch.lastChange?.what == "leave n2")
    }
}
