/// A reply in RESP2, the protocol Redis speaks (https://redis.io/docs/reference/protocol-spec/):
/// `+simple`, `-error`, `:integer`, `$bulk` (nil: the null bulk string) and
/// `*array` (nil: the null array).
public enum RESPValue: Sendable, Hashable {
    case simple(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8]?)
    case array([RESPValue]?)

    /// The text of a simple or bulk string; nil for anything else.
    public var text: String? {
        switch self {
        case .simple(let s): return s
        case .bulk(let b?): return String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }

    /// A command as clients send it: an array of bulk strings.
    public static func command(_ args: [String]) -> [UInt8] {
        var out = Array("*\(args.count)\r\n".utf8)
        for a in args {
            let bytes = Array(a.utf8)
            out += Array("$\(bytes.count)\r\n".utf8) + bytes + [13, 10]
        }
        return out
    }

    /// Reads one reply from `connection` (its timeout bounds every read).
    public static func read(from connection: TCPConnection) throws -> RESPValue {
        let line = try connection.readLine()
        guard let kind = line.first else { throw RESPProtocolError("empty reply line") }
        let rest = String(line.dropFirst())
        switch kind {
        case "+": return .simple(rest)
        case "-": return .error(rest)
        case ":":
            guard let n = Int64(rest) else { throw RESPProtocolError("not an integer: \(line)") }
            return .integer(n)
        case "$":
            guard let n = Int(rest), n >= -1 else { throw RESPProtocolError("bad bulk length: \(line)") }
            if n == -1 { return .bulk(nil) }
            let bytes = try connection.read(exactly: n + 2)
            return .bulk(Array(bytes.prefix(n)))
        case "*":
            guard let n = Int(rest), n >= -1 else { throw RESPProtocolError("bad array length: \(line)") }
            if n == -1 { return .array(nil) }
            var items: [RESPValue] = []
            for _ in 0..<n { items.append(try read(from: connection)) }
            return .array(items)
        default:
            throw RESPProtocolError("unknown reply type '\(kind)': \(line)")
        }
    }
}

/// A reply that is not RESP2.
public struct RESPProtocolError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = "RESP: " + description }
}

/// One connection to one Redis server: a command out, its reply back,
/// each bounded by the connection's timeout.
public final class RESPConnection {
    public let address: String
    let tcp: TCPConnection

    public init(address: String, tcp: TCPConnection) { self.address = address; self.tcp = tcp }

    /// Sends `args` as one command and reads its reply (an `-ERR` is a
    /// value, not a throw; a timeout or a closed connection throws).
    public func call(_ args: [String]) throws -> RESPValue {
        try tcp.write(RESPValue.command(args))
        return try RESPValue.read(from: tcp)
    }
    public func call(_ args: String...) throws -> RESPValue { try call(args) }

    /// `call`, expecting text (a status or bulk string); an error reply throws.
    public func text(_ args: String...) throws -> String {
        let reply = try call(args)
        if case .error(let e) = reply { throw RedisReplyError(command: args.joined(separator: " "), message: e) }
        guard let t = reply.text else { throw RESPProtocolError("\(args.first ?? "") answered \(reply), not text") }
        return t
    }
}

/// An `-ERR …` reply to a command that had to succeed.
public struct RedisReplyError: Error, CustomStringConvertible, Sendable {
    public var command: String
    public var message: String
    public var description: String { "\(command): \(message)" }
}
