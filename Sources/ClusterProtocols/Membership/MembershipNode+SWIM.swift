import ClusterSim

/// SWIM's per-node protocol state.
struct SwimState: Sendable, Hashable {
    /// The probe of the current protocol period.
    struct Probe: Sendable, Hashable {
        var seq: Int
        var target: NodeID
        var acked = false
    }
    /// A ping this node sent for someone else's ping-req.
    struct Relay: Sendable, Hashable {
        var seq: Int
        var requester: NodeID
        var requesterSeq: Int
    }
    /// An update still to be piggybacked, and how often it has been.
    struct Rumour: Sendable, Hashable {
        var update: MemberUpdate
        var sent = 0
    }

    var seq = 0
    var probe: Probe?
    /// Round-robin over a shuffled member list (the paper's §4.3), so every
    /// member is probed within two passes.
    var order: [NodeID] = []
    var cursor = 0
    var relays: [Relay] = []
    var rumours: [Rumour] = []

    static let maxRelays = 64
}

extension MembershipNode {
    /// How many times an update is piggybacked: λ·⌈log2(n+1)⌉ with λ = 3.
    var rumourLimit: Int {
        var bits = 0, n = layout.serverCount
        while n > 0 { bits += 1; n >>= 1 }
        return 3 * bits
    }

    mutating func startSwim(_ context: inout NodeContext<MembershipNode>) {
        context.setTimer(.period, after: config.period, jitter: config.period / 10)
    }

    mutating func swimTimer(_ tag: Timer, _ context: inout NodeContext<MembershipNode>) {
        switch tag {
        case .period:
            if let probe = swim.probe, !probe.acked, peers[probe.target.index].status == .alive {
                let k = config.indirectProbes
                suspect(probe.target, k > 0 ? "no ack, direct or through \(k) others" : "no ack", &context)
            }
            swim.probe = nil
            if let target = nextTarget(&context) {
                swim.seq += 1
                swim.probe = .init(seq: swim.seq, target: target)
                context.send(.ping(seq: swim.seq, updates: piggyback(about: target)), to: target)
                context.setTimer(.probeTimeout(swim.seq), after: config.pingTimeout)
            }
            context.setTimer(.period, after: config.period)
        case .probeTimeout(let seq):
            guard let probe = swim.probe, probe.seq == seq, !probe.acked else { return }
            var helpers = others.filter { $0 != probe.target && peers[$0.index].status != .dead }
            let k = min(config.indirectProbes, helpers.count)
            if k > 0 { context.log("no ack from \(layout.name(probe.target)): ping-req through \(k)") }
            for _ in 0..<k {
                let h = helpers.remove(at: context.random(below: helpers.count))
                context.send(.pingReq(seq: seq, target: probe.target, updates: piggyback(about: h)), to: h)
            }
        case .suspicion(let peer, let inc):
            let p = peers[peer.index]
            if p.status == .suspected, p.incarnation == inc {
                apply(MemberUpdate(node: peer, status: .dead, incarnation: inc),
                      why: "suspected for \(DurationText.format(config.suspicionTimeout))", &context)
            }
        case .heartbeat, .silence, .tick:
            return
        }
    }

    /// The next member to probe, reshuffling the list after each pass; nil
    /// when every other member is dead.
    mutating func nextTarget(_ context: inout NodeContext<MembershipNode>) -> NodeID? {
        for _ in 0...(2 * layout.serverCount) {
            if swim.cursor >= swim.order.count {
                var pool = others, shuffled: [NodeID] = []
                while !pool.isEmpty { shuffled.append(pool.remove(at: context.random(below: pool.count))) }
                swim.order = shuffled; swim.cursor = 0
                if shuffled.isEmpty { return nil }
            }
            let candidate = swim.order[swim.cursor]
            swim.cursor += 1
            if peers[candidate.index].status != .dead { return candidate }
        }
        return nil
    }

