import ClusterSim

/// A finished Maelstrom run seen as a `ClusterRun`, so ClusterSim's exports
/// (JSON Lines, ShiViz, history) and views read it like a simulated run.
/// It cannot be stepped or re-run: its events happened in wall-clock time;
/// moving through it is moving through `trace`. Node status and clocks are
/// those at the end of the run.
public final class RecordedRun: RecorderViews {
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
    public func timerList(of n: NodeID) -> [(name: String, deadline: Int64)] { [] }

    /// Messages in flight at the end of the run (see `RunRecorder.inFlight(at:)` for any moment).
    public var inFlight: [InFlightMessage] { inFlight(at: now.microseconds) }
}
