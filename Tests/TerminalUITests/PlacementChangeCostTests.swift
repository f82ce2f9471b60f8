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
        let counter = PlacementBuilds.Counter()
        PlacementBuilds.$counter.withValue(counter) {
            for _ in 0..<30 { reduce(&state, .placement(.nodeLeft), nil) }
        }
        // Per press: one step on the map, then the report's join and leave previews.
        #expect(counter.builds <= 3 * 30, "\(counter.builds) maps built; a replay per change builds 1 + 2 + … + 30 more")
        var p = state.placement!
        #expect(p.nodes == ["n1"])
        let kept = p.report
        p.refresh()  // the map rebuilt from the initial nodes and every change
        #expect(p.report == kept)
    }

    @Test func aBatchOfChangesIsLinearAndEndsAsTheSameChangesOneByOne() {
        var batch = PlacementState(scheme: .range, nodes: 8, keys: 400)
        let counter = PlacementBuilds.Counter()
        PlacementBuilds.$counter.withValue(counter) { batch.apply([.join, .join] + Array(repeating: .leave, count: 9)) }
        #expect(counter.builds <= 11 + 2, "one step per change, then the report's two previews: \(counter.builds)")
        var oneByOne = PlacementState(scheme: .range, nodes: 8, keys: 400)
        for change in [PlacementChange.join, .join] + Array(repeating: .leave, count: 9) { oneByOne.apply([change]) }
        #expect(batch == oneByOne)
        #expect(batch.nodes == ["n1"])
        #expect(batch.lastChange?.what == "leave n2")
    }
}
