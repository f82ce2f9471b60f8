import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One ZooKeeper session on one TCP connection to one server, spoken
/// synchronously: a request, then its reply (watch notifications and stray
/// ping replies skipped). Any transport failure breaks the session for good
/// (`ZooKeeperError.connectionLoss`); the caller opens a new one, passing
/// the last zxid it saw so no server older than what it read takes it
/// (the Programmer's Guide's "Single System Image" guarantee).
final class ZooKeeperSession {
    let connection: TCPConnection
    let sessionId: Int64
    /// The session timeout the server granted, in milliseconds.
    let timeoutMs: Int32
    /// The highest zxid any reply carried (the server's last processed zxid when it replied).
    private(set) var lastZxid: Int64
    private(set) var broken = false
    private var xid: Int32 = 0
    private var lastSent = Monotonic.nowMs()

    /// Larger packets than this are not ZooKeeper replies to these requests (its default jute.maxbuffer is 1 MB).
    static let maxPacket: Int32 = 4 << 20

    private init(connection: TCPConnection, response: ZooKeeperWire.ConnectResponse, lastZxid: Int64) {
        self.connection = connection
        self.sessionId = response.sessionId
        self.timeoutMs = response.timeoutMs
        self.lastZxid = lastZxid
    }

    /// Connects to `host:2181` and opens a new session asking for `sessionTimeoutMs`.
    static func open(host: String, port: UInt16 = 2181, connect: RealConnect, ioTimeoutMs: Int,
                     sessionTimeoutMs: Int32, lastZxidSeen: Int64) throws(ZooKeeperError) -> ZooKeeperSession {
        let connection: TCPConnection
        do { connection = try connect(host, port, ioTimeoutMs) } catch { throw .connectionLoss("\(error)") }
        do {
            try connection.write(ZooKeeperWire.connectRequest(lastZxidSeen: lastZxidSeen, timeoutMs: sessionTimeoutMs))
        } catch { throw .connectionLoss("\(error)") }
        // A server that is not serving, or that has seen less than this client, closes the connection instead.
        var reader = try readPacket(connection)
        let response: ZooKeeperWire.ConnectResponse
        do { response = try ZooKeeperWire.ConnectResponse(&reader) } catch { throw .connectionLoss("\(error)") }
        guard response.timeoutMs > 0 else { throw .connectionLoss("the server refused the session") }
        return ZooKeeperSession(connection: connection, response: response, lastZxid: lastZxidSeen)
    }

    /// Milliseconds since this session last sent a request.
    var idleMs: Int { Monotonic.nowMs() - lastSent }

    /// `create` of a persistent znode with an open ACL.
    func create(_ path: String, data: [UInt8]) throws(ZooKeeperError) {
        let id = nextXid()
        _ = try call(ZooKeeperWire.create(xid: id, path: path, data: data), xid: id)
    }

    /// `getData` without a watch: the znode's data and its version.
    func getData(_ path: String) throws(ZooKeeperError) -> (data: [UInt8], stat: ZooKeeperWire.Stat) {
        let id = nextXid()
        var r = try call(ZooKeeperWire.getData(xid: id, path: path), xid: id)
        do { return (try r.buffer() ?? [], try ZooKeeperWire.Stat(&r)) } catch { throw lose("\(error)") }
    }

    /// `setData`, applied only if the znode's version is `version` (-1: whatever it is).
    @discardableResult
    func setData(_ path: String, data: [UInt8], version: Int32) throws(ZooKeeperError) -> ZooKeeperWire.Stat {
        let id = nextXid()
        var r = try call(ZooKeeperWire.setData(xid: id, path: path, data: data, version: version), xid: id)
        do { return try ZooKeeperWire.Stat(&r) } catch { throw lose("\(error)") }
    }

    /// `sync`: the server catches up with the leader before answering, so a
    /// read after it on this session sees every write committed before the sync.
    func sync(_ path: String) throws(ZooKeeperError) {
        let id = nextXid()
        _ = try call(ZooKeeperWire.sync(xid: id, path: path), xid: id)
    }

    /// A ping, which keeps the session alive and proves the server still answers.
    func ping() throws(ZooKeeperError) {
        _ = try call(ZooKeeperWire.request(xid: ZooKeeperWire.pingXid, .ping), xid: ZooKeeperWire.pingXid)
    }

    /// `closeSession`, best effort: a broken session simply expires on the server.
    func close() {
        guard !broken else { return }
        let id = nextXid()
        _ = try? call(ZooKeeperWire.request(xid: id, .closeSession), xid: id)
        broken = true
    }

    private func nextXid() -> Int32 { xid &+= 1; if xid <= 0 { xid = 1 }; return xid }

    /// Sends `request` and returns a reader positioned after the reply header of reply `xid`.
    private func call(_ request: [UInt8], xid: Int32) throws(ZooKeeperError) -> JuteReader {
        guard !broken else { throw .connectionLoss("the session's connection was lost earlier") }
        do { try connection.write(request) } catch { throw lose("\(error)") }
        lastSent = Monotonic.nowMs()
        while true {
            var r: JuteReader
            do { r = try Self.readPacket(connection) } catch { broken = true; throw error }
            let header: ZooKeeperWire.ReplyHeader
            do { header = try ZooKeeperWire.ReplyHeader(&r) } catch { throw lose("\(error)") }
            if header.xid == ZooKeeperWire.notificationXid || (header.xid == ZooKeeperWire.pingXid && xid != header.xid) { continue }
            guard header.xid == xid else { throw lose("a reply to request \(header.xid) came while waiting for \(xid)") }
            if header.zxid > lastZxid { lastZxid = header.zxid }
            guard header.err == 0 else { throw .server(header.err) }
            return r
        }
    }

    private func lose(_ why: String) -> ZooKeeperError {
        broken = true
        return .connectionLoss(why)
    }

    /// One length-framed packet.
    private static func readPacket(_ connection: TCPConnection) throws(ZooKeeperError) -> JuteReader {
        do {
            var lengthReader = JuteReader(try connection.read(exactly: 4))
            let length = try lengthReader.int()
            guard length >= 0, length <= maxPacket else { throw ZooKeeperError.connectionLoss("a packet of \(length) bytes is not a ZooKeeper reply") }
            return JuteReader(try connection.read(exactly: Int(length)))
        } catch let e as ZooKeeperError { throw e } catch { throw .connectionLoss("\(error)") }
    }
}

/// Milliseconds of a clock that never goes back (real runs are in wall-clock time).
enum Monotonic {
    static func nowMs() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }
}
