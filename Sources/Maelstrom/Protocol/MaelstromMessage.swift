/// One Maelstrom message: `{"src": "n1", "dest": "c3", "body": {...}}`.
public struct MaelstromMessage: Sendable, Hashable {
    public var src: String
    public var dest: String
    public var body: [String: MessageValue]

    public init(src: String, dest: String, body: [String: MessageValue]) {
        self.src = src; self.dest = dest; self.body = body
    }

    public var type: String { body["type"]?.string ?? "" }
    public var msgID: Int64? { body["msg_id"]?.int }
    public var inReplyTo: Int64? { body["in_reply_to"]?.int }

    /// The line written to a node's stdin (no newline).
    public var encoded: String {
        MessageValue.object(["src": .string(src), "dest": .string(dest), "body": .object(body)]).encoded
    }

    /// Why a line from a node is not a message: what was expected.
    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a line a node wrote; the line must be one JSON object with
    /// string `src` and `dest` and an object `body` whose `type` is a string.
    public static func parse(line: [UInt8]) throws -> MaelstromMessage {
        let value: MessageValue
        do { value = try JSONParser.parse(line) } catch {
            throw Malformed(description: "not JSON (\(error)); expected one JSON object a line: {\"src\": …, \"dest\": …, \"body\": {\"type\": …}}")
        }
        guard case .object(let o) = value else {
            throw Malformed(description: "a JSON value that is not an object; expected {\"src\": …, \"dest\": …, \"body\": {\"type\": …}}")
        }
        guard let src = o["src"]?.string else { throw Malformed(description: "no string \"src\"; expected {\"src\": \"n1\", \"dest\": …, \"body\": {…}}") }
        guard let dest = o["dest"]?.string else { throw Malformed(description: "no string \"dest\"; expected {\"src\": …, \"dest\": \"n2\", \"body\": {…}}") }
        guard let body = o["body"]?.object else { throw Malformed(description: "no object \"body\"; expected {\"src\": …, \"dest\": …, \"body\": {\"type\": …}}") }
        guard body["type"]?.string != nil else { throw Malformed(description: "the body has no string \"type\"; expected \"body\": {\"type\": \"…\", …}") }
        return MaelstromMessage(src: src, dest: dest, body: body)
    }
}

/// Maelstrom's error codes (doc/protocol.md, "Errors"): whether an error is
/// definite (the operation never happened: history `fail`) or indefinite
/// (it may have: history `info`).
public enum MaelstromError {
    public static let timeout: Int64 = 0
    public static let nodeNotFound: Int64 = 1
    public static let notSupported: Int64 = 10
    public static let temporarilyUnavailable: Int64 = 11
    public static let malformedRequest: Int64 = 12
    public static let crash: Int64 = 13
    public static let abort: Int64 = 14
    public static let keyDoesNotExist: Int64 = 20
    public static let keyAlreadyExists: Int64 = 21
    public static let preconditionFailed: Int64 = 22
    public static let txnConflict: Int64 = 30

    /// Codes 1, 10, 11, 12, 14, 20, 21, 22 and 30 are definite; 0, 13, every
    /// other code below 1000 Maelstrom does not define, and the node's own
    /// codes (≥ 1000) are indefinite.
    public static func isDefinite(_ code: Int64) -> Bool {
        [nodeNotFound, notSupported, temporarilyUnavailable, malformedRequest, abort,
         keyDoesNotExist, keyAlreadyExists, preconditionFailed, txnConflict].contains(code)
    }

    /// Maelstrom's name for a code (`precondition-failed`), or the number.
    public static func name(_ code: Int64) -> String {
        switch code {
        case timeout: return "timeout"
        case nodeNotFound: return "node-not-found"
        case notSupported: return "not-supported"
        case temporarilyUnavailable: return "temporarily-unavailable"
        case malformedRequest: return "malformed-request"
        case crash: return "crash"
        case abort: return "abort"
        case keyDoesNotExist: return "key-does-not-exist"
        case keyAlreadyExists: return "key-already-exists"
        case preconditionFailed: return "precondition-failed"
        case txnConflict: return "txn-conflict"
        default: return String(code)
        }
    }

    /// An error reply body.
    public static func body(_ code: Int64, _ text: String, inReplyTo: Int64?) -> [String: MessageValue] {
        var b: [String: MessageValue] = ["type": "error", "code": .int(code), "text": .string(text)]
        if let inReplyTo { b["in_reply_to"] = .int(inReplyTo) }
        return b
    }
}
