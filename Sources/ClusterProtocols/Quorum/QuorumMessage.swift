import ClusterSim

/// How a coordinator answers a client.
public enum QuorumOutcome: Sendable, Hashable, CustomStringConvertible {
    /// A read's newest value among the replies (nil: never written, or deleted).
    case value(Int64?)
    /// A read under vector versioning: every concurrent sibling (no tombstones),
    /// and the context (the merged clocks) a write must carry to supersede them.
    case siblings([Int64], context: VectorClock)
    /// A write (or delete) acknowledged by enough replicas.
    case written
    /// Too few replicas answered in time. For a write this is indefinite:
    /// some replicas may hold it, and it may yet win.
    case unavailable
    public var description: String {
        switch self {
        case .value(let v): return v.map(String.init) ?? "nil"
        case .siblings(let vs, _): return vs.isEmpty ? "nil" : vs.map(String.init).joined(separator: "|")
        case .written: return "ok"
        case .unavailable: return "unavailable"
        }
    }
}

/// A write held for a replica that did not take it (hinted handoff).
public struct Hint: Sendable, Hashable {
    public var id: Int
    /// The replica the write belongs to.
    public var target: NodeID
    public var key: String
    public var version: Version
}

/// A key's versions, as repairs ship them.
public struct Row: Sendable, Hashable {
    public var key: String
    public var versions: [Version]
}

/// One Merkle exchange between two replicas, named by who started it.
public struct MerkleSession: Sendable, Hashable, CustomStringConvertible {
    public var initiator: NodeID
    public var number: Int
    public var description: String { "n\(initiator.index + 1).\(number)" }
}

public enum QuorumMessage: ProtocolMessage, Hashable {
    /// `level`: the consistency level the client chose for this request
    /// (nil: the coordinator's own).
    case clientRead(request: Int, key: String, level: ConsistencyLevel? = nil)
    case clientWrite(request: Int, key: String, value: Int64, level: ConsistencyLevel? = nil)
    /// A write or (value nil) a delete, carrying the context of the client's
    /// last read of the key under vector versioning.
    case clientUpdate(request: Int, key: String, value: Int64?, context: VectorClock?, level: ConsistencyLevel? = nil)
    case clientReply(request: Int, QuorumOutcome)
    /// Coordinator to replica: what do you hold for `key`?
    case replicaRead(op: Int, key: String)
    /// The replica's versions of the key (empty: nothing).
    case replicaReadReply(op: Int, [Version])
    /// Coordinator to replica: keep this write if it is newer.
    case replicaWrite(op: Int, key: String, Version)
    case replicaWriteAck(op: Int)
    /// Sloppy quorum: a write for `target`, which seems down, to hold and hand off later.
    case hintedWrite(op: Int, key: String, Version, target: NodeID)
    /// Hinted handoff: writes this replica missed (empty: a probe).
    case handoff([Hint])
    case handoffAck(ids: [Int])
    /// Read repair: newer versions for a contacted replica that answered
    /// with older ones; the read waits for the `repairAck` before answering.
    case repair(op: Int, key: String, [Version])
    case repairAck(op: Int)
    /// Anti-entropy: the sender's hashes of some Merkle tree nodes of one level.
    case merkleHashes(MerkleSession, level: Int, indices: [Int], hashes: [UInt64])
    /// Anti-entropy: the sender's rows of the differing leaves; `reply` asks for the receiver's.
    case merkleRows(MerkleSession, leaves: [Int], rows: [Row], reply: Bool)

    public var kind: String {
        switch self {
        case .clientRead: return "Read"
        case .clientWrite, .clientUpdate: return "Write"
        case .clientReply: return "Reply"
        case .replicaRead: return "ReplicaRead"
        case .replicaReadReply: return "ReplicaReadReply"
        case .replicaWrite: return "ReplicaWrite"
        case .replicaWriteAck: return "ReplicaWriteAck"
        case .hintedWrite: return "HintedWrite"
        case .handoff: return "Handoff"
        case .handoffAck: return "HandoffAck"
        case .repair: return "Repair"
        case .repairAck: return "RepairAck"
        case .merkleHashes: return "MerkleHashes"
        case .merkleRows: return "MerkleRows"
        }
    }

    public var isReply: Bool {
        switch self {
        case .clientReply, .replicaReadReply, .replicaWriteAck, .handoffAck, .repairAck: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .clientRead(let r, let k, let l): return "Read#\(r)(\(k))" + Self.show(l)
        case .clientWrite(let r, let k, let v, let l): return "Write#\(r)(\(k)=\(v))" + Self.show(l)
        case .clientUpdate(let r, let k, let v, let c, let l):
            return (v == nil ? "Delete#\(r)(\(k)" : "Write#\(r)(\(k)=\(v!)") + (c.map { " ctx \($0)" } ?? "") + ")" + Self.show(l)
        case .clientReply(let r, let o): return "Reply#\(r)(\(o))"
        case .replicaRead(let op, let k): return "ReplicaRead#\(op)(\(k))"
        case .replicaReadReply(let op, let v): return "ReplicaReadReply#\(op)(\(Self.show(v)))"
        case .replicaWrite(let op, let k, let v): return "ReplicaWrite#\(op)(\(k)=\(v))"
        case .replicaWriteAck(let op): return "ReplicaWriteAck#\(op)"
        case .hintedWrite(let op, let k, let v, let t): return "HintedWrite#\(op)(\(k)=\(v) for n\(t.index + 1))"
        case .handoff(let hints): return "Handoff(\(hints.map { "\($0.key)=\($0.version)" }.joined(separator: ",")))"
        case .handoffAck(let ids): return "HandoffAck(\(ids.count))"
        case .repair(let op, let k, let v): return "Repair#\(op)(\(k)=\(Self.show(v)))"
        case .repairAck(let op): return "RepairAck#\(op)"
        case .merkleHashes(let s, let level, let i, _): return "MerkleHashes \(s) level \(level) (\(i.count) nodes)"
        case .merkleRows(let s, let leaves, let rows, _): return "MerkleRows \(s) (\(leaves.count) leaves, \(rows.count) rows)"
        }
    }

    /// ` at ONE` for a request that chose its level.
    static func show(_ level: ConsistencyLevel?) -> String {
        level.map { " at \($0.rawValue.uppercased())" } ?? ""
    }

    static func show(_ versions: [Version]) -> String {
        versions.isEmpty ? "nil" : versions.map(\.description).joined(separator: "|")
    }
}

/// The timers of a quorum cluster's processes.
public enum QuorumTimer: Hashable, Sendable, CustomStringConvertible {
    /// A coordinator's deadline for one operation.
    case operation(Int)
    /// A client gives up on its request.
    case requestTimeout
    /// A server tries to hand its hints to their replicas.
    case handoff
    /// A server starts a Merkle exchange with its next peer.
    case antiEntropy
    /// A tombstone's grace period is over: the replica may forget the key.
    case tombstoneExpiry(String)
    /// A read's contacted replicas have been silent too long: ask one more.
    case speculativeRetry(Int)
    public var description: String {
        switch self {
        case .operation(let op): return "op#\(op)"
        case .requestTimeout: return "requestTimeout"
        case .handoff: return "handoff"
        case .antiEntropy: return "antiEntropy"
        case .tombstoneExpiry(let k): return "gc(\(k))"
        case .speculativeRetry(let op): return "retry#\(op)"
        }
    }
}

public typealias QuorumContext = NodeContext<QuorumProcess>
