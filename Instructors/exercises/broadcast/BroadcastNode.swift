import ClusterSim
import ExerciseKit

/// Reference solution of `broadcast`: the server a value is handed to owns
/// its delivery. It sends the value to every other server at once, keeps
/// per peer what is unacknowledged, and resends it, batched one message per
/// peer, every retry interval until acked. Receivers hold and ack; they
/// never forward, so a fault-free broadcast costs 2 × (servers − 1) messages.
///
/// Known-buggy variants (`config.variant`):
/// - `no-retry`: sends each value to every server once and never again.
/// - `neighbours-once`: floods along the ring topology, each server forwarding a new value once.
/// - `flood-every-tick`: every interval, sends everything it holds to everyone.
public struct BroadcastNode: BroadcastServer {
    public static let protocolName = "broadcast"
    public static var commands: [CommandUsage] { [BroadcastRequest.usage] }

    public enum Message: ProtocolMessage, Hashable {
        /// Values the sender wants the receiver to hold.
        case gossip([Int])
        /// The receiver's answer: these values are held now.
        case ack([Int])

        public var kind: String {
            switch self {
            case .gossip: return "Gossip"
            case .ack: return "Ack"
            }
        }
        public var isReply: Bool { if case .ack = self { return true } else { return false } }
        public var description: String {
            switch self {
            case .gossip(let vs): return "Gossip(" + vs.map(String.init).joined(separator: ",") + ")"
            case .ack(let vs): return "Ack(" + vs.map(String.init).joined(separator: ",") + ")"
            }
        }
    }

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        /// Time to resend what peers have not acknowledged.
        case retry
        public var description: String { rawValue }
    }

    public let id: NodeID
    let config: BroadcastConfig
    /// Every other server.
    let peers: [NodeID]
    public private(set) var values: Set<Int> = []
    /// By server index: the values that peer has not acknowledged.
    var unacked: [Set<Int>]
    /// By server index: the values first sent to that peer since the last
    /// retry (not resent until a whole interval has passed).
    var justSent: [Set<Int>]

    public init(id: NodeID, layout: ClusterLayout, config: BroadcastConfig, durable: NoDurableState?) {
        self.id = id; self.config = config
        peers = layout.servers.filter { $0 != id }
        unacked = Array(repeating: [], count: layout.serverCount)
        justSent = unacked
    }

    public mutating func start(_ context: inout NodeContext<BroadcastNode>) {
        context.setTimer(.retry, after: config.retryInterval)
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<BroadcastNode>) {
        guard let value = BroadcastRequest.value(in: text) else {
            context.log("unknown command '\(text)': try 'broadcast 42'")
            return
        }
        broadcast(value, &context)
    }

    /// This server is handed `value`: hold it (that acknowledges it) and start getting it to every other server.
    mutating func broadcast(_ value: Int, _ context: inout NodeContext<BroadcastNode>) {
        guard values.insert(value).inserted else { return }
        if config.variant == "neighbours-once" {
            for p in config.neighbours(of: id) { context.send(.gossip([value]), to: p) }
            return
        }
        for p in peers {
            if config.variant != "no-retry" && config.variant != "flood-every-tick" {
                unacked[p.index].insert(value); justSent[p.index].insert(value)
            }
            context.send(.gossip([value]), to: p)
        }
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<BroadcastNode>) {
        switch message {
        case .gossip(let vs):
            let new = vs.filter { !values.contains($0) }
            values.formUnion(vs)
            if config.variant == "neighbours-once" {
                for p in config.neighbours(of: id) where p != from && !new.isEmpty { context.send(.gossip(new), to: p) }
                return
            }
            context.send(.ack(vs), to: from)
        case .ack(let vs):
            unacked[from.index].subtract(vs)
        }
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<BroadcastNode>) {
        if config.variant == "flood-every-tick", !values.isEmpty {
            for p in peers { context.send(.gossip(values.sorted()), to: p) }
        }
        for p in peers {
            let due = unacked[p.index].subtracting(justSent[p.index])
            if !due.isEmpty { context.send(.gossip(due.sorted()), to: p) }
            justSent[p.index] = []
        }
        context.setTimer(.retry, after: config.retryInterval)
    }

    public var summary: NodeSummary {
        let shown = values.sorted().prefix(12).map(String.init).joined(separator: ",")
        return NodeSummary(role: "broadcast", tone: .follower,
                           fields: [.init("holds", "\(values.count)"), .init("values", shown + (values.count > 12 ? "…" : ""))],
                           details: ["values: " + values.sorted().map(String.init).joined(separator: ", ")])
    }
}
