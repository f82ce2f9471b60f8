import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The small HTTP/1.1 server HAProxy's backends run (`clusterlab
/// real-backend`): it answers every `GET` with 200 after a fixed service
/// time, naming itself in an `X-Backend` header and in the body, so a client
/// sees which backend served it and a deliberately slow backend is slow for
/// every request. `/health` answers at once, so a slow backend is still
/// healthy to HAProxy's checks (slow is not down).
///
/// One thread per connection, connections kept alive (HTTP/1.1's default)
/// until the peer closes, asks `Connection: close`, or is idle for
/// `idleTimeoutMs`: HAProxy may then reuse its server-side connections.
public final class HTTPBackendServer {
    public let address: String
    public let port: UInt16
    public let name: String
    public let delayMs: Int
    public let idleTimeoutMs: Int
    private let listener: Int32

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Binds `address:port` (an IPv4 address) and listens; throws a readable message if it cannot.
    public init(address: String, port: UInt16, name: String, delayMs: Int, idleTimeoutMs: Int = 60_000) throws {
        self.address = address; self.port = port; self.name = name
        self.delayMs = delayMs; self.idleTimeoutMs = idleTimeoutMs
        listener = try HTTPBackendServerListener.make(address: address, port: port)
    }

    deinit { Glibc.close(listener) }

    /// Accepts connections forever, each served on its own thread.
    public func serve() -> Never {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { continue }  // EINTR, or a connection reset before it was accepted
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let responder = Responder(name: name, delayMs: delayMs, idleTimeoutMs: idleTimeoutMs)
            Thread.detachNewThread { responder.serve(fd: fd) }
        }
    }

    /// What one connection's thread does: read a request, answer it, repeat.
    struct Responder: Sendable {
        let name: String
        let delayMs: Int
        let idleTimeoutMs: Int

        func serve(fd: Int32) {
            let connection = TCPConnection(connected: fd, timeoutMs: idleTimeoutMs)
            var tv = timeval(tv_sec: idleTimeoutMs / 1000, tv_usec: (idleTimeoutMs % 1000) * 1000)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            while let request = try? HTTPRequestHead.read(from: connection) {
                let reply = answer(request)
                guard (try? connection.write(reply.bytes)) != nil, !reply.close else { return }
            }
        }

        func answer(_ request: HTTPRequestHead) -> (bytes: String, close: Bool) {
            guard request.method == "GET" || request.method == "HEAD" else {
                return (Self.response(405, "Method Not Allowed", name: name, body: "only GET\n", close: true), true)
            }
            if request.path != "/health", delayMs > 0 { usleep(useconds_t(delayMs) * 1000) }
            let body = request.method == "HEAD" ? "" : (request.path == "/health" ? "ok\n" : "\(name)\n")
            return (Self.response(200, "OK", name: name, body: body, close: request.wantsClose), request.wantsClose)
        }

        static func response(_ code: Int, _ reason: String, name: String, body: String, close: Bool) -> String {
            "HTTP/1.1 \(code) \(reason)\r\nX-Backend: \(name)\r\nContent-Type: text/plain\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\(close ? "Connection: close\r\n" : "")\r\n\(body)"
        }
    }
}

/// A listening TCP socket on `address:port` (close-on-exec, address reuse).
enum HTTPBackendServerListener {
    static func make(address: String, port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPBackendServer.Failure(description: "socket: \(String(cString: strerror(errno)))") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &sin.sin_addr) == 1 else {
            Glibc.close(fd)
            throw HTTPBackendServer.Failure(description: "not an IPv4 address: \(address)")
        }
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let text = String(cString: strerror(errno))
            Glibc.close(fd)
            throw HTTPBackendServer.Failure(description: "cannot listen on \(address):\(port): \(text)")
        }
        return fd
    }
}

/// A request's first line and headers, as the backend needs them.
struct HTTPRequestHead: Sendable, Hashable {
    var method: String
    var path: String
    var version: String
    /// Header names lowercased.
    var headers: [String: String]

    /// Whether the connection ends after this request (`Connection: close`, or HTTP/1.0 without keep-alive).
    var wantsClose: Bool {
        let connection = headers["connection"]?.lowercased() ?? ""
        return connection.contains("close") || (version == "HTTP/1.0" && !connection.contains("keep-alive"))
    }

    struct Malformed: Error {}

    /// Reads one request head and skips its body (by Content-Length); throws at end of stream or on garbage.
    static func read(from connection: TCPConnection) throws -> HTTPRequestHead {
        var line = try connection.readLine()
        while line.isEmpty { line = try connection.readLine() }  // tolerated between requests (RFC 9112 §2.2)
        let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { throw Malformed() }
        var head = HTTPRequestHead(method: parts[0], path: parts[1], version: parts[2], headers: [:])
        head.headers = try HTTPHeaders.read(from: connection)
        if let length = Int(head.headers["content-length"] ?? "0"), length > 0 {
            guard length <= 1 << 20 else { throw Malformed() }
            _ = try connection.read(exactly: length)
        }
        return head
    }
}

/// HTTP/1.1 header lines up to the empty line, names lowercased.
enum HTTPHeaders {
    static func read(from connection: TCPConnection, limit: Int = 100) throws -> [String: String] {
        var headers: [String: String] = [:]
        for _ in 0..<limit {
            let line = try connection.readLine()
            if line.isEmpty { return headers }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        throw HTTPRequestHead.Malformed()
    }
}
