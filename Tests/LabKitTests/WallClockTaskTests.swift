import Foundation
import Testing
import ClusterSim
import TestSupport
@testable import LabKit

/// A task on a run of real processes is checked up to its whole limit, as a
/// `run: {until:}` step is: such a run hands control back every fraction of
/// a second, and a goal that takes longer (HAProxy marking a crashed backend
/// DOWN after its health checks) was judged "not done" at the first return.
@Suite(.serialized) struct WallClockTaskTests {
    static let lab = """
        id: wall-task
        title: A task on real processes
        topic: replication
        scenario:
          protocol: maelstrom
          nodes: 3
          clients: 1
          workload: {name: broadcast, rate: 10, topology: total}
        steps:
          - id: wait
            task:
              prompt: Wait.
              goal: "now >= 1500ms"
              limit: 5s
        """

    @Test(.enabled(if: MaelstromLabSupport.ready, "needs python3 for the Maelstrom reference node"))
    func aTaskOnAWallClockRunIsCheckedUpToItsLimit() throws {
        let lab = try LabLoader.load(SourceText(name: "wall-task.yaml", text: Self.lab))
        let runner = try LabRunner(lab: lab)
        defer { runner.end() }
        _ = runner.advance()
        let verdict = try #require(runner.checkTask())
        #expect(verdict.correct, "checked at \(runner.run.now): \(verdict.message)")
        #expect(runner.run.now.microseconds >= 1_500_000)
    }
}
