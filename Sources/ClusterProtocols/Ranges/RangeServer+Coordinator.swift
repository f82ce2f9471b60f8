import ClusterSim

/// A transaction a gateway coordinates (CockroachDB's TxnCoordSender): its
/// micro-ops, done one at a time, and the attempt under way.
public struct CrdbTxn: Sendable, Hashable {
    /// Who asked (this server itself for a typed `txn`) and under which request id.
    var client: NodeID
    var clientRequest: Int
    public internal(set) var ops: [CrdbMicroOp]
    var reads: [[Int]?]
    /// The current attempt: its id, timestamp, priority and anchor key.
    public internal(set) var meta: CrdbTxnMeta
    var attempt = 1
    /// Whether the attempt's record exists (written with its first write).
    var hasRecord = false
    /// Keys holding this attempt's intents.
    public internal(set) var written: [Int] = []
    /// The micro-op under way.
    var next = 0
    var committing = false
    var outstanding: Outstanding?
    /// The key whose intent a push is about.
    var blockedOn: Int?
    var lastHeartbeat: Int64 = 0

    struct Outstanding: Sendable, Hashable {
        var request: Int
        var command: RangeCommand
        var target: NodeID
        var tries = 0
    }
}

/// The gateway: runs each transaction's micro-ops against the ranges' leaders,
/// writes the record with the first write, pushes whoever's intent is in the
/// way, commits by flipping the record, and resolves the intents afterwards.
extension RangeServer {
    mutating func begin(_ ops: [CrdbMicroOp], client: NodeID, request: Int, _ context: inout RangeContext) {
        if txns.values.contains(where: { $0.client == client && $0.clientRequest == request }) { return }
        counter += 1
        let slot = counter
        let anchor = ops.first(where: { if case .append = $0 { return true } else { return false } })?.key ?? ops.first?.key ?? 0
        txns[slot] = CrdbTxn(client: client, clientRequest: request, ops: ops, reads: ops.map { _ in nil },
                             meta: CrdbTxnMeta(id: 0, ts: 0, priority: 0, anchor: anchor))
        startAttempt(slot, above: 0, &context)
    }

    /// A fresh id (unique across restarts), epoch-qualified.
    mutating func freshID() -> Int {
        counter += 1
        return (epoch * 1_000_000 + counter) * layout.serverCount + id.index
    }

    mutating func startAttempt(_ slot: Int, above: Int64, _ context: inout RangeContext) {
        guard var t = txns[slot] else { return }
        clock = max(clock, above) + 1
        t.meta = CrdbTxnMeta(id: freshID(), ts: clock, priority: max(t.meta.priority, context.random(below: 1_000_000)), anchor: t.meta.anchor)
        t.hasRecord = false; t.written = []; t.next = 0; t.committing = false; t.reads = t.ops.map { _ in nil }
        t.outstanding = nil; t.blockedOn = nil
        txns[slot] = t
        context.log("\(t.meta) begins (attempt \(t.attempt)): " + t.ops.map(\.description).joined(separator: ", "))
        step(slot, &context)
    }

    /// Sends the request for the next thing the transaction needs.
    mutating func step(_ slot: Int, _ context: inout RangeContext) {
        guard let t = txns[slot] else { return }
        if t.next < t.ops.count {
            switch t.ops[t.next] {
            case .read(let k): send(slot, .get(t.meta, key: k), &context)
            case .append(let k, let v):
                if !t.hasRecord { return send(slot, .heartbeat(t.meta, at: clock), &context) }
                send(slot, .put(t.meta, key: k, value: v), &context)
            }
        } else if t.written.isEmpty {
            finish(slot, .committed(reads: t.reads), &context)
        } else {
            txns[slot]!.committing = true
            send(slot, .end(t.meta, commit: true, keys: t.written), &context)
        }
    }

    /// The range holding `key` as this gateway knows it; with a gap in what it
    /// knows, the range that held it at the start, whose replicas know where it went.
    mutating func route(_ key: Int) -> RangeDescriptor? {
        if let d = directory.values.filter({ $0.contains(key) }).max(by: { $0.start < $1.start }) { return d }
        for d in RangeLayout.initial(config, servers: layout.serverCount) where d.contains(key) { directory[d.id] = d; return d }
        return nil
    }

