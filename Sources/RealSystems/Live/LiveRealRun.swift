import ClusterSim
import Maelstrom

/// A real cluster shown live: a `ClusterRun` whose time is the runner's
/// wall clock and whose nodes' boxes show what their status APIs say
/// (role, term, leader, commit index, slots, zxid…). Messages between real
/// nodes are not visible (the notice says so); every fault, every client
/// operation and every change of a node's role is in the event log.
///
/// Pausing holds the clients and the view; the servers keep running (a
/// real cluster's timers cannot be stopped without faults of their own).
/// Stepping back moves a cursor through the record, as for Maelstrom runs:
/// the views show the nodes as they were polled then.
public final class LiveRealRun: PumpedRun {
    public let runner: RealClusterRunner
    public let clockIndex: VectorClockIndex
    public var onEvent: ((Int) -> Void)?
    public var viewedEvents: Int?
    private var frozen = false
    private var endedAt: Int64?
    /// The checker's verdict once the run has ended.
    public private(set) var verdict: RealVerdict?
    /// The longest one call waits (so keys are read again soon).
    public var pumpLimit: Int64 = 200_000

    /// Wraps a runner that has started (`runner.start()`), and starts its clients.
    public init(runner: RealClusterRunner, clients: Bool = true) {
        self.runner = runner
        clockIndex = VectorClockIndex(processes: runner.layout.count)
        if clients { runner.startClients() }
    }

    public var recorder: RunRecorder { runner.recorder }
    public var seed: UInt64 { 0 }
    public var protocolName: String { "real \(runner.system.name)" }
    public var notice: String {
        if isViewingRecord { return endedAt == nil ? "REAL cluster, viewing the record (nodes not rewound)" : "run over (viewing the record)" }
        if endedAt != nil { return "real run over" }
        return frozen ? "REAL \(runner.system.name): clients held, servers running; messages not visible"
                      : "REAL \(runner.system.name), recorded; messages between nodes not visible"
    }
    public var viewedStep: Int64? { viewedEvents.map(Int64.init) }
    public var now: VirtualTime { VirtualTime(microseconds: viewedTime ?? endedAt ?? runner.elapsed) }
    public var stepCount: Int64 { Int64(trace.count) }
    public var nextEventTime: VirtualTime? {
        if let k = viewedEvents { return VirtualTime(microseconds: recorder.trace[k].time) }
        return endedAt == nil ? VirtualTime(microseconds: now.microseconds + 1) : nil
    }
    public var violation: Violation? { nil }
    public var userActions: [(step: Int64, time: Int64, action: ClusterAction)] { [] }
    public var isOver: Bool { endedAt != nil }
    public var network: Network { network(runner.wallNetwork, link: LinkSettings()) }

    // MARK: moving through time

    public func setFrozen(_ frozen: Bool) {
        guard endedAt == nil else { return }
        self.frozen = frozen
        runner.holdClients(frozen)
    }

    /// Records what happened until the clock reaches `target` (at most `pumpLimit` of waiting) or `stop` holds.
    public var clockNow: Int64 { runner.elapsed }

    public func pump(to target: Int64, stop: () -> Bool) -> Bool {
        viewedEvents = nil
        guard endedAt == nil else { return false }
        // Held clients go on while the run is run (a lab holds them while it waits for the student), as Maelstrom's processes do.
        let held = frozen
        if held { runner.holdClients(false) }
        defer { if held, endedAt == nil { runner.holdClients(true) } }
        let start = RunClock.monotonic()
        repeat {
            let before = trace.count
            runner.pump(maxWait: max(0, min(target - runner.elapsed, pumpLimit - (RunClock.monotonic() - start), 20_000)))
            if let onEvent { for i in before..<trace.count { onEvent(i) } }
            if stop() { break }
        } while runner.elapsed < target && RunClock.monotonic() - start < pumpLimit
        return true
    }

    // MARK: faults from the keyboard or a lab

    public func perform(_ action: ClusterAction, at time: VirtualTime?) { perform(action, at: time, byLab: false) }

