import ClusterSim

/// A shard as a drive keeps it: which object version and shard index it is,
/// the object's size (to cut the padding off), the bytes, and the checksum
/// the gateway computed when it wrote them (the bit-rot check).
public struct ErasureStoredShard: Sendable, Hashable {
    public var version: Int
    public var index: Int
    public var size: Int
    public var bytes: [UInt8]
    public var checksum: String

    public init(version: Int, index: Int, size: Int, bytes: [UInt8]) {
        self.version = version; self.index = index; self.size = size; self.bytes = bytes
        checksum = ErasureSHA256.hex(bytes)
    }

    /// True while the bytes still hash to the checksum written with them.
    public var isIntact: Bool { ErasureSHA256.hex(bytes) == checksum }
}

public enum ErasureMessage: ProtocolMessage, Hashable {
    case put(op: Int, key: String, value: [UInt8])
    case putOK(op: Int)
    case putFailed(op: Int, reason: String)
    case get(op: Int, key: String)
    case getOK(op: Int, value: [UInt8])
    case getFailed(op: Int, reason: String)
    case writeShard(request: Int, key: String, shard: ErasureStoredShard)
    case shardWritten(request: Int, index: Int)
    case readShard(request: Int, key: String)
    case shardRead(request: Int, shard: ErasureStoredShard?)

    public var kind: String {
        switch self {
        case .put: return "PUT"
        case .putOK: return "PutOK"
        case .putFailed: return "PutFailed"
        case .get: return "GET"
        case .getOK: return "GetOK"
        case .getFailed: return "GetFailed"
        case .writeShard: return "WriteShard"
        case .shardWritten: return "ShardWritten"
        case .readShard: return "ReadShard"
        case .shardRead: return "ShardRead"
        }
    }

    public var isReply: Bool {
        switch self {
        case .putOK, .putFailed, .getOK, .getFailed, .shardWritten, .shardRead: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .put(op, key, value): return "PUT \(key) \(value.count)B #\(op)"
        case let .putOK(op): return "PutOK #\(op)"
        case let .putFailed(op, reason): return "PutFailed #\(op): \(reason)"
        case let .get(op, key): return "GET \(key) #\(op)"
        case let .getOK(op, value): return "GetOK \(value.count)B #\(op)"
        case let .getFailed(op, reason): return "GetFailed #\(op): \(reason)"
        case let .writeShard(_, key, shard): return "WriteShard \(key) v\(shard.version) shard \(shard.index)"
        case let .shardWritten(_, index): return "ShardWritten shard \(index)"
        case let .readShard(_, key): return "ReadShard \(key)"
        case let .shardRead(_, shard): return shard.map { "ShardRead v\($0.version) shard \($0.index)" } ?? "ShardRead (none)"
        }
    }
}
