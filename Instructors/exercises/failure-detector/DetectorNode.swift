import ClusterSim
import ExerciseKit
import Foundation

/// Reference solution of `failure-detector`. Heartbeats to every peer each
/// interval. Timeout mode: a `silence` timer per peer, reset by each of its
/// heartbeats. Phi mode: a `tick` timer counts time; each heartbeat records
/// the gap since the last one in a window (seeded, like Akka's, with two
/// gaps around the expected one: half and one and a half intervals), and
/// phi is judged against the window's mean and floored standard deviation
/// at every tick.
///
/// Known-buggy variants (`config.variant`):
/// - `never-clears`: a suspicion is never lifted when the peer is heard again.
/// - `timeout-below-interval`: times out after half a heartbeat interval.
/// - `tight-timeout`: times out after one and a half intervals: fine on a quiet network, not through a latency spike.
/// - `phi-fixed-estimate`: judges phi against the heartbeat interval and the floor, never against the window.
public struct DetectorNode: FailureDetectorNode {
    public static let protocolName = "failure-detector"

    public enum Message: ProtocolMessage, Hashable {
        case heartbeat
        public var kind: String { "Heartbeat" }
        public var description: String { "Heartbeat" }
    }

    public enum Timer: Hashable, Sendable, CustomStringConvertible {
        /// Time to send the next round of heartbeats.
        case heartbeat
        /// timeout: this peer has been silent for `config.timeout`.
        case silence(NodeID)
        /// phi: one unit (`config.tick`) of this node's time.
        case tick

        public var description: String {
            switch self {
            case .heartbeat: return "heartbeat"
            case .silence(let n): return "silence n\(n.index + 1)"
            case .tick: return "tick"
            }
        }
    }

    /// What this node knows about one peer (phi mode).
    struct Peer: Sendable {
        /// Ticks since its last heartbeat (or since start).
        var ticksSinceHeard = 0
        /// Whether a heartbeat has come from it yet.
        var heard = false
        /// Recent gaps between its heartbeats, in ticks, oldest first.
        var gaps: [Int] = []
        /// The phi computed at the latest tick (for the interface).
        var phi = 0.0
    }

    public let id: NodeID
    let config: FailureDetectorConfig
    let layout: ClusterLayout
    /// Every other server.
    let others: [NodeID]
    public private(set) var suspects: Set<NodeID> = []
    /// By server index; this node's own entry is unused.
    var peers: [Peer]

    public init(id: NodeID, layout: ClusterLayout, config: FailureDetectorConfig, durable: NoDurableState?) {
        self.id = id; self.config = config; self.layout = layout
        others = layout.servers.filter { $0 != id }
        peers = Array(repeating: Peer(), count: layout.serverCount)
    }

    public mutating func start(_ context: inout NodeContext<DetectorNode>) {
        context.broadcast(.heartbeat)
        context.setTimer(.heartbeat, after: config.interval)
        switch config.mode {
        case .timeout:
            for p in others { context.setTimer(.silence(p), after: timeout) }
        case .phi:
            // Seed every window with two gaps around the interval (mean: the interval, deviation: half of it).
            let expected = Int(config.interval / config.tick)
            for p in others { peers[p.index].gaps = [max(1, expected / 2), expected + expected / 2] }
            context.setTimer(.tick, after: config.tick)
        }
    }

    /// The silence after which timeout mode suspects a peer.
    var timeout: Int64 {
        switch config.variant {
        case "timeout-below-interval": return config.interval / 2
        case "tight-timeout": return config.interval * 3 / 2
        default: return config.timeout
        }
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<DetectorNode>) {
        guard from.index < layout.serverCount, from != id else { return }
        switch config.mode {
        case .timeout:
            context.setTimer(.silence(from), after: timeout)
        case .phi:
            var peer = peers[from.index]
            if peer.heard {
                peer.gaps.append(peer.ticksSinceHeard)
                if peer.gaps.count > config.window { peer.gaps.removeFirst(peer.gaps.count - config.window) }
            }
            peer.heard = true
            peer.ticksSinceHeard = 0
            peer.phi = 0
            peers[from.index] = peer
        }
        if config.variant != "never-clears" { clear(from, &context) }
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<DetectorNode>) {
        switch tag {
        case .heartbeat:
            context.broadcast(.heartbeat)
            context.setTimer(.heartbeat, after: config.interval)
        case .silence(let p):
            suspect(p, "silent for \(DurationText.format(timeout))", &context)
        case .tick:
            for p in others { judge(p, &context) }
            context.setTimer(.tick, after: config.tick)
        }
    }

    /// Phi mode: one more tick of silence from `p`; suspect it if phi reaches the threshold.
    mutating func judge(_ p: NodeID, _ context: inout NodeContext<DetectorNode>) {
        peers[p.index].ticksSinceHeard += 1
        let peer = peers[p.index]
        let floor = Double(config.minStddev) / Double(config.tick)
        var mean = Double(config.interval) / Double(config.tick), stddev = floor
        if config.variant != "phi-fixed-estimate", !peer.gaps.isEmpty {
            let n = Double(peer.gaps.count)
            mean = Double(peer.gaps.reduce(0, +)) / n
            let variance = peer.gaps.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
            stddev = max(variance.squareRoot(), floor)
        }
        let later = PhiAccrual.probabilityLater(elapsed: Double(peer.ticksSinceHeard), mean: mean, stddev: stddev)
        let phi = -log10(max(later, .leastNonzeroMagnitude))
        peers[p.index].phi = phi
        if phi >= config.threshold {
            suspect(p, "phi \((phi * 100).rounded() / 100) after \(peer.ticksSinceHeard) ticks", &context)
        }
    }

    // MARK: Given helpers

    /// Starts suspecting `peer`, saying why in the node's log.
    mutating func suspect(_ peer: NodeID, _ why: String, _ context: inout NodeContext<DetectorNode>) {
        guard suspects.insert(peer).inserted else { return }
        context.log("suspects \(layout.name(peer)): \(why)")
        context.stateChanged("\(layout.name(peer)) suspected")
    }

    /// Stops suspecting `peer`.
    mutating func clear(_ peer: NodeID, _ context: inout NodeContext<DetectorNode>) {
        guard suspects.remove(peer) != nil else { return }
        context.log("clears \(layout.name(peer)): heard from it")
        context.stateChanged("\(layout.name(peer)) alive")
    }

    public var summary: NodeSummary {
        var views: [NodeID: PeerView] = [:]
        for p in others {
            views[p] = PeerView(suspects.contains(p) ? .suspected : .alive, phi: config.mode == .phi ? peers[p.index].phi : nil)
        }
        let names = suspects.isEmpty ? "-" : suspects.sorted().map(layout.name).joined(separator: " ")
        return NodeSummary(role: config.mode.rawValue, tone: suspects.isEmpty ? .good : .warning,
                           fields: [.init("suspects", names)],
                           details: others.map { p in
                               "\(layout.name(p)) \(suspects.contains(p) ? "suspected" : "alive"), "
                                   + "\(peers[p.index].ticksSinceHeard) ticks since heard, \(peers[p.index].gaps.count) gaps"
                           },
                           views: views)
    }
}
