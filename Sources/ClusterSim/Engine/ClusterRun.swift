/// A running cluster seen without its protocol's types: what the interface,
/// the lab engine and the command line drive. `Simulation` is the one
/// implementation; everything protocol-specific reaches the interface through
/// `NodeSummary`, `InFlightMessage` and the trace's readable lines.
public protocol ClusterRun: AnyObject {
    var layout: ClusterLayout { get }
    var seed: UInt64 { get }
    /// The protocol's name, as scenario files spell it (`raft`, `gossip`).
    var protocolName: String { get }
    var now: VirtualTime { get }
    var stepCount: Int64 { get }
    var nextEventTime: VirtualTime? { get }
    var network: Network { get }
    /// The run so far. Read it, don't keep it: a kept copy makes the next
    /// append copy the whole event array.
    var trace: Trace { get }
    var violation: Violation? { get }
    var clockIndex: VectorClockIndex { get }
    /// User actions with the step and virtual time each was applied at: with
    /// the scenario and seed, this is a saved session.
    var userActions: [(step: Int64, time: Int64, action: ClusterAction)] { get }
    /// Called with the index of every trace event as it is recorded (streaming).
    var onEvent: ((Int) -> Void)? { get set }
    /// Forgets the trace so far (streaming runs only; stepping back is off after it).
    func forgetPastEvents()

    @discardableResult func step() -> Bool
    @discardableResult func run(until time: VirtualTime) -> Bool
    @discardableResult func run(steps count: Int64) -> Int64
    /// Runs until `done` holds (checked after every step), not past `limit`.
    @discardableResult func run(until done: () -> Bool, limit: VirtualTime) -> Bool
    /// Runs for a stretch of virtual time: every event up to `time`, then a
    /// recorded step that moves the clock there if nothing else did. Stops
    /// early (clock unmoved) when `stop` holds or a checker fails.
    @discardableResult func advance(to time: VirtualTime, stoppingWhen stop: () -> Bool) -> Bool
    func stepBack(_ count: Int64)
    func goTo(step target: Int64)
    /// Drops the actions recorded after the present (after stepping back).
    func forgetRecordedFuture()
    func perform(_ action: ClusterAction, at time: VirtualTime?)
    /// An action a lab's script takes: like `perform`, labelled `[lab]`.
    func perform(_ action: ClusterAction, at time: VirtualTime?, byLab: Bool)
    /// The client commands the protocol takes (`r` and `:request`), empty if none.
    var commandUsages: [CommandUsage] { get }
    /// The client commands node `n` takes (empty at a node that would ignore any).
    func commandUsages(at n: NodeID) -> [CommandUsage]

    func status(of n: NodeID) -> NodeStatus
    func summary(of n: NodeID) -> NodeSummary?
    /// Role, tone and epoch, cheaply (nil while crashed).
    func headline(of n: NodeID) -> NodeHeadline?
    func lamport(of n: NodeID) -> Int64
    func vectorClock(of n: NodeID) -> VectorClock
    /// Timers set on a node, soonest first, with their deadlines.
    func timerList(of n: NodeID) -> [(name: String, deadline: Int64)]
    var inFlight: [InFlightMessage] { get }
    /// The text of message `id`, if the trace kept it.
    func messageText(_ id: Int64) -> String?
    /// The kind of message `id` (`AppendEntries`), if the trace kept it.
    func messageKind(_ id: Int64) -> String?
    func describe(event index: Int) -> String
    func eventLine(_ index: Int) -> String
}

extension ClusterRun {
    /// Runs for a stretch of virtual time, ending with the clock at `time`.
    @discardableResult public func advance(to time: VirtualTime) -> Bool { advance(to: time, stoppingWhen: { false }) }
}

extension Simulation: ClusterRun {
    public var protocolName: String { Node.protocolName }
    public var commandUsages: [CommandUsage] { Node.commands }
    public func commandUsages(at n: NodeID) -> [CommandUsage] { Node.commands(at: n, in: layout) }
    @discardableResult
    public func run(until done: () -> Bool, limit: VirtualTime) -> Bool {
        run(until: { (_: Simulation<Node>) in done() }, limit: limit)
    }
    public func timerList(of n: NodeID) -> [(name: String, deadline: Int64)] {
        timers(of: n).map { ($0.tag.description, $0.deadline) }
    }
    public func messageText(_ id: Int64) -> String? { message(id)?.description }
    public func headline(of n: NodeID) -> NodeHeadline? { node(n)?.headline }
    public func messageKind(_ id: Int64) -> String? { message(id)?.kind }
}
