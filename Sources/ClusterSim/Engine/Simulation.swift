/// Options that trade what a run records for speed.
public struct SimulationOptions: Sendable, Hashable {
    /// Maintain Lamport and vector clocks on every event.
    public var clocks: Bool
    /// Record every event in the trace (required for time travel and exports).
    public var trace: Bool
    /// Steps between time-travel snapshots; 0 turns stepping back off.
    public var snapshotInterval: Int
    /// A run that takes more than this many steps (plus 16 per node, for
    /// the starts and a round of messages) without virtual time moving has
    /// stopped advancing: a zero-length timer, or messages answered at
    /// zero latency forever. The run stops with a `.stalled` violation
    /// naming the node and the timer or message.
    public var stepsPerInstant: Int

    public init(clocks: Bool = true, trace: Bool = true, snapshotInterval: Int = 16_384,
                stepsPerInstant: Int = 100_000) {
        self.clocks = clocks; self.trace = trace
        self.snapshotInterval = trace ? snapshotInterval : 0
        self.stepsPerInstant = stepsPerInstant
    }
}

/// A safety property checked after every step.
public struct Invariant<Node: NodeStateMachine> {
    public var name: String
    /// Returns a description of what is wrong, or nil when the property holds.
    public var check: (Simulation<Node>) -> String?
    public init(_ name: String, check: @escaping (Simulation<Node>) -> String?) {
        self.name = name; self.check = check
    }
}

/// A broken invariant: which, why, and the event that broke it. A run
/// that stopped advancing (`.stalled`) is reported the same way: it stops
/// the run, and stepping back before it clears it.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A safety property does not hold.
        case safety
        /// Virtual time stopped moving: too many steps at one instant.
        case stalled
    }
    public var kind: Kind = .safety
    public var invariant: String
    public var message: String
    public var step: Int64
    public var time: Int64
    /// Index of the last trace event of the offending step (-1 without a trace).
    public var event: Int
    public var description: String {
        switch kind {
        case .safety: return "\(invariant) violated at \(DurationText.format(time)) (step \(step)): \(message)"
        case .stalled: return "the run stopped advancing at \(DurationText.format(time)) (step \(step)): \(message)"
        }
    }
}

/// One whole cluster, run deterministically in this process.
///
/// A run is a function of (nodes' code and config, seed, scripted actions,
/// user actions): the event queue is ordered by (time, sequence number), one
/// seeded generator makes every random choice, and user actions are steps of
/// their own, recorded with the step at which they happened. `step()` does
/// exactly one thing: a user action, or one event from the queue.
public final class Simulation<Node: NodeStateMachine> {
    public let layout: ClusterLayout
    public let config: Node.Config
    public let options: SimulationOptions
    /// Steps at one instant after which the run counts as stalled (kept, not
    /// recomputed: `step()` is the engine's hot path).
    let stallLimit: Int
    public let seed: UInt64

    var state: EngineState<Node>
    public internal(set) var trace = Trace()
    /// Payload of every message sent, by id (kept only with the trace on):
    /// message `m` is `messages[m - firstMessage]`, or in `keptMessages`
    /// if it was in flight when the past was forgotten.
    var messages: [Node.Message] = []
    var firstMessage: Int64 = 0
    var keptMessages: [Int64: Node.Message] = [:]
    /// Called with the index of every trace event as it is recorded, while
    /// the run's clocks are those of that event: what streams a run out.
    public var onEvent: ((Int) -> Void)?
    var scripted: [(time: Int64, action: ClusterAction)] = []
    /// User actions with the step at which each was applied.
    public internal(set) var userActions: [(step: Int64, time: Int64, action: ClusterAction)] = []
    /// The steps of `userActions` a lab's script took (labelled `[lab]`).
    var labActionSteps: Set<Int64> = []
    var snapshots: [Snapshot] = []
    var invariants: [Invariant<Node>] = []
    public internal(set) var violation: Violation?
    var context: NodeContext<Node>
    public let clockIndex: VectorClockIndex

    struct Snapshot {
        var state: EngineState<Node>
        var mark: Trace.Mark
        var messages: Int
        var step: Int64 { state.step }
    }

