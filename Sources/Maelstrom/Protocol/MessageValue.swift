import ClusterSim

/// A JSON value as a Maelstrom message carries it.
///
/// Integers stay integers (msg ids, keys and values must round-trip exactly);
/// numbers with a fraction or exponent are doubles. Objects keep no order:
/// the encoder writes keys sorted, so the same value always encodes the same.
public enum MessageValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([MessageValue])
    case object([String: MessageValue])

    public subscript(key: String) -> MessageValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var int: Int64? { if case .int(let i) = self { return i }; return nil }
    public var array: [MessageValue]? { if case .array(let a) = self { return a }; return nil }
    public var object: [String: MessageValue]? { if case .object(let o) = self { return o }; return nil }

    /// The compact encoding, keys sorted.
    public var encoded: String {
        var out = ""
        encode(into: &out)
        return out
    }

    public func encode(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? String(d) : "null"
        case .string(let s): MessageValue.encodeString(s, into: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() { if i > 0 { out += "," }; v.encode(into: &out) }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, k) in o.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                MessageValue.encodeString(k, into: &out)
                out += ":"
                o[k]!.encode(into: &out)
            }
            out += "}"
        }
    }

    /// JSON string encoding shared with ClusterSim's exports.
    static func encodeString(_ s: String, into out: inout String) { out += HistoryFile.jsonString(s) }
}

extension MessageValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByDictionaryLiteral,
                     ExpressibleByArrayLiteral, ExpressibleByNilLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(dictionaryLiteral elements: (String, MessageValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
    public init(arrayLiteral elements: MessageValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