    mutating func receiveSwim(_ message: Message, from: NodeID, _ context: inout NodeContext<MembershipNode>) {
        guard config.detector == .swim else { return }
        switch message {
        case .heartbeat:
            return
        case .ping(let seq, let updates):
            applyAll(updates, &context)
            context.send(.ack(seq: seq, updates: piggyback(about: from)), to: from)
        case .pingReq(let seq, let target, let updates):
            applyAll(updates, &context)
            swim.seq += 1
            swim.relays.append(.init(seq: swim.seq, requester: from, requesterSeq: seq))
            if swim.relays.count > SwimState.maxRelays { swim.relays.removeFirst() }
            context.send(.ping(seq: swim.seq, updates: piggyback(about: target)), to: target)
        case .ack(let seq, let updates):
            applyAll(updates, &context)
            if swim.probe?.seq == seq {
                swim.probe?.acked = true
            } else if let i = swim.relays.firstIndex(where: { $0.seq == seq }) {
                let relay = swim.relays.remove(at: i)
                context.send(.ack(seq: relay.requesterSeq, updates: piggyback(about: relay.requester)), to: relay.requester)
            }
        }
    }

    mutating func suspect(_ peer: NodeID, _ why: String, _ context: inout NodeContext<MembershipNode>) {
        apply(MemberUpdate(node: peer, status: .suspected, incarnation: peers[peer.index].incarnation), why: why, &context)
    }

    mutating func applyAll(_ updates: [MemberUpdate], _ context: inout NodeContext<MembershipNode>) {
        for u in updates { apply(u, why: "gossip", &context) }
    }

    /// SWIM's precedence rules. About another member: alive@i overrides
    /// anything held at a lower incarnation (dead included, so a restarted
    /// node can rejoin); suspected@i overrides alive@j for i ≥ j and
    /// suspected@j for i > j; dead overrides anything not below it. About
    /// this node: any suspicion or death at or above its incarnation is
    /// refuted by raising the incarnation and spreading alive.
    mutating func apply(_ u: MemberUpdate, why: String, _ context: inout NodeContext<MembershipNode>) {
        if u.node == id {
            guard u.status != .alive, u.incarnation >= incarnation else { return }
            incarnation = u.incarnation + 1
            context.log("refutes \(u.status.rawValue)@\(u.incarnation): incarnation \(incarnation)")
            context.stateChanged("refuted @\(incarnation)")
            spread(MemberUpdate(node: id, status: .alive, incarnation: incarnation))
            return
        }
        guard u.node.index < layout.serverCount else { return }
        let p = peers[u.node.index]
        let accept: Bool
        switch u.status {
        case .alive: accept = u.incarnation > p.incarnation
        case .suspected:
            accept = (p.status == .alive && u.incarnation >= p.incarnation)
                || (p.status == .suspected && u.incarnation > p.incarnation)
        case .dead: accept = p.status != .dead && u.incarnation >= p.incarnation
        }
        guard accept else { return }
        peers[u.node.index].incarnation = u.incarnation
        if p.status != u.status {
            mark(u.node, u.status, "\(why), incarnation \(u.incarnation)", &context)
        }
        if u.status == .suspected {
            context.setTimer(.suspicion(u.node, u.incarnation), after: config.suspicionTimeout)
        }
        spread(u)
    }

    /// Queues an update for piggybacking, replacing older news of the same member.
    mutating func spread(_ u: MemberUpdate) {
        swim.rumours.removeAll { $0.update.node == u.node }
        swim.rumours.append(.init(update: u))
    }

    /// The updates for one outgoing message: first this node's view of the
    /// recipient when it is not alive (so the recipient can refute), then the
    /// least-sent rumours, up to `piggyback` of them.
    mutating func piggyback(about recipient: NodeID) -> [MemberUpdate] {
        var out: [MemberUpdate] = []
        if recipient != id, recipient.index < peers.count, peers[recipient.index].status != .alive {
            out.append(MemberUpdate(node: recipient, status: peers[recipient.index].status,
                                    incarnation: peers[recipient.index].incarnation))
        }
        let order = swim.rumours.indices.sorted { (swim.rumours[$0].sent, $0) < (swim.rumours[$1].sent, $1) }
        for i in order where out.count < config.piggyback {
            if out.contains(swim.rumours[i].update) { continue }
            out.append(swim.rumours[i].update)
            swim.rumours[i].sent += 1
        }
        let limit = rumourLimit
        swim.rumours.removeAll { $0.sent >= limit }
        return out
    }
}
