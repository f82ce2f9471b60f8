import ClusterSim

/// A worker: runs the tasks the job manager placed on it, moves items
/// between tasks over FIFO channels (in-process when both ends are local),
/// and heartbeats the job manager.
public struct StreamWorker: Sendable, Hashable {
    struct Channel: Sendable, Hashable { var from: StreamTaskID; var to: StreamTaskID }
    struct Inbox: Sendable, Hashable { var next = 0; var early: [Int: StreamItem] = [:] }
    struct Delivery: Sendable, Hashable { var from: StreamTaskID; var to: StreamTaskID; var item: StreamItem }

    let id: NodeID
    let config: StreamConfig
    let log: StreamInputLog
    public private(set) var incarnation: Int
    public private(set) var epoch = 0
    public private(set) var restoredFrom = 0
    public private(set) var lastCompleted = 0
    private var placement: [StreamTaskID: NodeID] = [:]
    private(set) var sources: [Int: StreamSourceTask] = [:]
    private(set) var windows: [Int: StreamWindowTask] = [:]
    private(set) var sink: StreamSinkTask?
    private var sent: [Channel: Int] = [:]
    private var inboxes: [Channel: Inbox] = [:]
    private var storeSeq = 0
    /// Data and triggers of an epoch whose deployment has not arrived yet.
    private var futureEpoch: [StreamMessage] = []
    /// The last checkpoint whose barrier this worker's sources injected.
    private var injected = 0

    init(id: NodeID, config: StreamConfig, incarnation: Int) {
        self.id = id; self.config = config; self.log = config.inputLog; self.incarnation = incarnation
    }

    mutating func start(_ context: inout StreamContext) {
        context.persist(.worker(incarnation: incarnation))
        context.send(.heartbeat(incarnation: incarnation), to: StreamRoles.jobManager)
        context.setTimer(.heartbeat, after: config.heartbeat)
    }

    mutating func receive(_ message: StreamMessage, from: NodeID, _ context: inout StreamContext) {
        switch message {
        case .deploy(let e, let n, let placement, let states) where e > epoch:
            deploy(epoch: e, from: n, placement: placement, states: states, &context)
        case .trigger(let e, let n) where e == epoch && n > injected:
            // A duplicated trigger must not inject barrier n twice: the second
            // would block an aligned channel for good, or pre-commit again.
            injected = n
            for p in sources.keys.sorted() {
                var out = StreamTaskOutput()
                sources[p]!.inject(n, config, &out)
                dispatch(out, from: .source(p), &context)
            }
            drain(&context)
        case .complete(let e, let n) where e == epoch:
            lastCompleted = max(lastCompleted, n)
            if sink != nil {
                var out = StreamTaskOutput()
                sink!.checkpointCompleted(n, &out)
                dispatch(out, from: .sink, &context)
            }
        case .data(let e, _, _, _, _) where e > epoch, .trigger(let e, _) where e > epoch:
            // Overtook this epoch's deployment (sent by a worker, or by n1, that had it first).
            futureEpoch.append(message)
        case .data(let e, let f, let t, let seq, let item) where e == epoch && placement[t] == id:
            let channel = Channel(from: f, to: t)
            var inbox = inboxes[channel, default: Inbox()]
            guard seq >= inbox.next else { return }
            inbox.early[seq] = item
            var ready: [StreamItem] = []
            while let next = inbox.early.removeValue(forKey: inbox.next) { ready.append(next); inbox.next += 1 }
            inboxes[channel] = inbox
            for item in ready { local.append(Delivery(from: f, to: t, item: item)) }
            drain(&context)
        default: break
        }
    }

    mutating func timerFired(_ tag: StreamTimer, _ context: inout StreamContext) {
        switch tag {
        case .heartbeat:
            context.send(.heartbeat(incarnation: incarnation), to: StreamRoles.jobManager)
            context.setTimer(.heartbeat, after: config.heartbeat)
        case .emit:
            for p in sources.keys.sorted() {
                var out = StreamTaskOutput()
                sources[p]!.emit(log, config, &out)
                dispatch(out, from: .source(p), &context)
            }
            drain(&context)
            if sources.values.contains(where: { !$0.state.ended }) { context.setTimer(.emit, after: config.emitEvery) }
        default: break
        }
    }