    /// Makes a run whose nodes all start at time 0 (in id order) and whose
    /// scripted actions happen at their times.
    public init(layout: ClusterLayout, config: Node.Config, seed: UInt64,
                network: LinkSettings = LinkSettings(),
                script: [(time: Int64, action: ClusterAction)] = [],
                options: SimulationOptions = SimulationOptions()) {
        self.layout = layout
        self.config = config
        self.seed = seed
        self.options = options
        stallLimit = options.stepsPerInstant + 16 * layout.count
        state = EngineState(layout: layout, seed: seed, network: Network(layout: layout, defaults: network))
        context = NodeContext(id: NodeID(0), layout: layout)
        clockIndex = VectorClockIndex(processes: layout.count)
        scripted = script
        for i in 0..<layout.count {
            state.nodes[i] = Node(id: NodeID(i), layout: layout, config: config, durable: nil)
            state.schedule(at: 0, .start(node: Int32(i)))
        }
        for (i, s) in script.enumerated() { state.schedule(at: s.time, .scripted(index: Int32(i))) }
        if options.snapshotInterval > 0 { snapshots.append(Snapshot(state: state, mark: trace.mark, messages: 0)) }
    }

    /// Adds a safety property checked after every step.
    public func addInvariant(_ invariant: Invariant<Node>) { invariants.append(invariant) }

    // MARK: Running

    /// Virtual time of the latest step.
    public var now: VirtualTime { VirtualTime(microseconds: state.now) }
    /// Steps taken so far.
    public var stepCount: Int64 { state.step }
    /// When the next queued event happens, if any.
    public var nextEventTime: VirtualTime? { state.queue.first.map { VirtualTime(microseconds: $0.time) } }
    public var network: Network { state.network }

    /// Does one step: the next recorded user action if one is due, otherwise
    /// the earliest event. Returns false when there is nothing to do or an
    /// invariant is broken.
    @discardableResult
    public func step() -> Bool {
        if violation != nil { return false }
        if state.actionCursor < userActions.count, userActions[state.actionCursor].step == state.step {
            let a = userActions[state.actionCursor]
            state.actionCursor += 1
            if a.time > state.now { state.now = a.time; state.stepsAtNow = 0 }
            apply(a.action, byUser: true, byLab: labActionSteps.contains(a.step))
        } else {
            guard let (key, payload) = state.queue.pop() else { return false }
            if key.time > state.now {
                state.now = key.time
                state.stepsAtNow = 1
            } else {
                state.stepsAtNow += 1
                if state.stepsAtNow > stallLimit { return stall(on: payload) }
            }
            process(ScheduledEvent(time: key.time, seq: key.seq, payload: payload))
        }
        state.step += 1
        if !invariants.isEmpty { checkInvariants() }
        if options.snapshotInterval > 0, state.step % Int64(options.snapshotInterval) == 0 {
            snapshots.append(Snapshot(state: state, mark: trace.mark, messages: messages.count))
        }
        return true
    }

    /// Runs every event up to and including `time`. Returns false if it
    /// stopped early on a violation.
    @discardableResult
    public func run(until time: VirtualTime) -> Bool {
        while violation == nil {
            if state.actionCursor < userActions.count, userActions[state.actionCursor].step == state.step {
                step(); continue
            }
            guard let next = state.queue.first, next.time <= time.microseconds else { break }
            step()
        }
        return violation == nil
    }

    /// Runs for a stretch of virtual time, as "run for 500ms" means it: every
    /// event up to and including `time`, then, if the clock is still short of
    /// `time` (nothing happened in between), one more step that moves it
    /// there. That step is recorded like a user action (`.advanceClock`), so
    /// stepping back and forward, and a saved session, reproduce it.
    ///
    /// `stop` is checked after every step; when it holds, or a checker
    /// fails, the run stops where it is and the clock stays. Returns whether
    /// the clock reached `time`.
    @discardableResult
    public func advance(to time: VirtualTime, stoppingWhen stop: () -> Bool) -> Bool {
        while violation == nil {
            if !isUserActionDue {
                guard let next = state.queue.first, next.time <= time.microseconds else { break }
            }
            guard step() else { break }
            if stop() { return false }
        }
        guard violation == nil else { return false }
        if state.now < time.microseconds { perform(.advanceClock(to: time.microseconds), at: time) }
        return violation == nil && state.now >= time.microseconds
    }

    /// Whether a recorded user action (replayed after stepping back) is the next step.
    var isUserActionDue: Bool {
        state.actionCursor < userActions.count && userActions[state.actionCursor].step == state.step
    }

    /// Runs `count` steps (fewer if the queue empties or an invariant breaks).
    @discardableResult
    public func run(steps count: Int64) -> Int64 {
        var done: Int64 = 0
        while done < count, step() { done += 1 }
        return done
    }

    /// Runs until `done` holds, checking after every step, but not past
    /// `limit`. Returns whether `done` holds.
    @discardableResult
    public func run(until done: (Simulation<Node>) -> Bool, limit: VirtualTime) -> Bool {
        while !done(self) {
            let due = state.actionCursor < userActions.count && userActions[state.actionCursor].step == state.step
            if !due {
                guard let next = state.queue.first, next.time <= limit.microseconds else { return false }
            }
            guard step() else { return done(self) }
        }
        return true
    }

