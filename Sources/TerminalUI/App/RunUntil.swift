import ClusterSim

/// The moments `u` runs to, and instructors pause at while playing: a leader
/// changes, the network splits or heals, a scripted action happens, an
/// invariant breaks. Watches the run from where it is now; `reached` says
/// in words which moment came, or nil while none has.
struct MilestoneWatch {
    /// The most virtual time one `u` runs before giving up.
    static let limit: Int64 = 60_000_000
    /// The most engine steps one `u` takes (a busy cluster stops sooner).
    static let stepLimit: Int64 = 400_000

    private var cursor: Int
    private var leaders: [NodeID]
    private let leaderChanges: Bool

    /// `leaderChanges: false` watches only the trace (cheap enough for every
    /// step of play); true also compares who leads after each step.
    init(_ run: ClusterRun, leaderChanges: Bool = true) {
        cursor = run.trace.count
        self.leaderChanges = leaderChanges
        leaders = leaderChanges ? MilestoneWatch.leaders(run) : []
    }

    /// The nodes that are up and say they lead (the protocol's leader tone).
    static func leaders(_ run: ClusterRun) -> [NodeID] {
        run.layout.servers.filter { run.status(of: $0) == .up && run.summary(of: $0)?.tone == .leader }
    }

    /// A scripted action (from the scenario, not the person at the keyboard).
    static func isScripted(_ e: TraceEvent) -> Bool {
        guard !e.isByUser else { return false }
        switch e.kind {
        case .crash, .restart, .pause, .resume, .partition, .heal, .link, .delay, .command: return true
        default: return false
        }
    }

    /// The first moment since the last call, in words, or nil.
    mutating func reached(_ run: ClusterRun, scriptedOnly: Bool = false) -> String? {
        if let v = run.violation { return "invariant broken: \(v.description)" }
        let events = run.trace.events
        while cursor < events.count {
            let e = events[cursor]
            let index = cursor
            cursor += 1
            if MilestoneWatch.isScripted(e) { return "scripted action: \(run.describe(event: index))" }
            if scriptedOnly { continue }
            if e.kind == .partition { return "the network split: \(run.describe(event: index))" }
            if e.kind == .heal { return "the network healed" }
        }
        guard leaderChanges else { return nil }
        let now = MilestoneWatch.leaders(run)
        guard now != leaders else { return nil }
        defer { leaders = now }
        let names = now.map { run.layout.name($0) }.joined(separator: ", ")
        let term = now.first.flatMap { run.summary(of: $0) }.flatMap { s in s.epoch.map { " (\(ClusterSummaryLine.epochName(s)) \($0))" } } ?? ""
        return now.isEmpty ? "no leader any more" : "leader now \(names)\(term)"
    }
}

/// `u`: runs to the next milestone and pauses there, saying which it was.
func runUntilMilestone(_ state: inout AppState, _ run: ClusterRun) {
    state.isPlaying = false
    state.fractionalMicroseconds = 0
    var watch = MilestoneWatch(run)
    var found: String?
    let start = run.stepCount, from = run.now.microseconds
    let limit = VirtualTime(microseconds: max(state.displayedTime, run.now.microseconds) + MilestoneWatch.limit)
    run.run(until: {
        found = watch.reached(run)
        return found != nil || run.stepCount - start >= MilestoneWatch.stepLimit
    }, limit: limit)
    state.displayedTime = max(state.displayedTime, run.now.microseconds)
    if let found {
        state.message = StatusMessage("stopped at \(found)", isError: run.violation != nil)
    } else if run.nextEventTime == nil {
        state.message = StatusMessage("nothing left to happen: the run is quiet")
    } else {
        state.message = StatusMessage("no leader change, partition, heal, scripted action or violation in "
                                      + DurationText.format(run.now.microseconds - from) + ": u goes on")
    }
}

/// Plays on to `target`, pausing at the first scripted action on the way
/// (the instructor's "pause at scripted actions"). False if it paused.
func playPausingAtScripted(_ state: inout AppState, _ run: ClusterRun, to target: Int64) -> Bool {
    var watch = MilestoneWatch(run, leaderChanges: false)
    var found: String?
    run.run(until: { found = watch.reached(run, scriptedOnly: true); return found != nil }, limit: VirtualTime(microseconds: target))
    guard let found else { return true }
    state.isPlaying = false
    state.displayedTime = max(state.displayedTime, run.now.microseconds)
    state.message = StatusMessage("paused at \(found) (U: stop pausing at scripted actions)")
    return false
}
