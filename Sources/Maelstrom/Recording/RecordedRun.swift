import ClusterSim

/// A finished Maelstrom run seen as a `ClusterRun`, so ClusterSim's exports
/// (JSON Lines, ShiViz, history) and views read it like a simulated run.
/// It cannot be re-run: its events happened in wall-clock time. Stepping
/// moves a cursor through the record (from its end, back and forward): the
/// trace, time, node status, clocks, partitions and messages in flight are
/// then those after the cursor's event.
public final class RecordedRun: RecorderViews {
    public let recorder: RunRecorder
    public let seed: UInt64
    public let protocolName: String
    public let clockIndex: VectorClockIndex
    public var onEvent: ((Int) -> Void)?
    public var viewedEvents: Int?
    private let link: LinkSettings

    public init(_ result: MaelstromResult) {
        recorder = result.recorder
        seed = result.options.seed
        protocolName = "maelstrom \(result.workload)"
        link = result.options.link
        clockIndex = VectorClockIndex(processes: result.recorder.layout.count)
    }

    public var network: Network {
        network(recorder.network(afterEvents: recorder.trace.count, link: link), link: link)
    }
    public var now: VirtualTime { VirtualTime(microseconds: trace.events.last?.time ?? 0) }
    public var stepCount: Int64 { Int64(trace.count) }
    public var nextEventTime: VirtualTime? { viewedEvents.map { VirtualTime(microseconds: recorder.trace[$0].time) } }
    public var violation: Violation? { nil }
    public var userActions: [(step: Int64, time: Int64, action: ClusterAction)] { [] }
    public func forgetPastEvents() {}
    /// The next event of the record; false at its end.
    public func step() -> Bool { run(steps: 1) > 0 }
    public func run(until time: VirtualTime) -> Bool {
        while let next = nextEventTime, next <= time { step() }
        return isViewingRecord
    }
    public func run(steps count: Int64) -> Int64 {
        let from = stepCount
        goTo(step: from + max(0, count))
        return stepCount - from
    }
    public func run(until done: () -> Bool, limit: VirtualTime) -> Bool {
        while !done(), let next = nextEventTime, next <= limit { step() }
        return done()
    }
    public func advance(to time: VirtualTime, stoppingWhen stop: () -> Bool) -> Bool {
        while !stop(), let next = nextEventTime, next <= time { step() }
        return !stop()
    }
    public func stepBack(_ count: Int64) { goTo(step: stepCount - count) }
    public func goTo(step target: Int64) { viewRecord(afterEvents: target) }
    public func forgetRecordedFuture() {}
    public func perform(_ action: ClusterAction, at time: VirtualTime?) {}
    public func perform(_ action: ClusterAction, at time: VirtualTime?, byLab: Bool) {}
    public var commandUsages: [CommandUsage] { [] }
    public func commandUsages(at n: NodeID) -> [CommandUsage] { [] }
    public func status(of n: NodeID) -> NodeStatus {
        layout.isClient(n) ? .up : recorder.status(of: n.index, afterEvents: viewedEvents ?? recorder.trace.count)
    }
    public func summary(of n: NodeID) -> NodeSummary? { nil }
    public func headline(of n: NodeID) -> NodeHeadline? {
        NodeHeadline(role: layout.isClient(n) ? "client" : "process")
    }
    public func timerList(of n: NodeID) -> [(name: String, deadline: Int64)] { [] }

    /// Messages in flight at the cursor, or at the end of the run.
    public var inFlight: [InFlightMessage] { viewedInFlight ?? inFlight(at: now.microseconds) }
}
