/// The parts of ZooKeeper's client protocol the workload speaks, laid out
/// as zookeeper.jute declares them (module org.apache.zookeeper.proto and
/// org.apache.zookeeper.data), with the operation codes of
/// `ZooDefs.OpCode` and the error codes of `KeeperException.Code`
/// (zookeeper-server/src/main/java/org/apache/zookeeper/ZooDefs.java,
/// KeeperException.java in apache/zookeeper).
///
/// Every packet is framed by its length (an `int`). The first packet of a
/// connection is a bare `ConnectRequest` (followed, since 3.4, by the
/// client's `readOnly` boolean); every later request is a `RequestHeader`
/// (`xid`, `type`) then the request record, and every reply a `ReplyHeader`
/// (`xid`, `zxid`, `err`) then, when `err` is 0, the response record.
enum ZooKeeperWire {
    /// `ZooDefs.OpCode`.
    enum OpCode: Int32 {
        case create = 1, getData = 4, setData = 5, sync = 9, ping = 11, closeSession = -11
    }

    /// The `xid` the Java client uses for pings (`ClientCnxn`); replies carry it back.
    static let pingXid: Int32 = -2
    /// The `xid` of watch notifications the server pushes (none are set here, but one is skipped if it comes).
    static let notificationXid: Int32 = -1

    /// `ZooDefs.Perms.ALL` for the `world:anyone` id: `ZooDefs.Ids.OPEN_ACL_UNSAFE`.
    static let openACLPerms: Int32 = 31

    /// `ConnectRequest {int protocolVersion; long lastZxidSeen; int timeOut; long sessionId; buffer passwd}`
    /// then `readOnly` (false: this client writes).
    static func connectRequest(lastZxidSeen: Int64, timeoutMs: Int32) -> [UInt8] {
        var w = JuteWriter()
        w.int(0)
        w.long(lastZxidSeen)
        w.int(timeoutMs)
        w.long(0)  // a new session
        w.buffer([UInt8](repeating: 0, count: 16))
        w.bool(false)
        return w.framed
    }

    /// `ConnectResponse {int protocolVersion; int timeOut; long sessionId; buffer passwd}`.
    struct ConnectResponse: Equatable {
        var timeoutMs: Int32
        var sessionId: Int64
        init(timeoutMs: Int32, sessionId: Int64) { self.timeoutMs = timeoutMs; self.sessionId = sessionId }
        init(_ r: inout JuteReader) throws {
            _ = try r.int()
            timeoutMs = try r.int()
            sessionId = try r.long()
            _ = try r.buffer()
        }
    }

    /// `RequestHeader {int xid; int type}` then the request's fields.
    static func request(xid: Int32, _ op: OpCode, _ body: (inout JuteWriter) -> Void = { _ in }) -> [UInt8] {
        var w = JuteWriter()
        w.int(xid)
        w.int(op.rawValue)
        body(&w)
        return w.framed
    }

    /// `CreateRequest {ustring path; buffer data; vector<ACL> acl; int flags}`, persistent, open ACL
    /// (`ACL {int perms; Id id}`, `Id {ustring scheme; ustring id}`).
    static func create(xid: Int32, path: String, data: [UInt8]) -> [UInt8] {
        request(xid: xid, .create) { w in
            w.string(path)
            w.buffer(data)
            w.int(1)
            w.int(openACLPerms); w.string("world"); w.string("anyone")
            w.int(0)
        }
    }

    /// `GetDataRequest {ustring path; boolean watch}`.
    static func getData(xid: Int32, path: String) -> [UInt8] {
        request(xid: xid, .getData) { w in w.string(path); w.bool(false) }
    }

    /// `SetDataRequest {ustring path; buffer data; int version}` (version -1: any).
    static func setData(xid: Int32, path: String, data: [UInt8], version: Int32) -> [UInt8] {
        request(xid: xid, .setData) { w in w.string(path); w.buffer(data); w.int(version) }
    }

    /// `SyncRequest {ustring path}`.
    static func sync(xid: Int32, path: String) -> [UInt8] {
        request(xid: xid, .sync) { w in w.string(path) }
    }

    /// `ReplyHeader {int xid; long zxid; int err}`.
    struct ReplyHeader: Equatable {
        var xid: Int32
        var zxid: Int64
        var err: Int32
        init(_ r: inout JuteReader) throws { xid = try r.int(); zxid = try r.long(); err = try r.int() }
    }

    /// `Stat`: czxid, mzxid, ctime, mtime (long), version, cversion, aversion (int),
    /// ephemeralOwner (long), dataLength, numChildren (int), pzxid (long). Only what the workload needs is kept.
    struct Stat: Equatable {
        var mzxid: Int64
        var version: Int32
        init(mzxid: Int64, version: Int32) { self.mzxid = mzxid; self.version = version }
        /// 68 bytes: 8 czxid, 8 mzxid, 16 ctime and mtime, 4 version, then 32 of the rest.
        init(_ r: inout JuteReader) throws {
            try r.skip(8)
            mzxid = try r.long()
            try r.skip(16)
            version = try r.int()
            try r.skip(4 + 4 + 8 + 4 + 4 + 8)
        }
    }
}

/// What a ZooKeeper call can end in besides success: an error code the
/// server returned (it did not apply the request), or a lost connection
/// (the Java client's `ConnectionLoss`: whether a write applied is unknown).
enum ZooKeeperError: Error, Equatable, CustomStringConvertible {
    /// An error code in a reply (`KeeperException.Code`).
    case server(Int32)
    /// No connection, a timeout, the peer closed it, or a reply that made no sense: the session is gone.
    case connectionLoss(String)

    static let noNode: Int32 = -101
    static let badVersion: Int32 = -103
    static let nodeExists: Int32 = -110
    /// Codes after which the session is of no more use (expired, moved to
    /// another server, unknown): the client opens a new one.
    static let sessionGone: Set<Int32> = [-12, -112, -115, -118, -124]

    /// Codes that leave a request's outcome open: the server stopped waiting
    /// for it (`OperationTimeout`, `RequestTimeout`), not that it was refused.
    static let outcomeOpen: Set<Int32> = [-7, -122]

    /// Whether a request that got this error may still have been applied.
    var mayHaveApplied: Bool {
        switch self {
        case .connectionLoss: return true
        case .server(let code): return Self.outcomeOpen.contains(code)
        }
    }

    /// Whether the session that got this error must be dropped.
    var endsSession: Bool {
        switch self {
        case .connectionLoss: return true
        case .server(let code): return Self.sessionGone.contains(code)
        }
    }

    /// `KeeperException.Code` names of the codes a server sends.
    static func name(_ code: Int32) -> String {
        switch code {
        case -1: return "SystemError"
        case -2: return "RuntimeInconsistency"
        case -3: return "DataInconsistency"
        case -4: return "ConnectionLoss"
        case -5: return "MarshallingError"
        case -6: return "Unimplemented"
        case -7: return "OperationTimeout"
        case -8: return "BadArguments"
        case -12: return "UnknownSession"
        case -101: return "NoNode"
        case -102: return "NoAuth"
        case -103: return "BadVersion"
        case -108: return "NoChildrenForEphemerals"
        case -110: return "NodeExists"
        case -111: return "NotEmpty"
        case -112: return "SessionExpired"
        case -118: return "SessionMoved"
        case -119: return "NotReadOnly"
        case -122: return "RequestTimeout"
        default: return "error \(code)"
        }
    }

    var description: String {
        switch self {
        case .server(let code): return ZooKeeperError.name(code)
        case .connectionLoss(let why): return "ConnectionLoss (\(why))"
        }
    }
}