    // MARK: Events

    @inline(__always)
    func process(_ event: ScheduledEvent<Node>) {
        switch event.payload {
        case .deliver(let env):
            let to = Int(env.to)
            switch state.status[to] {
            case .paused:
                state.held[to].append(event)
            case .crashed:
                drop(env, .crashed)
            case .up:
                if !state.network.canDeliver(from: NodeID(Int(env.from)), to: NodeID(to)) {
                    drop(env, .partition)
                } else {
                    deliver(env)
                }
            }
        case .timer(let node, let id, let tag):
            let p = Int(node)
            guard state.timers[p][tag]?.id == id else { return }  // cancelled, reset, or crashed since
            if state.status[p] == .paused { state.held[p].append(event); return }
            state.timers[p][tag] = nil
            tick(p)
            record(.timer, node: p, detail: options.trace ? trace.addText(tag.description) : -1)
            runHandler(p) { node, ctx in node.timerFired(tag, &ctx) }
        case .start(let node):
            let p = Int(node)
            guard state.status[p] == .up else { return }
            tick(p)
            record(.start, node: p)
            runHandler(p) { node, ctx in node.start(&ctx) }
        case .scripted(let index):
            apply(scripted[Int(index)].action, byUser: false)
        }
    }

    @inline(__always)
    private func deliver(_ env: Envelope<Node.Message>) {
        let p = Int(env.to)
        if options.clocks {
            state.lamport[p] = max(state.lamport[p], env.lamport) &+ 1
            let n = layout.count
            mergeClock(into: p, fromSlot: Int(env.clockSlot), n: n)
            state.clocks[p * n + p] &+= 1
            state.pool.release(env.clockSlot)
        }
        record(.deliver, node: p, peer: Int(env.from), message: env.id)
        let from = NodeID(Int(env.from))
        let message = env.message
        runHandler(p) { node, ctx in node.receive(message, from: from, &ctx) }
    }

    /// Node p's vector becomes the entrywise max of itself and the message's
    /// (branch-free, so the compiler vectorises it).
    @inline(__always)
    private func mergeClock(into p: Int, fromSlot slot: Int, n: Int) {
        let base = p * n, src = slot * n
        var clocks = state.clocks
        state.clocks = []  // hand the buffer over so the merge edits it in place
        state.pool.storage.withUnsafeBufferPointer { msg in
            clocks.withUnsafeMutableBufferPointer { row in
                let m = UnsafePointer(msg.baseAddress! + src), r = row.baseAddress! + base
                for k in 0..<n { r[k] = max(r[k], m[k]) }
            }
        }
        state.clocks = clocks
    }

    func drop(_ env: Envelope<Node.Message>, _ reason: TraceEvent.DropReason) {
        if options.clocks { state.pool.release(env.clockSlot) }
        record(.drop, node: Int(env.to), peer: Int(env.from), message: env.id,
               detail: reason.rawValue, flags: TraceEvent.noClock)
    }

    /// Calls one handler with a fresh context, then applies its effects.
    @inline(__always)
    func runHandler(_ p: Int, _ body: (inout Node, inout NodeContext<Node>) -> Void) {
        context.reset(for: NodeID(p), lamport: state.lamport[p])
        context.random = state.random
        body(&state.nodes[p]!, &context)
        state.random = context.random
        applyEffects(of: p)
    }

    private func applyEffects(of p: Int) {
        if let d = context.persisted { state.durable[p] = d }
        if !context.stateChanges.isEmpty {
            for note in context.stateChanges {
                tick(p); record(.state, node: p, detail: options.trace ? trace.addText(note) : -1)
            }
        }
        if !context.logLines.isEmpty {
            for line in context.logLines {
                tick(p); record(.log, node: p, detail: options.trace ? trace.addText(line) : -1)
            }
        }
        if !context.history.isEmpty {
            for op in context.history {
                tick(p)
                let kind: TraceEvent.Kind
                switch op.type { case .invoke: kind = .invoke; case .ok: kind = .ok; case .fail: kind = .fail; case .info: kind = .info }
                record(kind, node: p, detail: options.trace ? trace.addOperation(op) : -1)
            }
        }
        if !context.timersCancelled.isEmpty {
            for tag in context.timersCancelled { state.timers[p][tag] = nil }
        }
        if !context.timersSet.isEmpty {
            for t in context.timersSet {
                let jitter = t.jitter > 0 ? state.random.int(in: 0...t.jitter) : 0
                let id = state.nextTimer; state.nextTimer &+= 1
                let deadline = SaturatingTime.add(SaturatingTime.add(state.now, t.delay), jitter)
                state.timers[p][t.tag] = TimerSlot(id: id, deadline: deadline)
                state.schedule(at: deadline, .timer(node: Int32(p), id: id, tag: t.tag))
            }
        }
        if !context.sends.isEmpty {
            // Indexing (rather than iterating) the class-held array avoids retaining its buffer per step.
            var i = 0
            while i < context.sends.count {
                let s = context.sends[i]
                send(s.message, from: p, to: s.to.index)
                i += 1
            }
        }
    }

