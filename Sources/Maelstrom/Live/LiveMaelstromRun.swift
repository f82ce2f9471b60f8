import ClusterSim

/// A Maelstrom run shown live: a `ClusterRun` whose time is the runner's
/// wall clock. Playing pumps the runner's poll loop up to the time asked
/// for (waiting, since a real process cannot go faster than real time);
/// pausing freezes it (every process SIGSTOPped, the run's clock held).
/// A person's faults (crash, pause, partition, cut, heal, drop one message) go to the runner
/// and are recorded as user actions.
///
/// Time travel: a wall-clock run cannot be re-executed from an earlier
/// moment, so stepping back (paused or over) moves a cursor through the
/// record instead: the views read the record as it stood then, while the
/// processes, held still, keep the state they have now. Playing again (or
/// any fault) returns to the present.
public final class LiveMaelstromRun: PumpedRun {
    public let runner: MaelstromRunner
    public let workload: String
    public let clockIndex: VectorClockIndex
    public var onEvent: ((Int) -> Void)?
    public var viewedEvents: Int?
    /// The result once the run has ended (its processes are all gone).
    public private(set) var result: MaelstromResult?
    private var endedAt: Int64 = 0
    /// The longest one call waits for the processes (so keys are read again soon).
    public var pumpLimit: Int64 = 300_000

    /// Starts every node process (the run goes on only while pumped).
    public init(runner: MaelstromRunner, workload: String) {
        self.runner = runner
        self.workload = workload
        clockIndex = VectorClockIndex(processes: runner.record.layout.count)
        runner.start()
        watchPids()
    }

    public var recorder: RunRecorder { runner.record }
    public var seed: UInt64 { runner.options.seed }
    public var protocolName: String { "maelstrom \(workload)" }
    public var notice: String {
        if isViewingRecord { return result == nil ? "processes not rewound (viewing the record)" : "run over (viewing the record)" }
        return result == nil ? "LIVE, recorded (no seed replay)" : "recorded (no seed replay)"
    }
    public var viewedStep: Int64? { viewedEvents.map(Int64.init) }
    public var now: VirtualTime { VirtualTime(microseconds: viewedTime ?? (result == nil ? runner.elapsed : endedAt)) }
    public var stepCount: Int64 { Int64(trace.count) }
    public var nextEventTime: VirtualTime? {
        if let k = viewedEvents { return VirtualTime(microseconds: recorder.trace[k].time) }
        return result == nil ? VirtualTime(microseconds: now.microseconds + 1) : nil
    }
    public var violation: Violation? { nil }
    public var userActions: [(step: Int64, time: Int64, action: ClusterAction)] { [] }
    public var isOver: Bool { result != nil }

    public var network: Network { network(runner.wallNetwork, link: runner.options.link) }

    // MARK: moving through time

    public func setFrozen(_ frozen: Bool) {
        guard result == nil else { return }
        if frozen { runner.freeze() } else { runner.thaw() }
    }

    /// Runs the processes until the run's clock reaches `target` (at most
    /// `pumpLimit` of waiting) or `stop` holds; false once the run is over.
    public var clockNow: Int64 { runner.elapsed }

    public func pump(to target: Int64, stop: () -> Bool) -> Bool {
        viewedEvents = nil  // playing goes on from the present
        guard result == nil else { return false }
        let frozen = runner.isFrozen
        if frozen { runner.thaw() }
        defer { if frozen, result == nil { runner.freeze() } }
        let start = RunClock.monotonic()
        repeat {
            let budget = pumpLimit - (RunClock.monotonic() - start)
            if !runner.advance(maxWait: max(0, min(target - runner.elapsed, budget))) { close(); return false }
            if stop() { break }
        } while runner.elapsed < target && RunClock.monotonic() - start < pumpLimit
        watchPids()
        return true
    }

    /// Ends the run: processes stopped, the history checked.
    private func close() {
        guard result == nil else { return }
        endedAt = runner.elapsed
        runner.thaw()
        result = runner.finish()
        EmergencyStop.watch([])
    }

    /// Ends the run now (the person quit); `endedEarly` says the run had not finished on its own.
    public func end() {
        if result == nil { endedEarly = true }
        close()
    }

