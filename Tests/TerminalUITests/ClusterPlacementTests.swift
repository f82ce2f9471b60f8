import Testing
import ClusterSim
@testable import TerminalUI

/// Node boxes stay inside the cluster panel whatever the number of clients:
/// the balancer sandbox's six clients once wrapped below the panel's border
/// and over the hint bar.
@Suite struct ClusterPlacementTests {
    @Test(arguments: [(5, 1), (5, 4), (6, 6), (7, 10), (3, 16), (12, 8)])
    func everyBoxIsInsideThePanelAndNoneOverlap(servers: Int, clients: Int) {
        for area in [Rect(x: 1, y: 2, width: 66, height: 36), Rect(x: 1, y: 2, width: 78, height: 18)] {
            let layout = ClusterLayout(servers: servers, clients: clients)
            let placed = ClusterPanel.placeNodes(layout, bands: nil, in: area)
            #expect(placed.boxes.count == servers + clients)
            for (i, box) in placed.boxes.enumerated() {
                #expect(area.intersection(box) == box, "\(servers)+\(clients) in \(area): box \(i) \(box) leaves the panel")
                for (j, other) in placed.boxes.enumerated() where j > i {
                    #expect(!box.intersects(other), "\(servers)+\(clients) in \(area): boxes \(i) and \(j) overlap")
                }
            }
        }
    }
}

/// Issue 13, left over: partitioned at 80×24, bands shared the width equally,
/// so a band of eight shrank every box to "n1 f…" (and pushed n11 over the
/// panel's border) while bands of two had room to spare.
@Suite struct PartitionedPlacementTests {
    /// The whole name, and enough of the role to read it (`n10 flo…`).
    @Test func aBigBandGetsTheColumnsItNeedsAndEveryBoxKeepsItsNameAndRole() {
        let run = floodRun(nodes: 12)
        let keys = typed(":partition n1 n2 n7 n8 n9 n10 n11 n12 | n3 n4 | n5 n6") + [.enter]
        let (grid, _) = screen(after: keys, run: run, size: Size(width: 80, height: 24))
        for n in 1...12 {
            #expect(grid.text.contains("n\(n) flo"), "n\(n)'s name and role:\n\(grid.text)")
        }
        #expect(grid.text.contains("partition  in flight: none") && !grid.text.contains("= kin║"),
                "the footer's key is left out, not cut:\n\(grid.text)")
    }

    @Test(arguments: [[8, 2, 2], [3, 2, 2, 2], [10, 1], [2, 2, 2, 2]])
    func everyBandsBoxesAreInsideThePanelAndNoneOverlap(sizes: [Int]) {
        var next = 0
        let bands = sizes.map { k in defer { next += k }; return Array(next..<next + k) }
        for area in [Rect(x: 1, y: 2, width: 44, height: 17), Rect(x: 1, y: 2, width: 58, height: 33)] {
            let placed = NodePlacement(count: next, bands: bands, in: area)
            for (i, box) in placed.boxes.enumerated() {
                #expect(area.intersection(box) == box, "\(sizes) in \(area): box \(i) \(box) leaves the panel")
                for (j, other) in placed.boxes.enumerated() where j > i {
                    #expect(!box.intersects(other), "\(sizes) in \(area): boxes \(i) and \(j) overlap")
                }
                for wall in placed.walls { #expect(!(box.x...box.maxX - 1).contains(wall), "\(sizes): box \(i) on the wall at \(wall)") }
            }
        }
    }
}
