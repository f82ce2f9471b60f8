import ClusterSim

/// Membership with a choice of failure detector: each server keeps its own
/// view of every other server (alive, suspected or dead) and the interface
/// shows each node's view.
///
/// Handlers never read the clock. `heartbeat` resets a per-peer timer on
/// every heartbeat; `phi` measures time in its own `tick` timer (see
/// `MembershipConfig.tick`); `swim` counts protocol periods. `heartbeat` and
/// `phi` only suspect (and un-suspect when heard again); `swim` also
/// confirms death after the suspicion timeout.
public struct MembershipNode: NodeStateMachine {
    public static let protocolName = "membership"
    public typealias Config = MembershipConfig
    public typealias Message = MembershipMessage

    public enum Timer: Hashable, Sendable, CustomStringConvertible {
        /// heartbeat, phi: send the next round of heartbeats.
        case heartbeat
        /// heartbeat: this peer has been silent for `timeout`.
        case silence(NodeID)
        /// phi: one unit of the node's time.
        case tick
        /// swim: the end of a protocol period.
        case period
        /// swim: the direct ping with this sequence number went unanswered.
        case probeTimeout(Int)
        /// swim: the suspicion of this peer at this incarnation has lasted long enough.
        case suspicion(NodeID, Int)

        public var description: String {
            switch self {
            case .heartbeat: return "heartbeat"
            case .silence(let n): return "silence n\(n.index + 1)"
            case .tick: return "tick"
            case .period: return "period"
            case .probeTimeout(let s): return "probe-timeout \(s)"
            case .suspicion(let n, let i): return "suspicion n\(n.index + 1)@\(i)"
            }
        }
    }

    /// What a node knows about one peer.
    public struct Peer: Sendable, Hashable {
        public internal(set) var status: MemberStatus = .alive
        /// swim: the highest incarnation heard of.
        public internal(set) var incarnation = 0
        /// phi: inter-arrival samples, in ticks.
        public internal(set) var window: InterArrivalWindow
        /// phi: ticks since the last heartbeat from this peer (or since start).
        public internal(set) var ticksSinceHeard = 0
        /// phi: the last phi computed (at the latest tick).
        public internal(set) var phi = 0.0
        var heard = false
    }

    public let id: NodeID
    let layout: ClusterLayout
    let config: Config
    /// Indexed by server index; this node's own entry is unused.
    public internal(set) var peers: [Peer]
    /// swim: this node's own incarnation; raised only to refute a suspicion.
    public internal(set) var incarnation = 0
    /// How many times this node has moved a peer to suspected (for tests
    /// and the inspector: in a healthy cluster every one is false).
    public internal(set) var suspicionCount = 0
    /// swim: how many times this node has moved a peer to dead.
    public internal(set) var deathCount = 0
    var swim = SwimState()

