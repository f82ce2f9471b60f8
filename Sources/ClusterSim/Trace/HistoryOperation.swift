import Foundation

/// One line of a client history in Jepsen's op shape:
/// `{"process": 3, "type": "invoke", "f": "write", "key": "x", "value": 5}`.
///
/// Clients record an `invoke` when they issue an operation and `ok`, `fail`
/// or `info` when it completes; the linearizability checker reads these.
public struct HistoryOperation: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case invoke, ok, fail, info }

    public var process: Int
    public var type: Kind
    /// `read`, `write` or `cas` for key-value histories.
    public var f: String
    public var key: String
    /// For `write`, the value written; for `read`, null on invoke and the value
    /// read on ok; for `cas`, `[expected, new]`.
    public var value: HistoryValue
    /// Why a `fail` or `info` op failed, when the history says: Maelstrom's
    /// error name or code. `precondition-failed` (code 22) on a cas means it
    /// ran and found another value: an observation the checker uses.
    public var error: HistoryValue?

    public init(process: Int, type: Kind, f: String, key: String, value: HistoryValue, error: HistoryValue? = nil) {
        self.process = process; self.type = type; self.f = f; self.key = key; self.value = value; self.error = error
    }
}

/// The JSON values a history carries: null, integers, strings and lists.
public enum HistoryValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case int(Int64)
    case string(String)
    case list([HistoryValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let l = try? c.decode([HistoryValue].self) { self = .list(l) }
        else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected null, an integer, a string or a list")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        }
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case .int(let i): return String(i)
        case .string(let s): return "\"\(s)\""
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
