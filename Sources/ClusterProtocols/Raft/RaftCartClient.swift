import ClusterSim

/// A Raft client running the shopping-cart workload (`workload: {cart: …}`)
/// against the replicated key-value store, with no change to the servers:
/// a change reads the cart and writes it back with a compare-and-set from
/// the value it read, and reads again when another change got in between.
/// So a change either takes effect on the cart as it stood, or not at all.
///
/// A cart that does not exist yet is created by one client only, its owner
/// (cart `c` belongs to client `c mod clients`), with a plain write; the
/// others wait for it (two creators could each overwrite the other's cart).
/// So that nobody waits forever, an owner's changes go to its own carts until
/// it knows they exist.
///
/// Jepsen's conventions, as `KVClient`: a change whose read fails or times
/// out completes as `fail` (nothing was written); whose compare-and-set times
/// out, as `info`, and the client carries on as a new process.
public struct RaftCartClient: Sendable, Hashable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: RaftWorkload
    public private(set) var progress: CartProgress
    public private(set) var target: NodeID
    /// The request waited on (nil: pausing).
    public private(set) var request: (number: Int, op: KVOperation)?
    var lastRequest = 0
    /// Compare-and-sets refused in a row for the current change.
    var conflicts = 0
    /// This client's own carts that it knows exist.
    public private(set) var created: Set<Int> = []

    /// A change gives up (as `fail`) after this many compare-and-sets lost to other changes.
    static let maxConflicts = 20

    public init(id: NodeID, layout: ClusterLayout, workload: RaftWorkload, cart: CartWorkload) {
        self.id = id; self.layout = layout; self.workload = workload
        progress = CartProgress(cart: cart, ops: workload.opsPerClient, id: id, layout: layout)
        target = NodeID(progress.process % max(1, layout.serverCount))
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.progress == b.progress && a.target == b.target && a.request?.number == b.request?.number
            && a.request?.op == b.request?.op && a.lastRequest == b.lastRequest && a.conflicts == b.conflicts
            && a.created == b.created
    }

    public func hash(into h: inout Hasher) { h.combine(id); h.combine(progress); h.combine(lastRequest) }

    public var isDone: Bool { progress.isDone }
    var cart: CartWorkload { progress.cart }

    func owns(_ cart: Int) -> Bool { cart % layout.clientCount == id.index - layout.serverCount }

    public mutating func start(_ context: inout RaftContext) { next(&context) }

    /// Starts the next change (to an own cart not yet known to exist, if
    /// any), or the next final read.
    mutating func next(_ context: inout RaftContext) {
        request = nil
        conflicts = 0
        let uncreated = (0..<cart.carts).first { owns($0) && !created.contains($0) }
        let w = cart
        guard let invoke = progress.next({
            let c = uncreated ?? context.random(below: w.carts), i = context.random(below: w.items)
            return w.change(cart: c, item: i, roll: context.random(below: w.addWeight + w.removeWeight))
        }) else { return }
        context.record(invoke)
        send(.read(invoke.key), &context)
    }

    mutating func send(_ op: KVOperation, _ context: inout RaftContext) {
        lastRequest += 1
        request = (lastRequest, op)
        context.send(.clientRequest(request: lastRequest, op: op), to: target)
        context.setTimer(.requestTimeout, after: workload.timeout)
    }

    public mutating func receive(_ message: RaftMessage, from: NodeID, _ context: inout RaftContext) {
        guard case .clientReply(let number, let outcome) = message, let r = request, r.number == number else { return }
        switch outcome {
        case .redirect(let leader):
            if let leader, leader != from {
                target = leader
                context.send(.clientRequest(request: r.number, op: r.op), to: target)
            } else {
                target = NodeID((from.index + 1) % layout.serverCount)
                context.setTimer(.retry, after: workload.retryBackoff)
            }
        case .result(let result):
            answered(result, &context)
        }
    }

    mutating func answered(_ result: KVResult, _ context: inout RaftContext) {
        switch (progress.step, result) {
        case (.reading(let change), .ok(let value)):
            if owns(change.cart) { created.insert(change.cart) }
            let items = value ?? 0, changed = change.applied(to: items)
            if changed == items { return finish(.ok, &context) }  // already so: nothing to write
            progress.step = .writing(change)
            send(.cas(change.key, from: items, to: changed), &context)
        case (.reading(let change), .error(.keyDoesNotExist)):
            if owns(change.cart) {
                progress.step = .writing(change)
                send(.write(change.key, change.applied(to: 0)), &context)
            } else {
                waitAndRetry(&context)  // the owner has not created the cart yet
            }
        case (.reading, .error):
            finish(.fail, &context)
        case (.writing(let change), .ok):
            if owns(change.cart) { created.insert(change.cart) }
            finish(.ok, &context)
        case (.writing(let change), .error(let e)) where e.isDefinite:
            // Another change got in between: read the cart again.
            conflicts += 1
            if conflicts > Self.maxConflicts { return finish(.fail, &context) }
            progress.step = .reading(change)
            send(.read(change.key), &context)
        case (.writing, .error):
            finish(.info, &context)
        case (.finalRead, .ok(let value)):
            finish(.ok, items: value ?? 0, &context)
        case (.finalRead, .error(.keyDoesNotExist)):
            finish(.ok, items: 0, &context)
        case (.finalRead, .error):
            finish(.fail, &context)
        case (.idle, _):
            break
        }
    }

    /// Asks for the cart again after a pause, within the same change.
    mutating func waitAndRetry(_ context: inout RaftContext) {
        request = nil
        context.cancelTimer(.requestTimeout)
        context.setTimer(.retry, after: max(workload.retryBackoff, cart.pause))
    }

    public mutating func timerFired(_ tag: RaftTimer, _ context: inout RaftContext) {
        switch tag {
        case .retry:
            if let r = request {
                context.send(.clientRequest(request: r.number, op: r.op), to: target)
            } else if case .reading(let change) = progress.step {
                send(.read(change.key), &context)
            } else if case .idle = progress.step {
                next(&context)
            }
        case .requestTimeout:
            guard request != nil else { return }
            // The server may be down or cut off: try any other.
            let r = context.random(below: max(1, layout.serverCount - 1))
            target = NodeID(r >= target.index ? r + 1 : r)
            if case .writing = progress.step { finish(.info, &context) } else { finish(.fail, &context) }
        case .election, .heartbeat, .quorumCheck:
            break
        }
    }

    /// Records the end of the change or read under way and, after the pause, starts the next.
    mutating func finish(_ type: HistoryOperation.Kind, items: Int64? = nil, _ context: inout RaftContext) {
        guard let line = progress.finish(type, items: items) else { return }
        context.record(line)
        request = nil
        context.cancelTimer(.requestTimeout)
        context.cancelTimer(.retry)
        if !isDone { context.setTimer(.retry, after: max(1, cart.pause)) }
    }

    public var summary: NodeSummary {
        var fields = progress.fields + [.init("server", "n\(target.index + 1)")]
        if let r = request { fields.append(.init("waiting", "#\(r.number) \(r.op)")) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
