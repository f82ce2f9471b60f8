import ClusterSim

/// The `quorum-kv` exercise's contract: the student writes a Dynamo-style
/// server, both roles in one type — coordinator of the client requests it
/// receives, and replica of the keys it holds. Clients are given
/// (`QuorumKVCluster`); so is where a key lives (`QuorumKVConfig.replicas`).
///
/// Every key has one writer (the client that owns it), which numbers its
/// writes: a `Versioned` value's version orders it, higher is newer. So
/// "newest" needs no clocks here; the exercise is the quorum.
public protocol QuorumKVServer: Sendable {
    /// The student's server-to-server messages.
    associatedtype Peer: Hashable & Sendable & CustomStringConvertible
    init(id: NodeID, layout: ClusterLayout, config: QuorumKVConfig)
    /// A client asks this server to read `key`; answer `.getReply` to `client`.
    mutating func clientGet(request: Int, key: String, from client: NodeID, _ context: inout NodeContext<QuorumKVCluster<Self>>)
    /// A client asks this server to write `value` to `key`; answer `.putReply` to `client`.
    mutating func clientPut(request: Int, key: String, value: Versioned, from client: NodeID,
                            _ context: inout NodeContext<QuorumKVCluster<Self>>)
    /// A message from another server (or this one: a node may send to itself).
    mutating func peer(_ message: Peer, from: NodeID, _ context: inout NodeContext<QuorumKVCluster<Self>>)
    /// What this server holds as a replica, by key (for the interface and the suite).
    var stored: [String: Versioned] { get }
}

/// A value and its version: the writer's count of its writes to the key.
public struct Versioned: Hashable, Sendable, CustomStringConvertible {
    public var value: Int64
    public var version: Int
    public init(value: Int64, version: Int) { self.value = value; self.version = version }
    public var description: String { "\(value)@v\(version)" }
}

/// The exercise's run parameters: N replicas per key, R replies per read, W acks per write.
public struct QuorumKVConfig: Sendable, Hashable {
    public var n: Int
    public var r: Int
    public var w: Int
    /// nil for students; instructors' known-buggy variants of the reference solution read it.
    public var variant: String?

    public init(n: Int = 3, r: Int = 2, w: Int = 2, variant: String? = nil) {
        self.n = n; self.r = r; self.w = w; self.variant = variant
    }

    /// The N servers that hold `key` (its preference list, as in Dynamo §4.3):
    /// the server its hash falls on, then the next ones round the ring.
    public func replicas(of key: String, servers: Int) -> [NodeID] {
        guard servers > 0 else { return [] }
        var h: UInt64 = 14_695_981_039_346_656_037          // FNV-1a, fixed on every platform
        for byte in key.utf8 { h = (h ^ UInt64(byte)) &* 1_099_511_628_211 }
        let first = Int(h % UInt64(servers))
        return (0..<min(n, servers)).map { NodeID((first + $0) % servers) }
    }
}
