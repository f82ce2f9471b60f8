/// Any JSON value a client op carries: a transaction's micro-ops, a poll's
/// messages by key, an id of any type. Workloads beyond a register need more
/// than `HistoryValue` (objects, booleans, decimals). Read by `ClientHistoryFile`.
public indirect enum OpValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([OpValue])
    case object([String: OpValue])

    /// Compact JSON, object keys sorted, so the same value prints the same way.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
        case .string(let s): return JSONText.string(s)
        case .list(let l): return "[" + l.map(\.description).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { JSONText.string($0) + ":" + o[$0]!.description }.joined(separator: ",") + "}"
        }
    }

    public var list: [OpValue]? { if case .list(let l) = self { l } else { nil } }
    public var int: Int64? { if case .int(let i) = self { i } else { nil } }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var object: [String: OpValue]? { if case .object(let o) = self { o } else { nil } }
}

extension OpValue: JSONReadable {
    public static var jsonNull: OpValue { .null }
    public static func json(_ b: Bool) -> OpValue { .bool(b) }
    public static func json(_ i: Int64) -> OpValue { .int(i) }
    public static func json(_ d: Double) -> OpValue { .double(d) }
    public static func json(_ s: String) -> OpValue { .string(s) }
    public static func json(_ items: [OpValue]) -> OpValue { .list(items) }
    public static func json(_ fields: [String: OpValue]) -> OpValue { .object(fields) }
}