    public init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) {
        self.id = id; self.layout = layout; self.config = config
        var window = InterArrivalWindow(capacity: config.window)
        // Bootstrap (as Akka does) so the first heartbeats are judged against
        // something: mean `interval`, deviation half of it; real samples soon dominate.
        let expected = Int(config.interval / config.tick)
        window.add(max(1, expected / 2)); window.add(expected + expected / 2)
        peers = Array(repeating: Peer(window: window), count: layout.serverCount)
    }

    var isServer: Bool { id.index < layout.serverCount }
    var others: [NodeID] { layout.servers.filter { $0 != id } }

    /// How this node regards `peer` (itself: alive).
    public func status(of peer: NodeID) -> MemberStatus {
        peer == id || peer.index >= peers.count ? .alive : peers[peer.index].status
    }
    public var alive: [NodeID] { others.filter { status(of: $0) == .alive } }
    public var suspected: [NodeID] { others.filter { status(of: $0) == .suspected } }
    public var dead: [NodeID] { others.filter { status(of: $0) == .dead } }

    public mutating func start(_ context: inout NodeContext<MembershipNode>) {
        guard isServer else { return }
        switch config.detector {
        case .heartbeat:
            context.broadcast(.heartbeat)
            context.setTimer(.heartbeat, after: config.interval)
            for p in others { context.setTimer(.silence(p), after: config.timeout) }
        case .phi:
            context.broadcast(.heartbeat)
            context.setTimer(.heartbeat, after: config.interval)
            context.setTimer(.tick, after: config.tick)
        case .swim:
            startSwim(&context)
        }
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<MembershipNode>) {
        guard isServer, from.index < layout.serverCount else { return }
        switch message {
        case .heartbeat: heard(from, &context)
        case .ping, .pingReq, .ack: receiveSwim(message, from: from, &context)
        }
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<MembershipNode>) {
        switch tag {
        case .heartbeat:
            context.broadcast(.heartbeat)
            context.setTimer(.heartbeat, after: config.interval)
        case .silence(let p):
            if peers[p.index].status == .alive { mark(p, .suspected, "silent for \(DurationText.format(config.timeout))", &context) }
        case .tick:
            tick(&context)
            context.setTimer(.tick, after: config.tick)
        case .period, .probeTimeout, .suspicion:
            swimTimer(tag, &context)
        }
    }

    /// heartbeat and phi: a heartbeat from `peer`.
    mutating func heard(_ peer: NodeID, _ context: inout NodeContext<MembershipNode>) {
        let i = peer.index
        switch config.detector {
        case .heartbeat:
            context.setTimer(.silence(peer), after: config.timeout)
        case .phi:
            if peers[i].heard { peers[i].window.add(peers[i].ticksSinceHeard) }
            peers[i].heard = true
            peers[i].ticksSinceHeard = 0
            peers[i].phi = 0
        case .swim:
            return
        }
        if peers[i].status != .alive { mark(peer, .alive, "heard from again", &context) }
    }

    /// phi: one tick of this node's time; recomputes every peer's phi.
    mutating func tick(_ context: inout NodeContext<MembershipNode>) {
        let floor = Double(config.minStddev) / Double(config.tick)
        for p in others {
            let i = p.index
            peers[i].ticksSinceHeard += 1
            peers[i].phi = peers[i].window.phi(elapsed: Double(peers[i].ticksSinceHeard), minStddev: floor)
            if peers[i].status == .alive, peers[i].phi >= config.threshold {
                let phi = (peers[i].phi * 100).rounded() / 100
                mark(p, .suspected, "phi \(phi) ≥ \(config.threshold) after \(peers[i].ticksSinceHeard) ticks", &context)
            }
        }
    }

    /// Moves `peer` to `status` in this node's view and says so.
    mutating func mark(_ peer: NodeID, _ status: MemberStatus, _ why: String, _ context: inout NodeContext<MembershipNode>) {
        peers[peer.index].status = status
        if status == .suspected { suspicionCount += 1 }
        if status == .dead { deathCount += 1 }
        let name = layout.name(peer)
        context.log("\(name) \(status.rawValue): \(why)")
        context.stateChanged("\(name) \(status.rawValue)")
    }

    public var summary: NodeSummary {
        guard isServer else { return NodeSummary(role: "client") }
        let names = { (ids: [NodeID]) in ids.isEmpty ? "-" : ids.map(layout.name).joined(separator: " ") }
        let tone: NodeSummary.Tone = !dead.isEmpty ? .bad : !suspected.isEmpty ? .warning : .good
        var details = ["detector \(config.detector.rawValue)"]
        if config.detector == .swim { details.append("incarnation \(incarnation)") }
        for p in others { details.append(peerLine(p)) }
        return NodeSummary(role: config.detector.rawValue, tone: tone,
                           epoch: config.detector == .swim ? incarnation : nil,
                           fields: [.init("alive", "\(alive.count)/\(others.count)"),
                                    .init("suspected", names(suspected)), .init("dead", names(dead))],
                           details: details, views: peerViews)
    }

    /// This node's opinion of every other server, for the membership view.
    var peerViews: [NodeID: PeerView] {
        var views: [NodeID: PeerView] = [:]
        for p in others {
            let peer = peers[p.index]
            views[p] = PeerView(peer.status,
                                incarnation: config.detector == .swim ? peer.incarnation : nil,
                                phi: config.detector == .phi ? peer.phi : nil)
        }
        return views
    }

    func peerLine(_ p: NodeID) -> String {
        let peer = peers[p.index]
        var line = "\(layout.name(p)) \(peer.status.rawValue)"
        switch config.detector {
        case .heartbeat: break
        case .phi:
            let r = { (x: Double) in String((x * 100).rounded() / 100) }
            line += " phi \(r(peer.phi)), \(peer.ticksSinceHeard) ticks since heard"
                + " (mean \(r(peer.window.mean)), sd \(r(peer.window.stddev)), \(peer.window.count) samples)"
        case .swim:
            line += " @\(peer.incarnation)"
        }
        return line
    }
}
