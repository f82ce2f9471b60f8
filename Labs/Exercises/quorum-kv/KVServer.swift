import ClusterSim
import ExerciseKit

/// Messages between servers. These are a start: change them as you like.
/// Number each operation you coordinate (`op`) and carry it, so that acks
/// and replies are counted for the right request.
public enum KVPeerMessage: Hashable, Sendable, CustomStringConvertible {
    /// Coordinator → replica: keep this value if it is newer than yours.
    case store(op: Int, key: String, value: Versioned)
    /// Replica → coordinator: done.
    case stored(op: Int)
    /// Coordinator → replica: what do you hold for this key?
    case fetch(op: Int, key: String)
    /// Replica → coordinator: this (nil: nothing).
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

/// Your server: coordinator of the client requests it receives, replica of
/// the keys `config.replicas(of:servers:)` puts on it. Answer a client with
/// `context.send(.putReply(request:), to: client)` or
/// `context.send(.getReply(request:value:), to: client)`; talk to other
/// servers with `context.send(.peer(...), to: server)`.
public struct KVServer: QuorumKVServer {
    public typealias Peer = KVPeerMessage

    /// What this server holds as a replica.
    public private(set) var stored: [String: Versioned] = [:]
    let config: QuorumKVConfig
    let servers: Int

    public init(id: NodeID, layout: ClusterLayout, config: QuorumKVConfig) {
        self.config = config; servers = layout.serverCount
    }

    public mutating func clientGet(request: Int, key: String, from client: NodeID,
                                   _ context: inout NodeContext<QuorumKVCluster<Self>>) {
        todo("coordinate a get: ask the key's N replicas, answer with the newest of the first R replies", &context)
    }

    public mutating func clientPut(request: Int, key: String, value: Versioned, from client: NodeID,
                                   _ context: inout NodeContext<QuorumKVCluster<Self>>) {
        todo("coordinate a put: send it to the key's N replicas, answer after W acks", &context)
    }

    public mutating func peer(_ message: KVPeerMessage, from: NodeID, _ context: inout NodeContext<QuorumKVCluster<Self>>) {
        todo("handle \(message.description.prefix { $0.isLetter }): replica side (store, fetch) and coordinator side (stored, fetched)", &context)
    }
}