    public func perform(_ action: ClusterAction, at time: VirtualTime?, byLab: Bool) {
        guard endedAt == nil else { return }
        viewedEvents = nil
        let name = { (n: NodeID) in self.layout.name(n) }
        do {
            switch action {
            case .crash(let n) where !layout.isClient(n): runner.kill(node: n.index)
            case .restart(let n) where !layout.isClient(n): try runner.restart(node: n.index)
            case .pause(let n) where !layout.isClient(n): runner.pause(node: n.index)
            case .resume(let n) where !layout.isClient(n): runner.resume(node: n.index)
            case .partition(let groups): try runner.partition(groups.map { $0.map(name) })
            case .heal: try runner.heal()
            case .setLink(let a, let b, let s?) where s.cut: try runner.cut(from: name(a), to: name(b))
            case .setLink(_, _, let s) where s == nil || s?.cut == false:
                runner.note("latency, loss and rates are not available on a real cluster here (this kernel has no netem); only cuts are", byUser: true)
            default:
                runner.note("not possible on a real cluster: \(action.describe(layout))", byUser: true)
            }
        } catch {
            runner.note("could not \(action.describe(layout)): \(error)", byUser: true)
        }
    }

    public var commandUsages: [CommandUsage] { [] }
    public func commandUsages(at n: NodeID) -> [CommandUsage] { [] }

    // MARK: ending

    public var outcomeText: String? {
        guard let verdict else { return endedAt == nil ? nil : "run over" }
        return "run over: \(verdict.word)" + (verdict.lines.first.map { "; \($0)" } ?? "")
    }

    /// Ends the run: faults ended, clients stopped, the history checked, everything torn down.
    public func end() {
        guard endedAt == nil else { return }
        endedAt = runner.elapsed
        viewedEvents = nil
        try? runner.recoverAll()
        runner.holdClients(false)
        runner.stopClients(limit: 15)
        verdict = runner.check()
        runner.teardown()
    }

    // MARK: what the views read

    /// The view of server `n` at the cursor (or now).
    func view(of n: NodeID) -> RealNodeView? {
        guard !layout.isClient(n) else { return nil }
        return viewedEvents.map { runner.view(of: n.index, afterEvents: $0) } ?? runner.views[n.index]
    }

    public func status(of n: NodeID) -> NodeStatus {
        if layout.isClient(n) { return .up }
        return viewedEvents.map { recorder.status(of: n.index, afterEvents: $0) } ?? runner.nodeStatus[n.index]
    }

    static func tone(_ role: String) -> NodeSummary.Tone {
        switch role {
        case "leader", "master", "balancer": return .leader
        case "follower", "replica", "backend", "observer": return .follower
        case "candidate": return .candidate
        default: return .warning
        }
    }

    public func headline(of n: NodeID) -> NodeHeadline? {
        guard status(of: n) != .crashed else { return nil }
        if layout.isClient(n) { return NodeHeadline(role: "client") }
        guard let v = view(of: n) else { return NodeHeadline(role: status(of: n) == .paused ? "paused" : "no answer", tone: .warning) }
        return NodeHeadline(role: v.role, tone: status(of: n) == .paused ? .warning : Self.tone(v.role), epoch: v.term)
    }

    public func summary(of n: NodeID) -> NodeSummary? {
        guard let head = headline(of: n) else { return nil }
        if layout.isClient(n) {
            let c = n.index - layout.serverCount
            var tally = c < runner.clientTallies.count ? runner.clientTallies[c] : (done: 0, ok: 0)
            if let k = viewedEvents {  // the record at the cursor: count its operations (only while stepping back)
                let ops = trace.events[..<min(k, trace.count)].filter { Int($0.node) == n.index }
                tally = (ops.count { $0.kind == .ok || $0.kind == .fail || $0.kind == .info }, ops.count { $0.kind == .ok })
            }
            return NodeSummary(role: "client", tone: .neutral, fields: [.init("ops", "\(tally.done)"), .init("ok", "\(tally.ok)")])
        }
        let v = view(of: n)
        var fields = v?.fields ?? []
        if let leader = v?.leader { fields.insert(.init("leader", leader), at: 0) }
        if let pid = viewedEvents.map({ recorder.pid(of: n.index, afterEvents: $0) }) ?? runner.pids[n.index] {
            fields.append(.init("pid", "\(pid)"))
        }
        var details = v?.details ?? ["(no answer to the last status poll)"]
        details.append("address \(runner.addresses[n.index]) in namespace \(runner.network.namespace(of: layout.name(n)))")
        let out = recorder.stderr[n.index].suffix(8)
        if !out.isEmpty { details.append("latest output:"); details += out.map { "  " + $0.text } }
        return NodeSummary(role: head.role, tone: head.tone, epoch: head.epoch, fields: fields, details: details)
    }

    public func timerList(of n: NodeID) -> [(name: String, deadline: Int64)] { [] }
    public var inFlight: [InFlightMessage] { [] }
}
