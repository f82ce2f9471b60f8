/// An HTTP/1.1 response as a client through HAProxy reads it: status,
/// headers (names lowercased) and body, framed by Content-Length, chunked
/// encoding, or the end of the connection.
struct HTTPResponse: Sendable, Hashable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    /// Whether the server will close the connection after this response.
    var closes: Bool { headers["connection"]?.lowercased().contains("close") ?? false }

    struct Malformed: Error, CustomStringConvertible { var description: String }

    /// Reads one response from `connection` (blocking, bounded by its timeout).
    static func read(from connection: TCPConnection, bodyLimit: Int = 1 << 20) throws -> HTTPResponse {
        try read(statusLine: connection.readLine(), from: connection, bodyLimit: bodyLimit)
    }

    /// Reads the rest of a response whose status line the caller has read.
    static func read(statusLine line: String, from connection: TCPConnection, bodyLimit: Int = 1 << 20) throws -> HTTPResponse {
        let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Malformed(description: "not an HTTP status line: \(line.prefix(60))")
        }
        var response = HTTPResponse(status: status, headers: try HTTPHeaders.read(from: connection), body: [])
        if let length = response.headers["content-length"].flatMap(Int.init) {
            guard length <= bodyLimit else { throw Malformed(description: "body of \(length) bytes is too long") }
            response.body = try connection.read(exactly: length)
        } else if response.headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            response.body = try readChunks(connection, limit: bodyLimit)
        } else if status >= 200, status != 204, status != 304 {
            response.body = try connection.readToEnd(limit: bodyLimit)
            response.headers["connection"] = "close"
        }
        return response
    }

    private static func readChunks(_ connection: TCPConnection, limit: Int) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try connection.readLine()
            guard let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16), size >= 0,
                  body.count + size <= limit else { throw Malformed(description: "bad chunk size: \(sizeLine.prefix(20))") }
            if size == 0 {
                while try !connection.readLine().isEmpty {}  // trailers
                return body
            }
            body += try connection.read(exactly: size)
            _ = try connection.readLine()
        }
    }
}
