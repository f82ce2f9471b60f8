import ClusterSim

/// A client taking the lock as clientv3/concurrency's Mutex does, then
/// writing to the storage server with its fencing token.
///
/// Each round: grant a lease (kept alive every TTL/3), put `prefix/LEASE`
/// with it; the key with the lowest create revision holds the lock, and a
/// waiter watches only the key just before its own for deletion. The holder
/// works, writes to storage with its key's create revision as the token,
/// then releases by revoking its lease (which deletes the key).
///
/// What it believes is what it acts on: a client paused while holding (a GC
/// pause, Kleppmann 2016) wakes with its work timer due and writes at once,
/// before any keepalive could tell it the lease is gone.
public struct LockClient: Sendable {
    public enum Phase: String, Sendable, Hashable {
        case granting, locking, waiting, holding, writing, releasing, thinking, done
    }

    public let id: NodeID
    let config: EtcdConfig
    let layout: ClusterLayout
    public private(set) var phase: Phase = .granting
    /// Whether this client believes it holds the lock.
    public private(set) var holds = false
    public private(set) var lease: Int?
    public private(set) var key: String?
    /// The fencing token: the create revision of this client's lock key.
    public private(set) var token: Int?
    public private(set) var waitingFor: String?
    public private(set) var rounds = 0
    public private(set) var accepted = 0
    public private(set) var rejected = 0
    /// The member requests go to (the leader, once known).
    var target: NodeID
    var nextRequest = 1
    var op: (id: Int, call: EtcdCall)?
    var keepAliveID: Int?
    var pollID: Int?
    var pollAfter = 0

    init(id: NodeID, layout: ClusterLayout, config: EtcdConfig) {
        self.id = id; self.layout = layout; self.config = config
        target = NodeID((id.index - layout.serverCount) % config.members)
    }

    var storage: NodeID? { layout.serverCount > config.members ? NodeID(config.members) : nil }

    public mutating func start(_ context: inout EtcdContext) { beginRound(&context) }

    mutating func beginRound(_ context: inout EtcdContext) {
        lease = nil; key = nil; token = nil; waitingFor = nil; pollID = nil
        phase = .granting
        send(.op(.grant(ttl: config.workload.ttl)), &context)
    }

    /// Sends a new request (the only one awaiting an answer in the main flow).
    mutating func send(_ call: EtcdCall, _ context: inout EtcdContext) {
        op = (nextRequest, call); nextRequest += 1
        resend(&context)
    }

    mutating func resend(_ context: inout EtcdContext) {
        guard let op else { return }
        context.send(.request(id: op.id, call: op.call), to: target)
        setTimer(.requestTimeout, config.workload.timeout, &context)
    }

    mutating func nextMember() { target = NodeID((target.index + 1) % config.members) }

    public mutating func receive(_ message: EtcdMessage, from: NodeID, _ context: inout EtcdContext) {
        switch message {
        case .reply(let id, let outcome):
            if id == keepAliveID { return keptAlive(outcome, &context) }
            if id == pollID { return watched(outcome, &context) }
            guard id == op?.id else { return }
            answered(outcome, &context)
        case .writeReply(let t, let ok):
            guard phase == .writing, t == token else { return }
            if ok { accepted += 1 } else {
                rejected += 1
                context.log("storage rejected my write with token \(t): a later holder has written")
            }
            release(&context)
        default:
            break
        }
    }

    mutating func answered(_ outcome: EtcdOutcome, _ context: inout EtcdContext) {
        switch outcome {
        case .redirect(let l):
            if let l { target = l; resend(&context) }  // else the timeout moves on
        case .unknown:
            nextMember(); resend(&context)
        case .result(let r):
            context.cancelTimer(.requestTimeout)
            op = nil
            result(r, &context)
        case .alive, .events:
            break
        }
    }

    mutating func result(_ r: EtcdResult, _ context: inout EtcdContext) {
        switch (phase, r) {
        case (.granting, .granted(let l, _)):
            lease = l
            setTimer(.keepAlive, config.workload.ttl / 3, &context)
            phase = .locking
            send(.op(.lock(prefix: config.workload.prefix, lease: l)), &context)
        case (.locking, .lockKey(let k, let rev, let before, let at)):
            key = k; token = rev
            if let before {
                phase = .waiting; waitingFor = before
                poll(after: at, &context)
            } else {
                acquire(&context)
            }
        case (.releasing, _):
            rounds += 1
            phase = .thinking
            context.cancelTimer(.keepAlive)
            if config.workload.rounds > 0, rounds >= config.workload.rounds { phase = .done } else {
                setTimer(.think, config.workload.think, &context)
            }
        case (_, .leaseNotFound):
            loseLock("my lease is gone", &context)
        default:
            break
        }
    }

