import ClusterSim

/// The job manager: places tasks on live workers, coordinates checkpoints
/// (one at a time) and, when a worker running tasks fails, restores every
/// task from the last completed checkpoint in a new epoch.
public struct StreamJobManager: Sendable, Hashable {
    /// A checkpoint the coordinator has triggered: the snapshots acked so far.
    public struct InProgress: Sendable, Hashable {
        public var number: Int
        public var acked: [StreamTaskID: StreamTaskState] = [:]
        /// Checkpoint intervals this one has been running.
        public var age = 0
    }
    /// A checkpoint not complete after this many intervals is given up (a
    /// trigger or barrier went to a worker that failed).
    static let checkpointTimeout = 3
    /// A completed checkpoint: one snapshot per task.
    public struct Completed: Sendable, Hashable {
        public var number: Int
        public var states: [StreamTaskID: StreamTaskState]
    }

    let config: StreamConfig
    let workers: [NodeID]
    public private(set) var durable: StreamJobDurable
    public private(set) var placement: [StreamTaskID: NodeID] = [:]
    public private(set) var inProgress: InProgress?
    private var live: Set<NodeID>
    private var heard: Set<NodeID> = []
    private var incarnations: [NodeID: Int] = [:]

    public var epoch: Int { durable.epoch }
    public var lastCompleted: Completed? { durable.lastCompleted }
    public var restores: Int { durable.restores }
    public var finished: Bool { durable.finished }

    init(config: StreamConfig, layout: ClusterLayout, durable: StreamJobDurable?) {
        self.config = config
        workers = layout.servers.filter { $0.index >= 2 }
        self.durable = durable ?? StreamJobDurable()
        live = Set(workers)
    }

    mutating func start(_ context: inout StreamContext) {
        restore(&context)
        context.setTimer(.checkpoint, after: config.checkpointInterval)
        context.setTimer(.liveness, after: config.failureTimeout)
    }

    mutating func receive(_ message: StreamMessage, from: NodeID, _ context: inout StreamContext) {
        switch message {
        case .heartbeat(let incarnation):
            heard.insert(from)
            let restarted = incarnations[from].map { $0 != incarnation } ?? false
            incarnations[from] = incarnation
            let wasDead = !live.contains(from)
            live.insert(from)
            if restarted && hosts(from) {
                context.log("n\(from.index + 1) restarted: its tasks lost their state")
                restore(&context)
            } else if wasDead && placement.isEmpty {
                restore(&context)
            }
        case .ack(let e, let n, let task, let state) where e == epoch && inProgress?.number == n:
            inProgress!.acked[task] = state
            guard inProgress!.acked.count == config.tasks.count else { return }
            let done = Completed(number: n, states: inProgress!.acked)
            inProgress = nil
            durable.lastCompleted = done
            if case .sink(let s)? = done.states[.sink], s.finished { durable.finished = true }
            context.persist(.jobManager(durable))
            context.stateChanged("checkpoint \(n) complete")
            context.log("checkpoint \(n) complete" + (durable.finished ? "; job finished" : ""))
            for w in Set(placement.values).sorted() { context.send(.complete(epoch: epoch, checkpoint: n), to: w) }
        default: break
        }
    }

    mutating func timerFired(_ tag: StreamTimer, _ context: inout StreamContext) {
        switch tag {
        case .checkpoint:
            context.setTimer(.checkpoint, after: config.checkpointInterval)
            if let p = inProgress {
                inProgress!.age += 1
                guard p.age + 1 >= Self.checkpointTimeout else { return }
                context.log("checkpoint \(p.number) expired with \(p.acked.count)/\(config.tasks.count) acks")
                context.stateChanged("checkpoint \(p.number) expired")
                inProgress = nil
            }
            trigger(&context)
        case .liveness:
            context.setTimer(.liveness, after: config.failureTimeout)
            let silent = live.subtracting(heard)
            heard = []
            guard !silent.isEmpty else { return }
            live.subtract(silent)
            let names = silent.sorted().map { "n\($0.index + 1)" }.joined(separator: ", ")
            if silent.contains(where: hosts) {
                context.log("\(names) silent for \(DurationText.format(config.failureTimeout)): restoring")
                restore(&context)
            }
        default: break
        }
    }

    /// Starts checkpoint n: barriers are injected at the sources.
    mutating func trigger(_ context: inout StreamContext) {
        guard inProgress == nil, !durable.finished, !placement.isEmpty else { return }
        let n = durable.nextCheckpoint
        durable.nextCheckpoint += 1
        context.persist(.jobManager(durable))
        inProgress = InProgress(number: n)
        context.stateChanged("checkpoint \(n) triggered")
        let nodes = Set(config.tasks.compactMap { task -> NodeID? in
            if case .source = task { return placement[task] } else { return nil }
        })
        for node in nodes.sorted() { context.send(.trigger(epoch: epoch, checkpoint: n), to: node) }
    }

    /// A new epoch: every task from the last completed checkpoint (or from
    /// the start), spread round-robin over the live workers.
    private mutating func restore(_ context: inout StreamContext) {
        inProgress = nil
        let targets = workers.filter(live.contains)
        guard !targets.isEmpty else {
            placement = [:]
            context.log("no live worker: the job waits")
            return
        }
        durable.epoch += 1
        if durable.epoch > 1 { durable.restores += 1 }
        placement = [:]
        for (i, task) in config.tasks.enumerated() { placement[task] = targets[i % targets.count] }
        let from = durable.lastCompleted?.number ?? 0
        context.persist(.jobManager(durable))
        if durable.epoch > 1 { context.stateChanged("restore from checkpoint \(from)") }
        for w in workers {
            context.send(.deploy(epoch: epoch, from: from, placement: placement,
                                 states: durable.lastCompleted?.states ?? [:]), to: w)
        }
    }

    private func hosts(_ node: NodeID) -> Bool { placement.values.contains(node) }
}

/// What the job manager keeps across its own crash: the epoch, the
/// checkpoint counter and the last completed checkpoint (Flink keeps these
/// in its high-availability store).
public struct StreamJobDurable: Sendable, Hashable {
    public var epoch = 0
    public var nextCheckpoint = 1
    public var lastCompleted: StreamJobManager.Completed?
    public var restores = 0
    public var finished = false
}
