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
