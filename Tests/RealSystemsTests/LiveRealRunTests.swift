import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import RealSystems

/// A live real run held still (as a lab holds it while the student reads a
/// question) still runs its clients whenever it is run: a lab's `run:` and a
/// prediction's `then:` see the workload go on.
@Suite(.serialized, .enabled(if: RealHost.canMakeNamespaces && RealHost.hasPython, RealHost.reason))
struct LiveRealRunTests {
    @Test func aHeldRunRunsItsClientsWhileItIsRun() throws {
        let runner = RealClusterRunner(system: ToySystem(nodes: 1, clients: 2), seed: 5, runID: "cllive\(getpid())")
        try runner.start()
        let live = LiveRealRun(runner: runner)
        defer { live.end() }
        live.setFrozen(true)
        let before = runner.recorder.operations.count
        _ = live.advance(to: VirtualTime(microseconds: runner.elapsed + 1_500_000), stoppingWhen: { false })
        #expect(runner.recorder.operations.count > before + 4, "the clients stayed held while the run was run")
        let after = runner.recorder.operations.count
        usleep(400_000)
        runner.pump(maxWait: 0)
        #expect(runner.recorder.operations.count <= after + 2 * 2, "held again afterwards: at most an operation in flight per client completes")
    }
}
