import ClusterSim

/// A stored value: an integer with the stamp of the write that produced it.
public typealias StoredValue = Versioned<Int64>

/// How a coordinator answers a client.
public enum QuorumOutcome: Sendable, Hashable, CustomStringConvertible {
    /// A read's newest value among the replies (nil: the key was never written).
    case value(Int64?)
    /// A write acknowledged by enough replicas.
    case written
    /// Too few replicas answered in time. For a write this is indefinite:
    /// some replicas may hold it, and it may yet win.
    case unavailable
    public var description: String {
        switch self {
        case .value(let v): return v.map(String.init) ?? "nil"
        case .written: return "ok"
        case .unavailable: return "unavailable"
        }
    }
}

public enum QuorumMessage: ProtocolMessage, Hashable {
    case clientRead(request: Int, key: String)
    case clientWrite(request: Int, key: String, value: Int64)
    case clientReply(request: Int, QuorumOutcome)
    /// Coordinator to replica: what do you hold for `key`?
    case replicaRead(op: Int, key: String)
    case replicaReadReply(op: Int, StoredValue?)
    /// Coordinator to replica: keep this write if it is newer.
    case replicaWrite(op: Int, key: String, StoredValue)
    case replicaWriteAck(op: Int)
    /// Read repair: a newer value for a replica that answered with an older one.
    case repair(key: String, StoredValue)

    public var kind: String {
        switch self {
        case .clientRead: return "Read"
        case .clientWrite: return "Write"
        case .clientReply: return "Reply"
        case .replicaRead: return "ReplicaRead"
        case .replicaReadReply: return "ReplicaReadReply"
        case .replicaWrite: return "ReplicaWrite"
        case .replicaWriteAck: return "ReplicaWriteAck"
        case .repair: return "Repair"
        }
    }

    public var isReply: Bool {
        switch self {
        case .clientReply, .replicaReadReply, .replicaWriteAck: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .clientRead(let r, let k): return "Read#\(r)(\(k))"
        case .clientWrite(let r, let k, let v): return "Write#\(r)(\(k)=\(v))"
        case .clientReply(let r, let o): return "Reply#\(r)(\(o))"
        case .replicaRead(let op, let k): return "ReplicaRead#\(op)(\(k))"
        case .replicaReadReply(let op, let v): return "ReplicaReadReply#\(op)(\(v?.description ?? "nil"))"
        case .replicaWrite(let op, let k, let v): return "ReplicaWrite#\(op)(\(k)=\(v))"
        case .replicaWriteAck(let op): return "ReplicaWriteAck#\(op)"
        case .repair(let k, let v): return "Repair(\(k)=\(v))"
        }
    }
}

/// The timers of a quorum cluster's processes.
public enum QuorumTimer: Hashable, Sendable, CustomStringConvertible {
    /// A coordinator's deadline for one operation.
    case operation(Int)
    /// A client gives up on its request.
    case requestTimeout
    public var description: String {
        switch self {
        case .operation(let op): return "op#\(op)"
        case .requestTimeout: return "requestTimeout"
        }
    }
}

public typealias QuorumContext = NodeContext<QuorumProcess>
