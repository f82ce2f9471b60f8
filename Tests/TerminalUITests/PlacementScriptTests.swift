import ClusterProtocols
import Testing
@testable import TerminalUI

/// `placement --print --join J --leave L` (issue 12): the same figures as
/// pressing `+` and `-`, at a cost linear in the number of changes.
@Suite struct PlacementScriptTests {
    func pressed(_ p: PlacementState, joins: Int, leaves: Int) -> PlacementState {
        var app = AppState()
        app.screen = .placement
        app.placement = p
        for _ in 0..<joins { reduce(&app, .placement(.nodeJoined), nil) }
        for _ in 0..<leaves { reduce(&app, .placement(.nodeLeft), nil) }
        return app.placement!
    }

    @Test(arguments: PlacementScheme.allCases)
    func applyingChangesEqualsPressingTheKeys(_ scheme: PlacementScheme) {
        for (joins, leaves) in [(0, 0), (2, 0), (0, 3), (3, 5), (1, 9)] {
            var p = PlacementState(scheme: scheme, nodes: 6, keys: 500, virtualNodes: 8)
            let expected = pressed(p, joins: joins, leaves: leaves)
            p.apply(joins: joins, leaves: leaves)
            #expect(p == expected, "\(scheme) +\(joins) -\(leaves)")
        }
    }

    /// 199 leaves from 200 nodes: the key-by-key replay per change built
    /// ~20,000 maps (minutes with 1024 virtual nodes); now about two per change.
    @Test func leavingIsLinearInTheNumberOfLeaves() {
        let counter = PlacementBuilds.Counter()
        PlacementBuilds.$counter.withValue(counter) {
            var p = PlacementState(scheme: .ring, nodes: 200, keys: 1, virtualNodes: 2)
            p.apply(joins: 0, leaves: 199)
            #expect(p.nodes == ["n1"])
        }
        #expect(counter.builds <= 2 * 199 + 10, "\(counter.builds) shard maps built for 199 leaves")
    }
}
