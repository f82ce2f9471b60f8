import ClusterSim

/// What a student's broadcast server is: a node that takes `broadcast N`
/// requests (the interface's `r` key, or the suite's workload), keeps every
/// value it has seen, and gets every value to every server — through loss,
/// duplication, reordering and partitions (Maelstrom's broadcast workload).
public protocol BroadcastServer: NodeStateMachine where Config == BroadcastConfig {
    /// Every value this node holds: what Maelstrom's `read` returns.
    var values: Set<Int> { get }
}

/// The run's parameters, shared by every server.
public struct BroadcastConfig: Sendable, Hashable {
    /// How often a node should retry what its peers have not acknowledged.
    /// The suite's message budget assumes retries no more often than this.
    public var retryInterval: Int64
    /// Each server's suggested neighbours, by server index (a ring), as
    /// Maelstrom's `topology` message gives them. A suggestion: a node may
    /// send to any server.
    public var topology: [[NodeID]]
    /// nil for students; instructors' known-buggy variants of the reference solution read it.
    public var variant: String?

    public init(servers: Int, retryInterval: Int64 = 100_000, variant: String? = nil) {
        self.retryInterval = retryInterval
        self.topology = BroadcastConfig.ring(servers)
        self.variant = variant
    }

    /// Every server's two neighbours on a ring (fewer on one or two servers).
    public static func ring(_ servers: Int) -> [[NodeID]] {
        (0..<servers).map { i in
            Array(Set([(i + servers - 1) % servers, (i + 1) % servers]).subtracting([i])).sorted().map(NodeID.init)
        }
    }

    /// The neighbours of `node` in `topology`.
    public func neighbours(of node: NodeID) -> [NodeID] {
        node.index < topology.count ? topology[node.index] : []
    }
}

/// The request the workload sends: `broadcast N`.
public enum BroadcastRequest {
    public static let usage = CommandUsage("broadcast", ["VALUE"], example: "broadcast 42",
                                           help: "hand this server a value to broadcast to every server")

    /// The value of a `broadcast N` command, or nil if `text` is not one.
    public static func value(in text: String) -> Int? {
        let words = text.split(separator: " ")
        guard words.count == 2, words[0] == "broadcast" else { return nil }
        return Int(words[1])
    }
}
