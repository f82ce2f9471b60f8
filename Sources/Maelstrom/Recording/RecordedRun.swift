import ClusterSim

/// A finished Maelstrom run seen as a `ClusterRun`, so ClusterSim's exports
/// (JSON Lines, ShiViz, history) and views read it like a simulated run.
/// It cannot be stepped or re-run: its events happened in wall-clock time;
/// moving through it is moving through `trace`. Node status and clocks are
/// those at the end of the run.
public final class RecordedRun: ClusterRun {
    public let recorder: RunRecorder
    public let seed: UInt64
    public let protocolName: String
    public let network: Network
    public let clockIndex: VectorClockIndex
    public var onEvent: ((Int) -> Void)?
    private let finalStatus: [NodeStatus]

    public init(_ result: MaelstromResult) {
        recorder = result.recorder
        seed = result.options.seed
        protocolName = "maelstrom \(result.workload)"
        network = Network(layout: result.recorder.layout, defaults: result.options.link)
        clockIndex = VectorClockIndex(processes: result.recorder.layout.count)
        var status = Array(repeating: NodeStatus.up, count: result.recorder.layout.count)
        for e in result.recorder.trace.events where e.node >= 0 {
            switch e.kind {
            case .crash: status[Int(e.node)] = .crashed
            case .pause: status[Int(e.node)] = .paused
            case .restart, .resume: status[Int(e.node)] = .up
            default: break
            }
        }
        finalStatus = status
    }

    public var layout: ClusterLayout { recorder.layout }
    public var trace: Trace { recorder.trace }
    public var now: VirtualTime { VirtualTime(microseconds: trace.events.last?.time ?? 0) }
    public var stepCount: Int64 { Int64(trace.count) }
    public var nextEventTime: VirtualTime? { nil }
    public var violation: Violation? { nil }
    public var userActions: [(step: Int64, time: Int64, action: ClusterAction)] { [] }
    public func forgetPastEvents() {}
    public func step() -> Bool { false }
    public func run(until time: VirtualTime) -> Bool { false }
    public func run(steps count: Int64) -> Int64 { 0 }
    public func run(until done: () -> Bool, limit: VirtualTime) -> Bool { done() }
    public func advance(to time: VirtualTime, stoppingWhen stop: () -> Bool) -> Bool { false }
    public func stepBack(_ count: Int64) {}
    public func goTo(step target: Int64) {}
    public func forgetRecordedFuture() {}
    public func perform(_ action: ClusterAction, at time: VirtualTime?) {}
    public func perform(_ action: ClusterAction, at time: VirtualTime?, byLab: Bool) {}
    public var commandUsages: [CommandUsage] { [] }
    public func commandUsages(at n: NodeID) -> [CommandUsage] { [] }
    public func status(of n: NodeID) -> NodeStatus { finalStatus[n.index] }
    public func summary(of n: NodeID) -> NodeSummary? { nil }
    public func headline(of n: NodeID) -> NodeHeadline? {
        NodeHeadline(role: layout.isClient(n) ? "client" : "process")
    }
    public func lamport(of n: NodeID) -> Int64 {
        trace.events.last(where: { Int($0.node) == n.index && $0.ticksClock })?.lamport ?? 0
    }
    public func vectorClock(of n: NodeID) -> VectorClock {
        guard let i = trace.events.lastIndex(where: { Int($0.node) == n.index && $0.ticksClock }) else {
            return VectorClock(count: layout.count)
        }
        return clockIndex.clock(at: i, in: trace) ?? VectorClock(count: layout.count)
    }
    public func timerList(of n: NodeID) -> [(name: String, deadline: Int64)] { [] }

    /// Messages in flight at the end of the run (see `RunRecorder.inFlight(at:)` for any moment).
    public var inFlight: [InFlightMessage] { inFlight(at: now.microseconds) }

    public func inFlight(at time: Int64) -> [InFlightMessage] {
        recorder.inFlight(at: time).map { id in
            let m = recorder.messages[Int(id)]
            return InFlightMessage.recorded(id: id, from: NodeID(m.from), to: NodeID(m.to), sentAt: m.sentAt,
                                            deliverAt: m.endedAt ?? time, kind: m.kind, isReply: m.isReply,
                                            text: m.text, held: false)
        }
    }

    public func messageText(_ id: Int64) -> String? { id >= 0 && id < recorder.messages.count ? recorder.messages[Int(id)].text : nil }
    public func messageKind(_ id: Int64) -> String? { id >= 0 && id < recorder.messages.count ? recorder.messages[Int(id)].kind : nil }

    public func describe(event index: Int) -> String {
        let e = trace[index]
        let name = { (i: Int32) in self.layout.name(NodeID(Int(i))) }
        switch e.kind {
        case .send: return "send → \(name(e.peer)) \(messageText(e.message) ?? "#\(e.message)")"
        case .deliver: return "recv ← \(name(e.peer)) \(messageText(e.message) ?? "#\(e.message)")"
        case .drop:
            let reason = TraceEvent.DropReason(rawValue: e.detail)?.name ?? "?"
            return "drop \(name(e.peer))→\(name(e.node)) \(messageKind(e.message) ?? "#\(e.message)") (\(reason))"
        case .invoke, .ok, .fail, .info:
            let op = trace.operation(of: e)!
            return "\(e.kind.name) \(op.f) \(op.key) \(op.value)"
        default:
            return trace.text(of: e).map { e.kind == .log ? "log: \($0)" : $0 } ?? e.kind.name
        }
    }

    public func eventLine(_ index: Int) -> String {
        let e = trace[index]
        let who = e.node >= 0 ? layout.name(NodeID(Int(e.node))) : "*"
        let t = DurationText.format(e.time)
        return String(repeating: " ", count: max(0, 10 - t.count)) + t + "  " + who.padding(toLength: 4, withPad: " ", startingAt: 0)
            + " " + describe(event: index)
    }
}