    private func send(_ message: Node.Message, from p: Int, to q: Int) {
        precondition(q >= 0 && q < layout.count, "node \(layout.name(NodeID(p))) sent to unknown node #\(q)")
        tick(p)
        let id = state.nextMessage; state.nextMessage &+= 1
        if options.trace { messages.append(message) }  // before the event, so `onEvent` can read it
        let sendIndex = record(.send, node: p, peer: q, message: id)
        if options.trace { trace.noteSend(message: id, event: sendIndex) }
        let from = NodeID(p), to = NodeID(q)
        let link = state.network.settings(from: from, to: to)
        if !state.network.canDeliver(from: from, to: to) {
            record(.drop, node: q, peer: p, message: id, detail: TraceEvent.DropReason.partition.rawValue, flags: TraceEvent.noClock)
            return
        }
        if link.loss > 0, state.random.chance(link.loss) {
            record(.drop, node: q, peer: p, message: id, detail: TraceEvent.DropReason.lost.rawValue, flags: TraceEvent.noClock)
            return
        }
        enqueue(message, id: id, from: p, to: q, link: link)
        if link.duplicate > 0, state.random.chance(link.duplicate) {
            let copy = state.nextMessage; state.nextMessage &+= 1
            if options.trace { trace.noteSend(message: copy, event: sendIndex); messages.append(message) }
            enqueue(message, id: copy, from: p, to: q, link: link)
        }
    }

    @inline(__always)
    private func enqueue(_ message: Node.Message, id: Int64, from p: Int, to q: Int, link: LinkSettings) {
        var latency = link.latency.sample(&state.random)
        if link.slowdown != 1 { latency = SaturatingTime.rounded(Double(latency) * link.slowdown) }
        if link.reorder > 0, state.random.chance(link.reorder) {
            latency = SaturatingTime.multiply(latency, 2 + Int64(state.random.below(4)))
        }
        var slot: Int32 = -1
        if options.clocks {
            slot = state.pool.store(row: p, of: state.clocks)
        }
        let env = Envelope(id: id, from: Int32(p), to: Int32(q), sentAt: state.now,
                           lamport: state.lamport[p], clockSlot: slot, message: message)
        var leaves = state.now
        if let rate = link.rate { leaves = transmit(message, from: p, to: q, rate: rate) }
        state.schedule(at: SaturatingTime.add(leaves, max(0, latency)), .deliver(env))
    }

    /// Queues a message on a link with a rate, first in first out: it starts
    /// when the link has sent everything before it and holds the link for
    /// its size / rate. Returns when its last byte has left.
    private func transmit(_ message: Node.Message, from p: Int, to q: Int, rate: Int64) -> Int64 {
        let key = p * layout.count + q
        let starts = max(state.now, state.linkBusyUntil[key] ?? 0)
        let leaves = SaturatingTime.add(starts, ByteRate.serialisation(bytes: message.wireSize, rate: rate))
        state.linkBusyUntil[key] = leaves
        return leaves
    }

    /// Ticks node p's clocks for a local event.
    @inline(__always)
    func tick(_ p: Int) {
        guard options.clocks else { return }
        state.lamport[p] &+= 1
        state.clocks[p * layout.count + p] &+= 1
    }

    @inline(__always) @discardableResult
    func record(_ kind: TraceEvent.Kind, node: Int, peer: Int = -1, message: Int64 = -1,
                detail: Int32 = -1, flags: UInt8 = 0) -> Int {
        guard options.trace else { return -1 }
        let ticks = flags & TraceEvent.noClock == 0 && node >= 0
        let index = trace.append(TraceEvent(time: state.now, lamport: ticks ? state.lamport[node] : 0,
                                            step: state.step, message: message, node: Int32(node),
                                            peer: Int32(peer), detail: detail, kind: kind, flags: flags))
        if let onEvent { onEvent(index) }
        return index
    }

    private func checkInvariants() {
        for inv in invariants {
            if let message = inv.check(self) {
                violation = Violation(invariant: inv.name, message: message, step: state.step - 1,
                                      time: state.now, event: trace.count - 1)
                return
            }
        }
    }
}