    mutating func acquire(_ context: inout EtcdContext) {
        phase = .holding; holds = true; waitingFor = nil
        context.stateChanged("\(layout.name(id)) holds the lock, token \(token!)")
        setTimer(.work, config.workload.work, &context)
    }

    /// Stops believing it holds the lock, and starts a new round after a rest.
    mutating func loseLock(_ why: String, _ context: inout EtcdContext) {
        if holds { context.stateChanged("\(layout.name(id)) lost the lock: \(why)") }
        holds = false
        context.cancelTimer(.work); context.cancelTimer(.keepAlive); context.cancelTimer(.requestTimeout)
        op = nil; pollID = nil
        phase = .thinking
        setTimer(.think, config.workload.think, &context)
    }

    mutating func release(_ context: inout EtcdContext) {
        if holds { context.stateChanged("\(layout.name(id)) releases the lock, token \(token ?? 0)") }
        holds = false
        phase = .releasing
        if let lease { send(.op(.revoke(lease: lease, expired: false)), &context) }
    }

    mutating func poll(after: Int, _ context: inout EtcdContext) {
        guard let w = waitingFor else { return }
        pollAfter = after
        pollID = nextRequest; nextRequest += 1
        context.send(.request(id: pollID!, call: .watch(key: w, prefix: false, after: after)), to: target)
        setTimer(.watchTimeout, config.workload.watchTimeout, &context)
    }

    mutating func watched(_ outcome: EtcdOutcome, _ context: inout EtcdContext) {
        guard phase == .waiting, case .events(let events, _) = outcome else { return }
        context.cancelTimer(.watchTimeout)
        pollID = nil
        if events.contains(where: { $0.kind == .delete && $0.key == waitingFor }) {
            // As waitDeletes does: the key before ours is gone; look again.
            phase = .locking
            send(.op(.lock(prefix: config.workload.prefix, lease: lease!)), &context)
        } else {
            poll(after: events.last?.revision ?? pollAfter, &context)
        }
    }

    mutating func keptAlive(_ outcome: EtcdOutcome, _ context: inout EtcdContext) {
        keepAliveID = nil
        switch outcome {
        case .alive(nil): loseLock("a keepalive found my lease gone", &context)
        case .redirect(let l?): target = l
        default: break
        }
    }

    public mutating func timerFired(_ tag: EtcdTimer, _ context: inout EtcdContext) {
        switch tag {
        case .requestTimeout:
            nextMember(); resend(&context)
        case .keepAlive:
            guard let lease, phase != .releasing, phase != .thinking, phase != .done else { return }
            keepAliveID = nextRequest; nextRequest += 1
            context.send(.request(id: keepAliveID!, call: .keepAlive(lease: lease)), to: target)
            setTimer(.keepAlive, config.workload.ttl / 3, &context)
        case .work:
            guard holds, let token else { return }
            phase = .writing
            if let storage {
                context.send(.write(token: token, value: rounds + 1), to: storage)
            } else {
                release(&context)
            }
        case .watchTimeout:
            guard phase == .waiting else { return }
            nextMember(); poll(after: pollAfter, &context)
        case .think:
            beginRound(&context)
        default:
            break
        }
    }

    func setTimer(_ tag: EtcdTimer, _ local: Int64, _ context: inout EtcdContext) {
        context.setTimer(tag, after: config.virtualDelay(local, at: id))
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [
            .init("phase", phase.rawValue), .init("holds", holds ? "yes" : "no"),
            .init("token", token.map(String.init) ?? "—"), .init("lease", lease.map(String.init) ?? "—"),
            .init("rounds", String(rounds)), .init("accepted", String(accepted)), .init("rejected", String(rejected)),
        ]
        if let w = waitingFor { fields.append(.init("waits_for", w)) }
        let tone: NodeSummary.Tone = holds ? .leader : (phase == .waiting ? .candidate : .neutral)
        return NodeSummary(role: "locker", tone: tone, fields: fields, details: [
            "\(layout.name(id)): \(phase.rawValue)" + (holds ? ", believes it holds the lock with token \(token ?? 0)" : ""),
            "asks \(layout.name(target)); lease ttl \(DurationText.format(config.workload.ttl)), work \(DurationText.format(config.workload.work))",
        ])
    }
}
