import Foundation

/// HTTP/1.1 over one kept-alive `TCPConnection`, as much as etcd's JSON
/// gateway needs: POST a JSON body, read the status and the body framed by
/// `Content-Length` or `Transfer-Encoding: chunked` (Go's net/http chunks
/// any answer it could not buffer whole, e.g. a range over a large value).
///
/// A connection that failed, timed out or was closed by the server is
/// dropped: the next request opens a fresh one (an answer arriving late on
/// the old socket must never be read as the next request's answer).
final class EtcdHTTPConnection {
    let host: String
    let port: UInt16
    let timeoutMs: Int
    private let connect: RealConnect
    private var connection: TCPConnection?

    /// What a request can end with, short of a response.
    struct Failure: Error, CustomStringConvertible, Sendable {
        /// Whether the request may have reached the server (its effect is unknown).
        var maybeSent: Bool
        var description: String
    }

    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
    }

    init(host: String, port: UInt16, timeoutMs: Int, connect: @escaping RealConnect) {
        self.host = host; self.port = port; self.timeoutMs = timeoutMs; self.connect = connect
    }

    /// POSTs `body` (JSON) to `path` and reads the whole response, within the
    /// timeout of each connect, write and read.
    func post(_ path: String, body: [UInt8]) throws -> Response {
        let open: TCPConnection
        if let connection { open = connection } else {
            do { open = try connect(host, port, timeoutMs) } catch {
                throw Failure(maybeSent: false, description: "\(host):\(port): \(error)")
            }
            connection = open
        }
        let head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        do {
            try open.write(Array(head.utf8) + body)
        } catch {
            close()
            throw Failure(maybeSent: true, description: "\(host):\(port) \(path): \(error)")
        }
        do {
            let (response, keepAlive) = try Self.readResponse(from: open)
            if !keepAlive { close() }
            return response
        } catch {
            close()
            throw Failure(maybeSent: true, description: "\(host):\(port) \(path): \(error)")
        }
    }

    func close() { connection = nil }

    /// A response the server sent that is not HTTP/1.1 as this client reads it.
    struct Malformed: Error, CustomStringConvertible, Sendable {
        var description: String
    }

    /// Reads one response: status line, headers, body. Returns whether the
    /// connection may carry another request.
    static func readResponse(from c: TCPConnection) throws -> (Response, keepAlive: Bool) {
        let statusLine = try c.readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Malformed(description: "not an HTTP status line: \(statusLine.prefix(80))")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try c.readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw Malformed(description: "bad header line: \(line.prefix(80))") }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var keepAlive = headers["connection"]?.lowercased() != "close" && parts[0] != "HTTP/1.0"
        let body: [UInt8]
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try readChunked(from: c)
        } else if let length = headers["content-length"] {
            guard let n = Int(length), n >= 0 else { throw Malformed(description: "bad Content-Length: \(length)") }
            body = try c.read(exactly: n)
        } else if status == 204 || status == 304 || (100..<200).contains(status) {
            body = []
        } else {
            body = try c.readToEnd()
            keepAlive = false
        }
        return (Response(status: status, body: body), keepAlive)
    }

    /// A chunked body: hex size lines (extensions after `;` ignored), each
    /// chunk followed by CRLF, then a zero chunk and trailer lines up to a blank one.
    static func readChunked(from c: TCPConnection) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try c.readLine()
            let hex = sizeLine.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(hex, radix: 16), size >= 0 else { throw Malformed(description: "bad chunk size: \(sizeLine.prefix(40))") }
            if size == 0 {
                while try !c.readLine().isEmpty {}  // trailers (gRPC's Grpc-Trailer-*)
                return body
            }
            body += try c.read(exactly: size)
            guard try c.readLine().isEmpty else { throw Malformed(description: "chunk of \(size) bytes not followed by CRLF") }
        }
    }
}