    /// Replaces every task by the ones placed here, from the given states.
    private mutating func deploy(epoch e: Int, from n: Int, placement: [StreamTaskID: NodeID],
                                 states: [StreamTaskID: StreamTaskState], _ context: inout StreamContext) {
        epoch = e; restoredFrom = n; self.placement = placement; lastCompleted = max(lastCompleted, n)
        sources = [:]; windows = [:]; sink = nil; sent = [:]; inboxes = [:]; local = []; storeSeq = 0; injected = 0
        for (task, node) in placement.sorted(by: { $0.key < $1.key }) where node == id {
            switch (task, states[task] ?? .initial(task, config)) {
            case (.source(let p), .source(let s)): sources[p] = StreamSourceTask(partition: p, state: s)
            case (.window(let w), .window(let s)):
                windows[w] = StreamWindowTask(index: w, size: config.window, state: s,
                                              aligner: StreamAligner(inputs: config.partitions, mode: config.alignment))
            case (.sink, .sink(let s)):
                sink = StreamSinkTask(kind: config.sink, state: s,
                                      aligner: StreamAligner(inputs: config.parallelism, mode: config.alignment))
            default: break
            }
        }
        let names = placement.keys.sorted().filter { placement[$0] == id }.map(\.description)
        context.log(n == 0 ? "runs \(names.joined(separator: ", ")) (epoch \(e))"
                           : "restores \(names.joined(separator: ", ")) from checkpoint \(n) (epoch \(e))")
        if sink != nil, n > 0 {
            var out = StreamTaskOutput()
            sink!.recover(&out)
            dispatch(out, from: .sink, &context)
        }
        context.cancelTimer(.emit)
        if !sources.isEmpty { context.setTimer(.emit, after: config.emitEvery) }
        let waiting = futureEpoch
        futureEpoch = []
        for m in waiting {
            switch m {
            case .data(let me, _, _, _, _) where me >= e, .trigger(let me, _) where me >= e: receive(m, from: StreamRoles.jobManager, &context)
            default: break
            }
        }
    }

    private var local: [Delivery] = []

    /// Sends what a task produced: acks to the job manager, store operations
    /// to the store, items to the next tasks (queued here when local).
    private mutating func dispatch(_ out: StreamTaskOutput, from task: StreamTaskID, _ context: inout StreamContext) {
        for ack in out.acks {
            context.send(.ack(epoch: epoch, checkpoint: ack.checkpoint, task: task, state: ack.state), to: StreamRoles.jobManager)
        }
        for op in out.storeOps {
            context.send(.store(epoch: epoch, seq: storeSeq, op: op), to: StreamRoles.store)
            storeSeq += 1
        }
        for send in out.sends {
            guard let node = placement[send.to] else { continue }
            if node == id { local.append(Delivery(from: task, to: send.to, item: send.item)); continue }
            let channel = Channel(from: task, to: send.to)
            let seq = sent[channel, default: 0]
            sent[channel] = seq + 1
            context.send(.data(epoch: epoch, from: task, to: send.to, seq: seq, item: send.item), to: node)
        }
    }

    /// Delivers queued local items, in order, until none is left.
    private mutating func drain(_ context: inout StreamContext) {
        while !local.isEmpty {
            let d = local.removeFirst()
            var out = StreamTaskOutput()
            switch (d.to, d.from) {
            case (.window(let w), .source(let p)) where windows[w] != nil: windows[w]!.receive(d.item, from: p, &out)
            case (.sink, .window(let w)) where sink != nil: sink!.receive(d.item, from: w, &out)
            default: continue
            }
            dispatch(out, from: d.to, &context)
        }
    }

    /// The tasks running here, in dataflow order.
    var taskNames: [String] { placement.keys.sorted().filter { placement[$0] == id }.map(\.description) }
}
