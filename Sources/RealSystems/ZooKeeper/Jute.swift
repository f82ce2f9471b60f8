/// ZooKeeper's wire encoding ("jute", `BinaryOutputArchive`): every field
/// big-endian, `int` 4 bytes, `long` 8, `boolean` 1, `buffer` and `ustring`
/// an `int` length (-1 for null) then the bytes, `vector` an `int` count then
/// the elements. Records are their fields in declaration order, as
/// zookeeper-jute/src/main/resources/zookeeper.jute declares them
/// (https://github.com/apache/zookeeper/blob/master/zookeeper-jute/src/main/resources/zookeeper.jute).
struct JuteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ v: Int32) { append(UInt32(bitPattern: v), 4) }
    mutating func long(_ v: Int64) { append(UInt64(bitPattern: v), 8) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func buffer(_ v: [UInt8]?) {
        guard let v else { int(-1); return }
        int(Int32(v.count)); bytes += v
    }
    mutating func string(_ v: String) { buffer(Array(v.utf8)) }

    private mutating func append<T: FixedWidthInteger>(_ v: T, _ width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> shift)) }
    }

    /// The record framed as ZooKeeper frames every packet: its length as an `int`, then the record.
    var framed: [UInt8] {
        var frame = JuteWriter()
        frame.int(Int32(bytes.count))
        return frame.bytes + bytes
    }
}

/// Reads jute fields from one packet; throws `JuteReader.Truncated` past its end.
struct JuteReader {
    struct Truncated: Error, CustomStringConvertible {
        var description: String { "a ZooKeeper reply ended in the middle of a field" }
    }

    private let bytes: [UInt8]
    private(set) var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func int() throws -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: try unsigned(4))) }
    mutating func long() throws -> Int64 { Int64(bitPattern: try unsigned(8)) }
    mutating func bool() throws -> Bool { try take(1)[0] != 0 }
    mutating func buffer() throws -> [UInt8]? {
        let n = try int()
        guard n >= 0 else { return nil }
        return try take(Int(n))
    }
    mutating func skip(_ n: Int) throws { _ = try take(n) }
    mutating func string() throws -> String? { try buffer().map { String(decoding: $0, as: UTF8.self) } }

    private mutating func unsigned(_ width: Int) throws -> UInt64 {
        try take(width).reduce(0) { $0 << 8 | UInt64($1) }
    }
    private mutating func take(_ n: Int) throws -> [UInt8] {
        guard n <= remaining else { throw Truncated() }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
}
