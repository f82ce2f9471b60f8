import ClusterSim
import ExerciseKit

/// Messages between servers: the coordinator's operation `op` names a
/// request, so replies are counted for the right one.
public enum KVPeerMessage: Hashable, Sendable, CustomStringConvertible {
    case store(op: Int, key: String, value: Versioned)
    case stored(op: Int)
    case fetch(op: Int, key: String)
    case fetched(op: Int, value: Versioned?)

    public var description: String {
        switch self {
        case .store(let op, let k, let v): return "Store#\(op)(\(k)=\(v))"
        case .stored(let op): return "Stored#\(op)"
        case .fetch(let op, let k): return "Fetch#\(op)(\(k))"
        case .fetched(let op, let v): return "Fetched#\(op)(\(v.map(\.description) ?? "nil"))"
        }
    }
}

/// Reference solution of `quorum-kv`: a coordinator that sends every request
/// to the key's N replicas and answers after W acks or R replies (the newest
/// of them), and a replica that keeps the highest version it has seen.
///
/// Known-buggy variants (`config.variant`):
/// - `early-ack`: answers a put after W − 1 acks (an off-by-one on the quorum).
/// - `first-reply`: answers a get with the first reply, not the newest of R.
public struct KVServer: QuorumKVServer {
    public typealias Peer = KVPeerMessage
    /// An operation this server coordinates, until it answers.
    struct Pending: Sendable {
        var client: NodeID, request: Int
        var replies = 0
        var newest: Versioned?
        var first: Versioned?
    }

    public private(set) var stored: [String: Versioned] = [:]
    let config: QuorumKVConfig
    let servers: Int
    var nextOp = 0
    var pending: [Int: Pending] = [:]

    public init(id: NodeID, layout: ClusterLayout, config: QuorumKVConfig) {
        self.config = config; servers = layout.serverCount
    }

    public mutating func clientGet(request: Int, key: String, from client: NodeID,
                                   _ context: inout NodeContext<QuorumKVCluster<Self>>) {
        let op = begin(client, request)
        for r in config.replicas(of: key, servers: servers) { context.send(.peer(.fetch(op: op, key: key)), to: r) }
    }

    public mutating func clientPut(request: Int, key: String, value: Versioned, from client: NodeID,
                                   _ context: inout NodeContext<QuorumKVCluster<Self>>) {
        let op = begin(client, request)
        for r in config.replicas(of: key, servers: servers) { context.send(.peer(.store(op: op, key: key, value: value)), to: r) }
    }

    public mutating func peer(_ message: KVPeerMessage, from: NodeID, _ context: inout NodeContext<QuorumKVCluster<Self>>) {
        switch message {
        case .store(let op, let key, let value):
            if value.version > (stored[key]?.version ?? 0) { stored[key] = value }
            context.send(.peer(.stored(op: op)), to: from)
        case .fetch(let op, let key):
            context.send(.peer(.fetched(op: op, value: stored[key])), to: from)
        case .stored(let op):
            guard var p = pending[op] else { return }
            p.replies += 1
            let needed = config.variant == "early-ack" ? max(1, config.w - 1) : config.w
            if p.replies >= needed {
                pending[op] = nil
                context.send(.putReply(request: p.request), to: p.client)
            } else { pending[op] = p }
        case .fetched(let op, let value):
            guard var p = pending[op] else { return }
            if p.replies == 0 { p.first = value }
            p.replies += 1
            if let v = value, v.version > (p.newest?.version ?? 0) { p.newest = v }
            if p.replies >= config.r {
                pending[op] = nil
                context.send(.getReply(request: p.request, value: config.variant == "first-reply" ? p.first : p.newest), to: p.client)
            } else { pending[op] = p }
        }
    }

    mutating func begin(_ client: NodeID, _ request: Int) -> Int {
        nextOp += 1
        pending[nextOp] = Pending(client: client, request: request)
        return nextOp
    }
}