    mutating func send(_ slot: Int, _ command: RangeCommand, _ context: inout RangeContext) {
        guard let d = route(command.routingKey) else { return }
        counter += 1
        let request = epoch * 1_000_000_000 + counter
        let target = leaders[d.id] ?? d.replicas[0]
        txns[slot]?.outstanding = CrdbTxn.Outstanding(request: request, command: command, target: target)
        requests[request] = slot
        context.send(.request(id: request, range: d.id, command, clock: clock), to: target)
        context.setTimer(.retry(txn: slot), after: config.requestTimeout)
    }

    /// A request nobody waits for: intent resolution after the outcome, an abort's record, a heartbeat.
    mutating func sendAndForget(_ command: RangeCommand, _ context: inout RangeContext) {
        guard let d = route(command.routingKey) else { return }
        counter += 1
        context.send(.request(id: -counter, range: d.id, command, clock: clock), to: leaders[d.id] ?? d.replicas[0])
    }

    /// Resends the outstanding request to another replica, or retries the op a push said to wait for.
    mutating func retry(_ slot: Int, _ context: inout RangeContext) {
        guard var t = txns[slot] else { return }
        guard var o = t.outstanding else { return step(slot, &context) }
        o.tries += 1
        if o.tries > 20 {
            // Nobody answers: an unfinished commit is left to the client's timeout; anything else restarts.
            if t.committing { requests[o.request] = nil; txns[slot] = nil; return }
            return restart(slot, above: 0, "no answer from r\(route(o.command.routingKey)?.id ?? -1)", &context)
        }
        guard let d = route(o.command.routingKey) else { return }
        let i = d.replicas.firstIndex(of: o.target) ?? -1
        o.target = d.replicas[(i + 1) % d.replicas.count]
        t.outstanding = o
        txns[slot] = t
        context.send(.request(id: o.request, range: d.id, o.command, clock: clock), to: o.target)
        context.setTimer(.retry(txn: slot), after: config.requestTimeout)
    }

    mutating func coordinatorReply(_ request: Int, _ reply: RangeReply, from: NodeID, _ context: inout RangeContext) {
        guard let slot = requests[request], var t = txns[slot], var o = t.outstanding, o.request == request else { return }
        switch reply {
        case .notLeader(let hint):
            guard let d = route(o.command.routingKey) else { return }
            if let hint, hint != from {
                leaders[d.id] = hint; o.target = hint; t.outstanding = o; txns[slot] = t
                context.send(.request(id: request, range: d.id, o.command, clock: clock), to: hint)
            } else {
                leaders[d.id] = nil  // no leader known there: the retry timer tries the next replica
            }
            return
        case .mismatch(let spans):
            for s in spans { directory[s.id] = s }
            requests[request] = nil
            return send(slot, o.command, &context)
        default:
            break
        }
        requests[request] = nil
        t.outstanding = nil
        if let d = route(o.command.routingKey) { leaders[d.id] = from }
        context.cancelTimer(.retry(txn: slot))
        txns[slot] = t
        handle(slot, o.command, reply, &context)
    }

    mutating func handle(_ slot: Int, _ command: RangeCommand, _ reply: RangeReply, _ context: inout RangeContext) {
        guard var t = txns[slot] else { return }
        switch (command, reply) {
        case (.heartbeat, .record(.pending, _)):
            t.hasRecord = true; t.lastHeartbeat = clock; txns[slot] = t
            step(slot, &context)
        case (.heartbeat, .record(let s, _)):
            restart(slot, above: 0, "record already \(s.rawValue)", &context)
        case (.get, .value(let v)):
            t.reads[t.next] = v; t.next += 1; txns[slot] = t
            step(slot, &context)
        case (.get(_, let k), .intent(let other, let anchor, _)), (.put(_, let k, _), .intent(let other, let anchor, _)):
            let abort: Bool
            if case .put = command { abort = true } else { abort = false }
            context.log("\(t.meta) meets an intent of T\(other) on k\(k): pushing it (\(abort ? "abort" : "timestamp"))")
            t.blockedOn = k; txns[slot] = t
            send(slot, .push(pusher: t.meta, pushee: other, anchor: anchor, abort: abort, ts: t.meta.ts, at: clock), &context)
        case (.put(_, let k, _), .written(let ts)):
            guard ts == t.meta.ts else {
                return restart(slot, above: ts, "write of k\(k) pushed to \(ts) (read or written above \(t.meta.ts))", &context)
            }
            if !t.written.contains(k) { t.written.append(k) }
            t.next += 1; txns[slot] = t
            step(slot, &context)
        case (.push(_, let pushee, _, _, _, _), .record(let status, let ts)):
            guard let k = t.blockedOn else { return step(slot, &context) }
            context.log("T\(pushee) is \(status.rawValue)" + (status == .pending ? ", pushed above \(ts - 1)" : "") + ": resolving its intent on k\(k)")
            send(slot, .resolve(txn: pushee, status: status, ts: ts, keys: [k]), &context)
        case (.push, .wait):
            context.setTimer(.retry(txn: slot), after: config.pushBackoff)
        case (.resolve, _):
            t.blockedOn = nil; txns[slot] = t
            step(slot, &context)
        case (.end, .record(.committed, let ts)):
            context.log("\(t.meta) COMMITTED at \(ts): resolving \(t.written.count) intent(s)")
            resolveIntents(t, .committed, ts, &context)
            finish(slot, .committed(reads: t.reads), &context)
        case (.end, .record):
            restart(slot, above: 0, "its record was aborted or pushed", &context)
        default:
            step(slot, &context)
        }
    }

