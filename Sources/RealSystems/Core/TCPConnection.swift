import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection with a deadline on every call: connect, read
/// and write each give up after the connection's timeout with a
/// `TCPConnection.Failure` (never block forever on a partitioned peer).
/// Protocol clients (RESP, HTTP/1.1, ZooKeeper's jute) are built on it.
public final class TCPConnection {
    public let fd: Int32
    public let timeoutMs: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public enum Kind: Sendable { case refused, timeout, closed, other }
        public var kind: Kind
        public var description: String
        public init(_ kind: Kind, _ description: String) { self.kind = kind; self.description = description }
    }

    /// Wraps a socket already connected (the runner's namespace connector makes one).
    public init(connected fd: Int32, timeoutMs: Int) {
        self.fd = fd
        self.timeoutMs = timeoutMs
    }

    /// Connects a new socket to `host:port` (an IPv4 address) within `timeoutMs`.
    public static func connect(host: String, port: UInt16, timeoutMs: Int) throws -> TCPConnection {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(.other, "socket: \(String(cString: strerror(errno)))") }
        do {
            try connect(fd: fd, host: host, port: port, timeoutMs: timeoutMs)
            return TCPConnection(connected: fd, timeoutMs: timeoutMs)
        } catch { Glibc.close(fd); throw error }
    }

    /// Connects socket `fd` (made wherever the caller made it) within `timeoutMs`.
    public static func connect(fd: Int32, host: String, port: UInt16, timeoutMs: Int) throws {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw Failure(.other, "not an IPv4 address: \(host)") }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let r = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if r != 0 {
            guard errno == EINPROGRESS else { throw failure(errno, "connect to \(host):\(port)") }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let n = poll(&p, 1, Int32(timeoutMs))
            if n == 0 { throw Failure(.timeout, "connect to \(host):\(port): no answer in \(timeoutMs) ms") }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
            if err != 0 { throw failure(err, "connect to \(host):\(port)") }
        }
        _ = fcntl(fd, F_SETFL, flags)
        var tv = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    static func failure(_ code: Int32, _ what: String) -> Failure {
        let text = "\(what): \(String(cString: strerror(code)))"
        switch code {
        case ECONNREFUSED: return Failure(.refused, text)
        case ETIMEDOUT, EAGAIN, EHOSTUNREACH, ENETUNREACH, EINVAL: return Failure(code == EINVAL ? .other : .timeout, text)
        case ECONNRESET, EPIPE: return Failure(.closed, text)
        default: return Failure(.other, text)
        }
    }

    deinit { Glibc.close(fd) }

    /// Writes all of `bytes` (or throws).
    public func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.failure(errno, "write")
            }
            sent += n
        }
    }
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Reads more into the buffer; throws on timeout or end of stream.
    private func fill() throws {
        if start > 0, start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { buffer.append(contentsOf: chunk[0..<n]); return }
            if n == 0 { throw Failure(.closed, "connection closed by the peer") }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure(.timeout, "no answer in \(timeoutMs) ms") }
            throw Self.failure(errno, "read")
        }
    }

    /// Reads up to and including the next `\r\n` (or `\n`); returns the line without it.
    public func readLine() throws -> String {
        while true {
            if let i = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = i
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = i + 1
                return line
            }
            try fill()
        }
    }

    /// Reads exactly `count` bytes.
    public func read(exactly count: Int) throws -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let out = Array(buffer[start..<start + count])
        start += count
        return out
    }

    /// Reads until the peer closes the connection (an HTTP/1.0 body, a four-letter-word answer).
    public func readToEnd(limit: Int = 1 << 22) throws -> [UInt8] {
        while buffer.count - start < limit {
            do { try fill() } catch let f as Failure where f.kind == .closed { break }
        }
        let out = Array(buffer[start...])
        start = buffer.count
        return out
    }
}

extension TCPConnection {
    /// The connector tests use: plain TCP from this process's own network (loopback).
    public static let direct: RealConnect = { host, port, timeout in try TCPConnection.connect(host: host, port: port, timeoutMs: timeout) }
}
