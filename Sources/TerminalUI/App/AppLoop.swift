#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ClusterSim

/// The run loop: keys in, frames out. Wall-clock pacing lives here and
/// nowhere else: while playing, virtual time advances by speed × wall time
/// passed; frames are drawn at most 30 times a second and only when
/// something changed; while paused it blocks on input and uses no CPU.
public final class AppLoop {
    public private(set) var state: AppState
    public let workbench: Workbench
    let backend: TerminalBackend
    let clock: () -> Double
    public static let frameInterval = 1.0 / 30
    /// About the most engine steps one slice of playing may take before the
    /// loop reads the keyboard again, so `q` works however busy the cluster is.
    public var stepsPerSlice: Int64 = 20_000
    /// Wall seconds of playing one slice covers: shrinks when a slice took
    /// more than `stepsPerSlice` steps (the cluster then plays slower than
    /// its speed says), grows back when the cluster is light.
    private var sliceSeconds = 0.25

    /// `clock` gives monotonic wall seconds (injected so tests control time).
    public convenience init(run: ClusterRun, backend: TerminalBackend, state: AppState? = nil,
                            clock: @escaping () -> Double = WallClock.seconds) {
        self.init(workbench: Workbench(stage: Stage(run: run)), backend: backend, state: state, clock: clock)
    }

    /// A loop over whatever the workbench has open (or the home screen).
    public init(workbench: Workbench, backend: TerminalBackend, state: AppState? = nil,
                clock: @escaping () -> Double = WallClock.seconds) {
        self.workbench = workbench
        self.backend = backend
        var initial = state ?? AppState(glyphs: backend.supportsUnicode ? .unicode : .ascii)
        // A run opened part-way (a replayed session, a lab resumed) shows its own time, not 0.
        if state == nil, let run = workbench.stage?.run { initial.displayedTime = run.now.microseconds }
        initial.terminalSize = backend.size
        self.state = initial
        self.clock = clock
    }

    private func reduce(_ action: AppAction) {
        TerminalUI.reduce(&state, action, workbench.stage)
        workbench.drain(&state)
        // A run of real processes stands still only if it is held still.
        (workbench.stage?.run as? WallClockRun)?.setFrozen(!state.isPlaying)
    }

    /// Runs until the person quits or the input ends. Does not restore the
    /// terminal: the caller owns the backend.
    public func runUntilQuit() {
        var lastTick = clock()
        var lastFrame = -Double.infinity
        var needsFrame = true
        while !state.shouldQuit {
            if needsFrame && clock() - lastFrame >= AppLoop.frameInterval {
                backend.present(render(state, workbench.stage, backend.size))
                lastFrame = clock()
                needsFrame = false
            }
            let untilFrame = max(0, AppLoop.frameInterval - (clock() - lastFrame))
            let timeout: Double? = state.isPlaying || needsFrame ? untilFrame : nil
            let event = backend.nextInput(timeout: timeout)
            let now = clock()
            if state.isPlaying {
                let before = state.displayedTime
                play(for: now - lastTick)
                needsFrame = needsFrame || state.displayedTime != before || !state.isPlaying
            }
            lastTick = now
            switch event {
            case .key(let key)?:
                reduce(.keyPressed(key))
                needsFrame = true
            case .mouse(let m)?:
                reduce(.mouse(m))
                needsFrame = true
            case .resized(let size)?:
                reduce(.terminalResized(size))
                lastFrame = -Double.infinity
                needsFrame = true
            case nil where timeout == nil:
                return  // a blocking read came back empty: the input is gone
            case nil:
                break
            }
        }
    }
}

extension AppLoop {
    /// Plays `seconds` of wall time, or less: one slice of at most about
    /// `stepsPerSlice` engine steps. What a slice leaves out is not made up
    /// later, so a heavy cluster plays in slow motion instead of freezing
    /// the interface (a run that stops advancing altogether is stopped by
    /// the engine itself).
    func play(for seconds: Double) {
        guard let run = workbench.stage?.run else { return reduce(.wallClockAdvanced(seconds: seconds)) }
        let piece = min(seconds, sliceSeconds)
        let before = run.stepCount
        reduce(.wallClockAdvanced(seconds: piece))
        let taken = run.stepCount - before
        if taken > stepsPerSlice, piece > 0 {
            sliceSeconds = max(1e-9, piece * Double(stepsPerSlice) / Double(taken))
        } else if taken < stepsPerSlice / 4 {
            sliceSeconds = min(0.25, sliceSeconds * 2)
        }
    }
}

/// Monotonic wall-clock seconds, for the run loop and benchmarks only: the
/// engine never reads the wall clock.
public enum WallClock {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