    /// Sends ResolveIntent for the attempt's intents, one request per range.
    mutating func resolveIntents(_ t: CrdbTxn, _ status: CrdbStatus, _ ts: Int64, _ context: inout RangeContext) {
        var byRange: [Int: [Int]] = [:]
        for k in t.written { if let d = route(k) { byRange[d.id, default: []].append(k) } }
        for (_, keys) in byRange.sorted(by: { $0.key < $1.key }) {
            sendAndForget(.resolve(txn: t.meta.id, status: status, ts: ts, keys: keys), &context)
        }
    }

    /// This attempt cannot commit: abort its record, drop its intents, and try again with a new one.
    mutating func restart(_ slot: Int, above: Int64, _ why: String, _ context: inout RangeContext) {
        guard var t = txns[slot] else { return }
        if let o = t.outstanding { requests[o.request] = nil }
        if t.hasRecord || !t.written.isEmpty {
            sendAndForget(.end(t.meta, commit: false, keys: t.written), &context)
            resolveIntents(t, .aborted, t.meta.ts, &context)
        }
        context.log("\(t.meta) restarts: \(why)")
        t.attempt += 1
        txns[slot] = t
        guard t.attempt <= config.attempts else { return finish(slot, .aborted("\(config.attempts) attempts aborted"), &context) }
        startAttempt(slot, above: above, &context)
    }

    mutating func finish(_ slot: Int, _ outcome: CrdbTxnOutcome, _ context: inout RangeContext) {
        guard let t = txns[slot] else { return }
        if let o = t.outstanding { requests[o.request] = nil }
        context.cancelTimer(.retry(txn: slot))
        txns[slot] = nil
        if t.client == id {
            if case .committed = outcome { lastTxn = "committed" + readsText(t, separator: " ") } else { lastTxn = "aborted" }
            context.log("txn " + t.ops.map(\.description).joined(separator: ", ") + " → \(outcome)"
                        + (outcome == .committed(reads: t.reads) ? readsText(t, separator: ": ") : ""))
        } else {
            context.send(.txnReply(id: t.clientRequest, outcome), to: t.client)
        }
    }

    /// The reads of a typed transaction: `k1=[10] k4=nil`.
    func readsText(_ t: CrdbTxn, separator: String) -> String {
        let shown = zip(t.ops, t.reads).compactMap { op, v -> String? in
            guard case .read(let k) = op else { return nil }
            return "k\(k)=" + (v.map { "[" + $0.map(String.init).joined(separator: " ") + "]" } ?? "nil")
        }
        return shown.isEmpty ? "" : separator + shown.joined(separator: " ")
    }

    /// Keeps the records of open transactions alive, so pushers do not take them for abandoned.
    mutating func heartbeatRecords(_ context: inout RangeContext) {
        for slot in txns.keys.sorted() {
            guard let t = txns[slot], t.hasRecord, !t.committing, clock - t.lastHeartbeat >= config.heartbeat else { continue }
            txns[slot]!.lastHeartbeat = clock
            sendAndForget(.heartbeat(t.meta, at: clock), &context)
        }
    }
}
