import Testing
import ClusterSim
import TerminalUI
import TestSupport

/// A memory terminal that also notes how many engine steps the run had
/// taken each time the loop came back to read the keyboard.
final class StepCountingBackend: TerminalBackend {
    let inner: MemoryBackend
    let run: ClusterRun
    private(set) var stepsAtRead: [Int64] = []
    init(_ inner: MemoryBackend, run: ClusterRun) { self.inner = inner; self.run = run }
    var size: Size { inner.size }
    var supportsUnicode: Bool { inner.supportsUnicode }
    func present(_ grid: CellGrid) { inner.present(grid) }
    func nextInput(timeout: Double?) -> InputEvent? {
        stepsAtRead.append(run.stepCount)
        return inner.nextInput(timeout: timeout)
    }
    func restore() { inner.restore() }
}

/// The interface reads the keyboard between bounded slices of the run, so
/// `q` works whatever the cluster does (issue 12).
@Suite struct AppLoopSliceTests {
    static func play(_ run: ClusterRun, speed: Double, stepsPerSlice: Int64, frames: Int) -> (AppLoop, StepCountingBackend) {
        let script: [InputEvent] = [.key(.space)] + Array(repeating: .resized(Size(width: 80, height: 24)), count: frames)
            + [.key(.char("q"))]
        let backend = StepCountingBackend(MemoryBackend(script: script), run: run)
        var state = AppState(glyphs: .unicode)
        state.speed = speed
        var t = 0.0
        let loop = AppLoop(run: run, backend: backend, state: state, clock: { t += 0.01; return t })
        loop.stepsPerSlice = stepsPerSlice
        loop.runUntilQuit()
        return (loop, backend)
    }

    @Test func aBusyClusterPlaysInSlicesOfBoundedSteps() {
        // 1 µs timers on 3 nodes: about ten engine steps per virtual µs.
        let run = Simulation<PingNode>(layout: ClusterLayout(servers: 3), config: .init(interval: 1, jitter: 0), seed: 1)
        let (loop, backend) = Self.play(run, speed: 0.1, stepsPerSlice: 500, frames: 12)
        #expect(loop.state.shouldQuit, "q was read")
        let slices = zip(backend.stepsAtRead.dropFirst(), backend.stepsAtRead).map { $0 - $1 }
        // Reads: before space, after it, then one per frame. The first slice
        // of playing is not bounded (the loop learns the density from it).
        #expect(slices.count >= 12 && slices.dropFirst(3).allSatisfy { $0 <= 2 * 500 }, "slices stay near the bound: \(slices)")
        #expect(loop.state.displayedTime > 0)
    }

    @Test func aRunThatStopsAdvancingStopsPlayingAndQuits() {
        let run = Simulation<PingNode>(layout: ClusterLayout(servers: 2), config: .init(interval: 0, jitter: 0), seed: 1,
                                       options: SimulationOptions(stepsPerInstant: 2_000))
        let (loop, backend) = Self.play(run, speed: 1, stepsPerSlice: 500, frames: 5)
        #expect(loop.state.shouldQuit && !loop.state.isPlaying)
        #expect(backend.inner.presented.contains { $0.text.contains("stopped advancing") }, "the status line said why")
        #expect(run.stepCount <= 2_000 + 32)
    }
}
