import ClusterSim

/// Node lines are read by ClusterSim's one JSON reader (strict RFC 8259,
/// the byte of the first problem), the one client histories use too.
public typealias JSONParser = JSONReader<MessageValue>

extension MessageValue: JSONReadable {
    public static var jsonNull: MessageValue { .null }
    public static func json(_ b: Bool) -> MessageValue { .bool(b) }
    public static func json(_ i: Int64) -> MessageValue { .int(i) }
    public static func json(_ d: Double) -> MessageValue { .double(d) }
    public static func json(_ s: String) -> MessageValue { .string(s) }
    public static func json(_ items: [MessageValue]) -> MessageValue { .array(items) }
    public static func json(_ fields: [String: MessageValue]) -> MessageValue { .object(fields) }
}
