import ClusterSim

/// The client commands each protocol's `command` understands, with an
/// example each: the interface's `r` prompt shows them, completes them and
/// refuses anything else before it reaches the node. Kept beside one another
/// so a new command is listed where the others are; each list matches the
/// parser named in its comment.

extension GossipNode {
    /// `GossipNode.command`.
    public static let commands = [CommandUsage("broadcast", ["N"], example: "broadcast 42", help: "a new value, spread by gossip")]
}

extension CRDTNode {
    /// `CRDTNode.command`.
    public static let commands = [
        CommandUsage("inc", ["[N]"], example: "inc 3", help: "add to the counter (default 1)"),
        CommandUsage("dec", ["[N]"], example: "dec 1", help: "take from the counter (default 1)"),
        CommandUsage("add", ["X"], example: "add x", help: "add an element to the set"),
        CommandUsage("remove", ["X"], example: "remove x", help: "remove an element from the set"),
        CommandUsage("set", ["V"], example: "set v", help: "assign the register"),
    ]
}

extension RaftProcess {
    /// `KVOperation(parsing:)`, via `RaftServer.command`.
    public static let commands = [
        CommandUsage("write", ["KEY", "VALUE"], example: "write x 3", help: "the leader logs a write"),
        CommandUsage("read", ["KEY"], example: "read x", help: "a read through the log"),
        CommandUsage("cas", ["KEY", "FROM", "TO"], example: "cas x 3 4", help: "compare and set"),
    ]
    /// Servers only: a client runs its own workload (`RaftProcess.command`).
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }
}

extension QuorumProcess {
    /// `QuorumServer.command`.
    public static let commands = [
        CommandUsage("read", ["KEY", "[LEVEL]"], example: "read x", help: "a read at the configured consistency or LEVEL"),
        CommandUsage("write", ["KEY", "VALUE", "[LEVEL]"], example: "write x 3", help: "a write at the configured consistency or LEVEL"),
        CommandUsage("delete", ["KEY", "[LEVEL]"], example: "delete x", help: "a tombstone"),
        CommandUsage("resolve", ["KEY", "VALUE"], example: "resolve x 3", help: "replace every sibling with one value"),
        CommandUsage("consistency", ["read|write", "LEVEL"], example: "consistency read all", help: "this server's levels (one, quorum, all)"),
        CommandUsage("flush", [], example: "flush", help: "write the memtable out as an SSTable"),
        CommandUsage("compact", [], example: "compact", help: "merge every SSTable into one"),
    ]
    /// `QuorumClient.command`: its levels, and one operation through a server (with `ops: 0`).
    public static let clientCommands = [
        CommandUsage("consistency", ["read|write", "LEVEL"], example: "consistency read all", help: "this client's level (one, quorum, all)"),
        CommandUsage("read", ["KEY", "via", "SERVER"], example: "read x via n1", help: "a read, recorded in the history"),
        CommandUsage("write", ["KEY", "VALUE", "via", "SERVER"], example: "write x 3 via n1", help: "a write, recorded in the history"),
        CommandUsage("delete", ["KEY", "via", "SERVER"], example: "delete x via n1", help: "a delete, recorded in the history"),
    ]
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? clientCommands : commands
    }
}

extension RedisProcess {
    /// `RedisServer.command`.
    public static let commands = [
        CommandUsage("reshard", ["COUNT|FIRST-LAST", "NODE"], example: "reshard 100 n2", help: "move slots to a master"),
        CommandUsage("keyslot", ["KEY"], example: "keyslot user:1", help: "the key's slot and its owner"),
        CommandUsage("get", ["KEY"], example: "get x", help: "read (MOVED/ASK if not here)"),
        CommandUsage("set", ["KEY", "VALUE"], example: "set x 3", help: "write (MOVED/ASK if not here)"),
    ]
    /// Masters and replicas only: a client runs its own workload (`RedisProcess.command`).
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }
}

extension BalancerNode {
    /// `LoadBalancer.command`.
    public static let commands = [
        CommandUsage("strategy", ["NAME"], example: "strategy least_connections",
                     help: "switch live: " + BalancingStrategy.allCases.map(\.rawValue).joined(separator: ", ")),
    ]
    /// The balancer (n1) only (`BalancerNode.command`).
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        id.index == 0 && !layout.isClient(id) ? commands : []
    }
}
