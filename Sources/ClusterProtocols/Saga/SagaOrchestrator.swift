import ClusterSim

/// One saga in the orchestrator's log: where it is, which steps committed
/// and which of them were compensated.
public struct SagaRecord: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        /// Running this step forward (its Reserve is outstanding).
        case forward(SagaStep)
        /// Compensating this step (its Cancel is outstanding).
        case backward(SagaStep)
        /// Every step committed.
        case completed
        /// Every committed step was compensated.
        case compensated

        public var isFinished: Bool { self == .completed || self == .compensated }
    }
    public var trip: Int
    public var client: NodeID?
    public var phase: Phase
    /// Steps that committed, in the order they did.
    public var committed: [SagaStep] = []
    /// Steps whose compensation committed, in the order they did.
    public var compensated: [SagaStep] = []
    /// The step that refused, if one did.
    public var refusedAt: SagaStep?

    /// Committed steps not compensated yet.
    public var toCompensate: [SagaStep] { committed.filter { !compensated.contains($0) } }

    /// `t1 → car`, `t1 undo hotel`, `t1 done`, `t1 undone`: where the saga stands, short enough for a node box.
    var headline: String {
        switch phase {
        case .forward(let s): "t\(trip) → \(s)"
        case .backward(let s): "t\(trip) undo \(s)"
        case .completed: "t\(trip) done"
        case .compensated: "t\(trip) undone"
        }
    }

    var line: String {
        var parts = [headline]
        if !committed.isEmpty { parts.append("did " + committed.map(\.description).joined(separator: ",")) }
        if let r = refusedAt { parts.append("refused at \(r)") }
        if !compensated.isEmpty { parts.append("undid " + compensated.map(\.description).joined(separator: ",")) }
        return parts.joined(separator: "; ")
    }
}

/// The saga orchestrator (n1 in orchestrated mode): it sends each step its
/// command in order and, when a step refuses, the compensations of the
/// committed steps in reverse order. Its saga log is durable: written before
/// each command goes out, so after a crash it resumes every unfinished saga
/// forward or backward where it stood, resending the outstanding command
/// (the services make that safe by being idempotent).
public struct SagaOrchestrator: Sendable, Hashable {
    public let config: SagaConfig
    /// The saga log, by trip (durable).
    public private(set) var log: [Int: SagaRecord] = [:]

    public init(config: SagaConfig, durable: [Int: SagaRecord]?) {
        self.config = config
        log = durable ?? [:]
    }

    mutating func start(_ context: inout SagaContext) {
        context.setTimer(.retry, after: config.retry)
        let open = log.values.filter { !$0.phase.isFinished }.sorted { $0.trip < $1.trip }
        for r in open {
            context.log("resumes t\(r.trip) from its saga log: \(r.line)")
            context.stateChanged("t\(r.trip) resumed")
            sendOutstanding(r, &context)
        }
    }

    mutating func receive(_ message: SagaMessage, from: NodeID, _ context: inout SagaContext) {
        switch message {
        case .bookTrip(let t): begin(t, client: from, &context)
        case .reserved(let t, let ok): stepAnswered(t, from: from, ok: ok, &context)
        case .cancelled(let t): compensationAnswered(t, from: from, &context)
        default: break
        }
    }

    mutating func timerFired(_ tag: SagaTimer, _ context: inout SagaContext) {
        guard tag == .retry else { return }
        for r in log.values.sorted(by: { $0.trip < $1.trip }) where !r.phase.isFinished { sendOutstanding(r, &context) }
        context.setTimer(.retry, after: config.retry)
    }

    /// A trip request: start its saga, or answer from the log if it already ran.
    mutating func begin(_ t: Int, client: NodeID, _ context: inout SagaContext) {
        if let r = log[t] {
            if r.phase.isFinished { context.send(.tripResult(trip: t, booked: r.phase == .completed), to: client) }
            return
        }
        let r = SagaRecord(trip: t, client: client, phase: .forward(.flight))
        write(r, &context)
        context.log("starts saga t\(t)")
        sendOutstanding(r, &context)
    }

    mutating func stepAnswered(_ t: Int, from: NodeID, ok: Bool, _ context: inout SagaContext) {
        guard var r = log[t], case .forward(let s) = r.phase, s.node == from else { return }  // a duplicate answer
        if ok {
            r.committed.append(s)
            if let next = s.next { r.phase = .forward(next) } else { r.phase = .completed }
        } else {
            r.refusedAt = s
            context.log("t\(t): \(s) refused; compensating \(r.committed.isEmpty ? "nothing" : r.committed.reversed().map(\.description).joined(separator: ", "))")
            if config.mutations.contains(.skipCompensation) {
                r.phase = .compensated
            } else {
                r.phase = nextCompensation(r).map { .backward($0) } ?? .compensated
            }
        }
        advance(r, &context)
    }

    mutating func compensationAnswered(_ t: Int, from: NodeID, _ context: inout SagaContext) {
        guard var r = log[t], case .backward(let s) = r.phase, s.node == from else { return }
        r.compensated.append(s)
        r.phase = nextCompensation(r).map { .backward($0) } ?? .compensated
        advance(r, &context)
    }

    /// The committed step to compensate next: the latest one (the first one, under the mutant).
    func nextCompensation(_ r: SagaRecord) -> SagaStep? {
        config.mutations.contains(.compensateInForwardOrder) ? r.toCompensate.first : r.toCompensate.last
    }

    /// Logs the new state, then sends its command or the trip's result.
    mutating func advance(_ r: SagaRecord, _ context: inout SagaContext) {
        write(r, &context)
        switch r.phase {
        case .completed, .compensated:
            context.stateChanged("t\(r.trip) \(r.phase == .completed ? "completed" : "compensated")")
            if let c = r.client { context.send(.tripResult(trip: r.trip, booked: r.phase == .completed), to: c) }
        default: sendOutstanding(r, &context)
        }
    }

    func sendOutstanding(_ r: SagaRecord, _ context: inout SagaContext) {
        switch r.phase {
        case .forward(let s): context.send(.reserve(trip: r.trip), to: s.node)
        case .backward(let s): context.send(.cancel(trip: r.trip), to: s.node)
        default: break
        }
    }

    /// Writes the record to the saga log, durably, before any command it implies goes out.
    mutating func write(_ r: SagaRecord, _ context: inout SagaContext) {
        log[r.trip] = r
        context.persist(.orchestrator(log))
    }

    /// Finished trips and whether each completed (for the checkers).
    var outcomes: [Int: Bool] {
        var o: [Int: Bool] = [:]
        for r in log.values where r.phase.isFinished { o[r.trip] = r.phase == .completed }
        return o
    }

    public var summary: NodeSummary {
        let open = log.values.filter { !$0.phase.isFinished }.sorted { $0.trip < $1.trip }
        let pending = open.reduce(0) { n, r in
            if case .backward = r.phase { return n + r.toCompensate.count } else { return n }
        }
        let latest = open.last ?? log.values.max(by: { $0.trip < $1.trip })
        let fields = [NodeSummary.Field("saga", latest?.headline ?? "-"),
                      NodeSummary.Field("running", "\(open.count)"),
                      NodeSummary.Field("completed", "\(log.values.filter { $0.phase == .completed }.count)"),
                      NodeSummary.Field("compensated", "\(log.values.filter { $0.phase == .compensated }.count)"),
                      NodeSummary.Field("pending_comp", "\(pending)")]
        return NodeSummary(role: "orchestrator", tone: .leader, fields: fields,
                           details: log.keys.sorted().map { log[$0]!.line })
    }
}