    /// True when `end()` cut the run short: its history stops there, without the final reads.
    public private(set) var endedEarly = false

    public var outcomeText: String? {
        guard let result else { return nil }
        switch result.outcome {
        case .valid: return "run over: the checker found the history valid"
        case .anomalies: return "run over: the checker found anomalies (quit to read the report)"
        case .nodeError(let f):
            return "run stopped: \(f.description)" + (f.stderr.last.map { "; its last stderr line: \($0)" } ?? "")
        case .interrupted(let s): return "run stopped by signal \(s)"
        }
    }

    private func watchPids() { EmergencyStop.watch(runner.pids.compactMap { $0 }) }

    // MARK: a person's faults

    public func perform(_ action: ClusterAction, at time: VirtualTime?) { perform(action, at: time, byLab: false) }

    public func perform(_ action: ClusterAction, at time: VirtualTime?, byLab: Bool) {
        guard result == nil else { return }
        viewedEvents = nil  // a fault reaches the processes now
        let name = { (n: NodeID) in self.layout.name(n) }
        switch action {
        case .crash(let n) where !layout.isClient(n): runner.kill(node: name(n))
        case .restart(let n) where !layout.isClient(n): runner.restart(node: name(n))
        case .pause(let n) where !layout.isClient(n): runner.pause(node: name(n))
        case .resume(let n) where !layout.isClient(n): runner.resume(node: name(n))
        case .partition(let groups):
            // Servers named in no group form one more group, as in a simulated run.
            let named = Set(groups.flatMap { $0 })
            let rest = layout.servers.filter { !named.contains($0) }
            runner.partition((groups + (rest.isEmpty ? [] : [rest])).map { $0.map(name) })
        case .heal: runner.heal()
        case .setLink(let a, let b, let s?) where s.cut: runner.cut(from: name(a), to: name(b))
        case .drop(let id) where runner.drop(message: id): break
        default: runner.refuse(action.describe(layout))
        }
        watchPids()
    }

    public var commandUsages: [CommandUsage] { [] }
    public func commandUsages(at n: NodeID) -> [CommandUsage] { [] }

    // MARK: what the views read

    public func status(of n: NodeID) -> NodeStatus {
        if layout.isClient(n) { return .up }
        return viewedEvents.map { recorder.status(of: n.index, afterEvents: $0) } ?? runner.nodeStatus[n.index]
    }

    public func headline(of n: NodeID) -> NodeHeadline? {
        guard status(of: n) != .crashed else { return nil }
        return NodeHeadline(role: layout.isClient(n) ? "client" : "process",
                            tone: status(of: n) == .paused ? .warning : .neutral)
    }

    /// Role, pid and status, and the node's latest stderr lines (at the
    /// cursor while viewing the record).
    public func summary(of n: NodeID) -> NodeSummary? {
        guard let head = headline(of: n) else { return nil }
        var fields: [NodeSummary.Field] = []
        if !layout.isClient(n) {
            let pid = viewedEvents.map { recorder.pid(of: n.index, afterEvents: $0) } ?? runner.pids[n.index]
            if let pid { fields.append(.init("pid", "\(pid)")) }
            fields.append(.init("status", "\(status(of: n))"))
            if let t = viewedTime { fields.append(.init("viewing", "record at \(DurationText.format(t))")) }
            else { fields.append(.init("phase", runner.phaseName)) }
        }
        var details: [String] = []
        if !layout.isClient(n) {
            let all = viewedTime.map { recorder.stderr(of: n.index, upTo: $0) } ?? recorder.stderr[n.index]
            let lines = all.suffix(12)
            details.append(lines.isEmpty ? "stderr: (nothing yet)" : "stderr (latest \(lines.count)):")
            details += lines.map { "  " + $0.text }
        }
        return NodeSummary(role: head.role, tone: head.tone, fields: fields, details: details)
    }

    public func timerList(of n: NodeID) -> [(name: String, deadline: Int64)] { [] }

    public var inFlight: [InFlightMessage] {
        if let recorded = viewedInFlight { return recorded }
        let due = runner.deliveryTimes
        return inFlight(at: now.microseconds).map { m in
            var m = m
            if let at = due[m.id] { m.deliverAt = at }
            return m
        }
    }
}
