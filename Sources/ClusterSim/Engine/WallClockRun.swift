/// A run that happens in wall-clock time outside the engine (node processes
/// of any language): it is recorded as it goes, not replayable from a seed.
/// The interface drives it through `ClusterRun` like a simulation, and
/// through this protocol declares what differs instead of hiding it.
public protocol WallClockRun: ClusterRun {
    /// What differs from a simulated run, in a few words (the status bar's).
    var notice: String { get }
    /// How many events of the record the views show after stepping back
    /// (`stepBack`, `goTo` move a cursor through the record); nil at the
    /// present. Only the view moves: the processes are not rewound.
    var viewedStep: Int64? { get }
    /// Holds the run still (the interface paused: processes stopped, the
    /// run's clock held) or lets it go on. Calling it twice is harmless.
    func setFrozen(_ frozen: Bool)
    /// How the run ended, in a line; nil while it goes on.
    var outcomeText: String? { get }
    /// Ends the run now and stops every process; safe to call more than once.
    func end()
}
