import ClusterSim

/// A client command. Values are integers; every SET of the workload writes a
/// value no other SET uses, so a value names the write that produced it.
public enum RedisCommand: Sendable, Hashable, CustomStringConvertible {
    case get(String)
    case set(String, Int64)
    public var key: String { switch self { case .get(let k), .set(let k, _): return k } }
    public var description: String {
        switch self {
        case .get(let k): return "GET \(k)"
        case .set(let k, let v): return "SET \(k) \(v)"
        }
    }
}

/// One entry of a master's replication stream.
public enum ReplicationOp: Sendable, Hashable, CustomStringConvertible {
    case set(String, Int64)
    case del(String)
    public var description: String {
        switch self {
        case .set(let k, let v): return "\(k)=\(v)"
        case .del(let k): return "del \(k)"
        }
    }
}

public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: Int64
    public init(_ key: String, _ value: Int64) { self.key = key; self.value = value }
}

/// What a node tells every other node in each PING and PONG (Redis's
/// cluster bus header): its role, epochs, slots and replication offset.
public struct GossipHeader: Sendable, Hashable, CustomStringConvertible {
    public var master: NodeID?
    public var currentEpoch: Int
    public var configEpoch: Int
    /// Bumped whenever the sender's own slots change, so a receiver can skip
    /// re-reading slots it has already applied.
    public var slotsVersion: Int
    public var slots: SlotRanges
    public var offset: Int
    public var description: String {
        (master.map { "replica of n\($0.index + 1)" } ?? "master \(slots)") + " epoch \(currentEpoch)/\(configEpoch)"
    }
}

public enum RedisMessage: ProtocolMessage, Hashable {
    /// Client to server; `asking` is the ASKING flag a client sets after an ASK redirect.
    case command(request: Int, RedisCommand, asking: Bool)
    case reply(request: Int, value: Int64?, written: Bool)
    case error(request: Int, String)
    /// The slot is served by another node for good: update the slot cache.
    case moved(request: Int, slot: Int, to: NodeID)
    /// The slot is migrating and the key is not here: ask the importing node once.
    case ask(request: Int, slot: Int, to: NodeID)

    case ping(GossipHeader)
    case pong(GossipHeader)
    /// A replica asks the masters to vote for it in `epoch` to replace `master`.
    case failoverAuthRequest(epoch: Int, master: NodeID)
    case failoverAuthAck(epoch: Int)

    /// Master to replica: the backlog from `offset` on.
    case replicate(offset: Int, [ReplicationOp])
    /// Replica to master: send me everything.
    case sync
    case fullSync(offset: Int, [KeyValue])

    /// Resharding, as redis-cli drives it: the source (which got the
    /// `reshard` command) asks the target to import, migrates keys in
    /// batches, then tells the target it owns the slots.
    case setSlotImporting(SlotRanges)
    case importingReady(SlotRanges)
    case migrate(batch: Int, [KeyValue])
    case migrateOK(batch: Int)
    case setSlotNode(SlotRanges)
    case setSlotNodeOK(SlotRanges)

    public var kind: String {
        switch self {
        case .command(_, let c, let asking):
            if asking { return "ASKING" }
            if case .get = c { return "GET" } else { return "SET" }
        case .reply: return "Reply"
        case .error: return "Error"
        case .moved: return "MOVED"
        case .ask: return "ASK"
        case .ping: return "PING"
        case .pong: return "PONG"
        case .failoverAuthRequest: return "FailoverAuthRequest"
        case .failoverAuthAck: return "FailoverAuthAck"
        case .replicate: return "Replicate"
        case .sync: return "Sync"
        case .fullSync: return "FullSync"
        case .setSlotImporting: return "SetSlotImporting"
        case .importingReady: return "ImportingReady"
        case .migrate: return "MIGRATE"
        case .migrateOK: return "MigrateOK"
        case .setSlotNode: return "SetSlotNode"
        case .setSlotNodeOK: return "SetSlotNodeOK"
        }
    }

    public var isReply: Bool {
        switch self {
        case .reply, .error, .moved, .ask, .pong, .failoverAuthAck, .fullSync, .importingReady, .migrateOK, .setSlotNodeOK: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .command(let r, let c, let asking): return (asking ? "ASKING " : "") + "\(c) #\(r)"
        case .reply(let r, let v, let written): return written ? "OK #\(r)" : "#\(r) = \(v.map(String.init) ?? "nil")"
        case .error(let r, let e): return "-\(e) #\(r)"
        case .moved(let r, let s, let n): return "MOVED \(s) n\(n.index + 1) #\(r)"
        case .ask(let r, let s, let n): return "ASK \(s) n\(n.index + 1) #\(r)"
        case .ping(let h): return "PING \(h)"
        case .pong(let h): return "PONG \(h)"
        case .failoverAuthRequest(let e, let m): return "FailoverAuthRequest epoch \(e) for n\(m.index + 1)"
        case .failoverAuthAck(let e): return "FailoverAuthAck epoch \(e)"
        case .replicate(let o, let ops): return "Replicate @\(o) " + ops.map(\.description).joined(separator: " ")
        case .sync: return "Sync"
        case .fullSync(let o, let kv): return "FullSync @\(o) (\(kv.count) keys)"
        case .setSlotImporting(let s): return "SETSLOT \(s) IMPORTING"
        case .importingReady(let s): return "ImportingReady \(s)"
        case .migrate(let b, let kv): return "MIGRATE#\(b) " + kv.map(\.key).joined(separator: " ")
        case .migrateOK(let b): return "MigrateOK#\(b)"
        case .setSlotNode(let s): return "SETSLOT \(s) NODE"
        case .setSlotNodeOK(let s): return "SetSlotNodeOK \(s)"
        }
    }
}

/// The timers of a Redis Cluster's processes.
public enum RedisTimer: Hashable, Sendable, CustomStringConvertible {
    /// A server pings every other server and checks who has gone silent.
    case tick
    /// A master ships its replication backlog.
    case replicate
    /// A migrating source sends its next batch of keys.
    case migrate
    /// A replica of a failing master starts (or retries) an election.
    case failover
    /// A client gives up on its request.
    case requestTimeout
    /// A client's pause before its next request.
    case think
    public var description: String {
        switch self {
        case .tick: return "tick"
        case .replicate: return "replicate"
        case .migrate: return "migrate"
        case .failover: return "failover"
        case .requestTimeout: return "requestTimeout"
        case .think: return "think"
        }
    }
}

public typealias RedisContext = NodeContext<RedisProcess>
