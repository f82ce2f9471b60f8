import ClusterSim
import LabKit

/// What the cluster screen acts on: the live run and, in a lab, the runner
/// guiding it (cluster actions then go through the runner, so they count
/// for the task and are saved with the student's progress). In a lab the
/// run is always the lab's current one: a `use:` step swaps it, and going
/// back past that step brings the earlier run back.
public struct Stage {
    private let ownRun: ClusterRun
    public var run: ClusterRun { lab?.run ?? ownRun }
    public let lab: LabRunner?
    public init(run: ClusterRun, lab: LabRunner? = nil) { ownRun = run; self.lab = lab }
}

/// Work the reducer asks for and cannot do itself (it touches no files and
/// builds no runs): the run loop's `Workbench` does it after each action.
public enum AppEffect: Hashable, Sendable {
    /// Open something chosen on the home screen.
    case open(HomeItem.Target)
    /// `:save FILE`: the session (scenario text, seed, user actions).
    case saveSession(path: String)
    /// `:seed N`: the same scenario afresh with another seed.
    case restart(seed: UInt64)
    /// Write the lab's progress (after an answer, a task, and on quit).
    case saveProgress
    /// Close the run or lab and show Home again (with fresh progress).
    case goHome
}
