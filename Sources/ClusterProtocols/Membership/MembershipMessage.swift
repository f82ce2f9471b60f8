import ClusterSim

/// How one node regards another (the engine's type, so the interface's
/// membership view reads it without knowing this protocol).
public typealias MemberStatus = PeerView.Status

/// A SWIM membership update, piggybacked on pings and acks: "`node` is
/// `status` at `incarnation`". Only the node itself raises its incarnation.
public struct MemberUpdate: Sendable, Hashable, CustomStringConvertible {
    public var node: NodeID
    public var status: MemberStatus
    public var incarnation: Int
    public init(node: NodeID, status: MemberStatus, incarnation: Int) {
        self.node = node; self.status = status; self.incarnation = incarnation
    }
    public var description: String { "n\(node.index + 1) \(status.rawValue)@\(incarnation)" }
}

/// What membership nodes send each other.
public enum MembershipMessage: ProtocolMessage, Hashable {
    /// heartbeat and phi: "I am here".
    case heartbeat
    /// swim: a probe; answered by `ack` with the same `seq`.
    case ping(seq: Int, updates: [MemberUpdate])
    /// swim: "probe `target` for me and pass its ack back under `seq`".
    case pingReq(seq: Int, target: NodeID, updates: [MemberUpdate])
    /// swim: the answer to a ping, direct or relayed.
    case ack(seq: Int, updates: [MemberUpdate])

    public var kind: String {
        switch self {
        case .heartbeat: return "Heartbeat"
        case .ping: return "Ping"
        case .pingReq: return "PingReq"
        case .ack: return "Ack"
        }
    }
    public var isReply: Bool { if case .ack = self { return true } else { return false } }
    public var description: String {
        func list(_ u: [MemberUpdate]) -> String { u.isEmpty ? "" : " [" + u.map(\.description).joined(separator: ", ") + "]" }
        switch self {
        case .heartbeat: return "Heartbeat"
        case .ping(let s, let u): return "Ping(\(s))" + list(u)
        case .pingReq(let s, let t, let u): return "PingReq(\(s) → n\(t.index + 1))" + list(u)
        case .ack(let s, let u): return "Ack(\(s))" + list(u)
        }
    }
}
