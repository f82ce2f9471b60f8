import ClusterSim
import ExerciseKit

/// A server with a failure detector: it heartbeats every other server and
/// keeps `suspects`, the peers it believes have crashed. `config.mode` says
/// how it decides: `.timeout` (do this first), then `.phi`.
///
/// A pure state machine: handlers read only the node's state and their
/// input, and act only through `context`. There is no clock to read: time
/// is what your timers measure. The parts marked `todo` are yours; change
/// anything else you like (add fields, timers).
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
        todo("send the first heartbeats and start watching every peer", &context)
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<DetectorNode>) {
        todo("a heartbeat from a peer: it is alive", &context)
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<DetectorNode>) {
        switch tag {
        case .heartbeat:
            todo("send the next round of heartbeats", &context)
        case .silence:
            todo("timeout mode: a peer has been silent too long", &context)
        case .tick:
            todo("phi mode: count a tick and judge every peer's silence", &context)
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
