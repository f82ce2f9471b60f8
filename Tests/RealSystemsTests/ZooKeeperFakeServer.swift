import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import RealSystems

/// A stand-in ZooKeeper server on one loopback address for the client's
/// tests: it accepts sessions and answers each request with what `answer`
/// says (an error code, a reply body, or silence), counting connections.
final class ZooKeeperFakeServer: @unchecked Sendable {
    enum Answer { case ok([UInt8]), error(Int32), silence }

    let address: String
    private let fd: Int32
    private let answer: @Sendable (_ opCode: Int32, _ earlier: Int) -> Answer
    private let lock = NSLock()
    private var accepted = 0
    private var requests: [Int32] = []
    private var open: [Int32] = []

    /// Listens on `address`:2181 and serves on a thread until `stop()`.
    /// `answer(op, n)`: the reply to the `n`th request (from 0) with operation code `op`.
    init(address: String, answer: @escaping @Sendable (_ opCode: Int32, _ earlier: Int) -> Answer) throws {
        self.address = address
        self.answer = answer
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = UInt16(2181).bigEndian
        inet_pton(AF_INET, address, &a.sin_addr)
        let bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw TCPConnection.Failure(.other, "fake server: bind \(address):2181 failed") }
        let t = Thread { [self] in acceptLoop() }
        t.start()
    }

    var connections: Int { lock.withLock { accepted } }
    var opCodes: [Int32] { lock.withLock { requests } }

    /// Stops listening and closes every session.
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR)); close(fd)
        lock.withLock { for c in open { shutdown(c, Int32(SHUT_RDWR)) } }
    }

    private func acceptLoop() {
        while true {
            let c = accept(fd, nil, nil)
            guard c >= 0 else { return }
            lock.withLock { accepted += 1; open.append(c) }
            let t = Thread { [self] in serve(TCPConnection(connected: c, timeoutMs: 60_000)) }
            t.start()
        }
    }

    private func serve(_ conn: TCPConnection) {
        guard (try? packet(conn)) != nil else { return }  // the ConnectRequest
        var w = JuteWriter()
        w.int(0); w.int(6000); w.long(0x51); w.buffer([UInt8](repeating: 0, count: 16))
        guard (try? conn.write(w.framed)) != nil else { return }
        while let body = try? packet(conn) {
            var r = JuteReader(body)
            guard let xid = try? r.int(), let op = try? r.int() else { return }
            let earlier = lock.withLock { defer { requests.append(op) }; return requests.filter { $0 == op }.count }
            var reply = JuteWriter()
            reply.int(xid); reply.long(0x1_0000_0001)
            switch op == ZooKeeperWire.OpCode.ping.rawValue ? .ok([]) : answer(op, earlier) {
            case .ok(let bytes):
                reply.int(0)
                let body = reply.bytes + bytes
                var frame = JuteWriter()
                frame.int(Int32(body.count))
                _ = try? conn.write(frame.bytes + body)
            case .error(let code): reply.int(code); _ = try? conn.write(reply.framed)
            case .silence: continue
            }
        }
    }

    /// A `GetDataResponse`: the data, then a Stat with `version`.
    static func getDataReply(_ text: String, version: Int32) -> [UInt8] {
        var w = JuteWriter()
        w.buffer(Array(text.utf8))
        w.long(1); w.long(2); w.long(0); w.long(0)
        w.int(version); w.int(0); w.int(0)
        w.long(0); w.int(Int32(text.utf8.count)); w.int(0); w.long(1)
        return w.bytes
    }

    /// A `SetDataResponse`'s Stat.
    static let statReply: [UInt8] = Array(getDataReply("", version: 1).dropFirst(4))

    private func packet(_ conn: TCPConnection) throws -> [UInt8] {
        var r = JuteReader(try conn.read(exactly: 4))
        return try conn.read(exactly: Int(try r.int()))
    }
}
