import ClusterSim

/// A quorum-store client running the shopping-cart workload (`workload:
/// {cart: …}`) as Dynamo's shopping-cart service does (DeCandia et al., SOSP
/// 2007, §4.4): a change reads the cart, **merges the siblings** it gets back
/// (the union of their items: Dynamo's semantic reconciliation), changes one
/// item and writes the cart back with the context it read. Under
/// last-write-wins there is one version and no context.
///
/// Each request goes to a random server, which coordinates it at the
/// client's levels (the coordinator's when it set none). The final reads are
/// at ALL, so they see every replica's versions; one that fails is tried
/// again after the pause.
///
/// As `QuorumClient`: a change whose read fails or times out completes as
/// `fail`; whose write is refused or times out, as `info`.
public struct QuorumCartClient: Sendable, Hashable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: QuorumWorkload
    public private(set) var progress: CartProgress
    /// The request waited on (nil: pausing) and its coordinator.
    public private(set) var request: Int?
    public private(set) var coordinator: NodeID?
    /// The last read's items, its sibling count and its context (vector versioning).
    public private(set) var lastItems: Int64 = 0
    public private(set) var lastSiblings = 0
    var context: VectorClock?
    var lastRequest = 0
    /// The levels this client's requests carry (nil: the coordinator's), as `QuorumClient` keeps them.
    var readLevel: ConsistencyLevel?
    var writeLevel: ConsistencyLevel?

    public init(id: NodeID, layout: ClusterLayout, workload: QuorumWorkload, cart: CartWorkload) {
        self.id = id; self.layout = layout; self.workload = workload
        progress = CartProgress(cart: cart, ops: workload.opsPerClient, id: id, layout: layout)
    }

    public var isDone: Bool { progress.isDone }
    var cart: CartWorkload { progress.cart }

    public mutating func start(_ ctx: inout QuorumContext) { next(&ctx) }

    mutating func next(_ ctx: inout QuorumContext) {
        request = nil
        guard layout.serverCount > 0 else { return }
        let w = cart
        guard let invoke = progress.next({
            let c = ctx.random(below: w.carts), i = ctx.random(below: w.items)
            return w.change(cart: c, item: i, roll: ctx.random(below: w.addWeight + w.removeWeight))
        }) else { return }
        ctx.record(invoke)
        let key = invoke.key, level = invoke.f == "read" ? ConsistencyLevel.all : readLevel
        send({ .clientRead(request: $0, key: key, level: level) }, &ctx)
    }

    mutating func setLevels(read: ConsistencyLevel?, write: ConsistencyLevel?) { readLevel = read; writeLevel = write }

    mutating func send(_ message: (Int) -> QuorumMessage, _ ctx: inout QuorumContext) {
        lastRequest += 1
        request = lastRequest
        let to = NodeID(ctx.random(below: layout.serverCount))
        coordinator = to
        ctx.send(message(lastRequest), to: to)
        ctx.setTimer(.requestTimeout, after: workload.timeout)
    }

    public mutating func receive(_ message: QuorumMessage, from: NodeID, _ ctx: inout QuorumContext) {
        guard case .clientReply(let number, let outcome) = message, number == request else { return }
        switch (progress.step, outcome) {
        case (.reading(let change), .value(let v)):
            read(v.map { [$0] } ?? [], nil)
            write(change, &ctx)
        case (.reading(let change), .siblings(let vs, let clock)):
            read(vs, clock)
            write(change, &ctx)
        case (.writing, .written):
            finish(.ok, &ctx)
        case (.finalRead, .value(let v)):
            read(v.map { [$0] } ?? [], nil)
            finish(.ok, items: lastItems, &ctx)
        case (.finalRead, .siblings(let vs, let clock)):
            read(vs, clock)
            finish(.ok, items: lastItems, &ctx)
        default:
            giveUp(&ctx)
        }
    }

    /// Notes a read's versions, merged as the shopping cart merges them: the union of their items.
    mutating func read(_ versions: [Int64], _ clock: VectorClock?) {
        lastItems = versions.reduce(0) { $0 | $1 }
        lastSiblings = versions.count
        context = clock
    }

    /// Writes the merged cart with the change made (nothing to write if it
    /// changes nothing and there are no siblings to collapse).
    mutating func write(_ change: CartChange, _ ctx: inout QuorumContext) {
        let changed = change.applied(to: lastItems)
        if changed == lastItems, lastSiblings <= 1 { return finish(.ok, &ctx) }
        progress.step = .writing(change)
        let seen = context, level = writeLevel
        send({ r in
            seen.map { .clientUpdate(request: r, key: change.key, value: changed, context: $0, level: level) }
                ?? .clientWrite(request: r, key: change.key, value: changed, level: level)
        }, &ctx)
    }

    /// The client's one timer is the deadline of the request it waits on or,
    /// waiting on none, the end of its pause.
    public mutating func timerFired(_ tag: QuorumTimer, _ ctx: inout QuorumContext) {
        guard tag == .requestTimeout else { return }
        if request != nil { giveUp(&ctx) } else if case .idle = progress.step { next(&ctx) }
    }

    mutating func giveUp(_ ctx: inout QuorumContext) {
        if case .writing = progress.step { finish(.info, &ctx) } else { finish(.fail, &ctx) }
    }

    mutating func finish(_ type: HistoryOperation.Kind, items: Int64? = nil, _ ctx: inout QuorumContext) {
        guard let line = progress.finish(type, items: items) else { return }
        ctx.record(line)
        request = nil
        ctx.cancelTimer(.requestTimeout)
        if !isDone { ctx.setTimer(.requestTimeout, after: max(1, cart.pause)) }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.progress == b.progress && a.request == b.request && a.lastItems == b.lastItems
            && a.context == b.context && a.lastRequest == b.lastRequest && a.readLevel == b.readLevel && a.writeLevel == b.writeLevel
    }

    public func hash(into h: inout Hasher) { h.combine(id); h.combine(progress); h.combine(lastRequest) }

    public var summary: NodeSummary {
        var fields = progress.fields + [.init("last_read", CartItems.show(lastItems)), .init("last_siblings", String(lastSiblings))]
        if let r = request, let c = coordinator { fields.append(.init("waiting", "#\(r) via n\(c.index + 1)")) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
