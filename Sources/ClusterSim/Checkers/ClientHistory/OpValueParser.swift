/// A small JSON reader for one history line: fast (histories run to
/// hundreds of thousands of lines) and exact about where a line goes wrong.
struct OpValueParser {
    struct Failure: Error { var column: Int; var message: String }

    private let bytes: [UInt8]
    private var at = 0

    /// The value of a whole line; anything after it but spaces is an error.
    static func parse(_ line: Substring) throws(Failure) -> OpValue {
        var p = OpValueParser(bytes: Array(line.utf8))
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.at == p.bytes.count else { throw p.failure("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func failure(_ message: String) -> Failure {
        // Columns count characters, not bytes.
        Failure(column: 1 + String(decoding: bytes[..<min(at, bytes.count)], as: UTF8.self).count, message: message)
    }

    private mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x09, 0x0d, 0x0a].contains(bytes[at]) { at += 1 }
    }

    private mutating func expect(_ word: String, _ value: OpValue) throws(Failure) -> OpValue {
        let w = Array(word.utf8)
        guard bytes.count - at >= w.count, Array(bytes[at..<at + w.count]) == w else { throw failure("not valid JSON") }
        at += w.count
        return value
    }

    private mutating func value(depth: Int) throws(Failure) -> OpValue {
        guard depth < 200 else { throw failure("JSON nested too deeply") }
        skipSpace()
        guard at < bytes.count else { throw failure("unexpected end of line: expected a JSON value") }
        switch bytes[at] {
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            at += 1
            var items: [OpValue] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .list(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard at < bytes.count else { throw failure("unexpected end of line: expected , or ]") }
                if bytes[at] == UInt8(ascii: "]") { at += 1; return .list(items) }
                guard bytes[at] == UInt8(ascii: ",") else { throw failure("expected , or ]") }
                at += 1
            }
        case UInt8(ascii: "{"):
            at += 1
            var fields: [String: OpValue] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(fields) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw failure("expected a field name in quotes") }
                let name = try string()
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw failure("expected : after field \"\(name)\"") }
                at += 1
                fields[name] = try value(depth: depth + 1)
                skipSpace()
                guard at < bytes.count else { throw failure("unexpected end of line: expected , or }") }
                if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(fields) }
                guard bytes[at] == UInt8(ascii: ",") else { throw failure("expected , or }") }
                at += 1
            }
        default: return try number()
        }
    }

    private mutating func number() throws(Failure) -> OpValue {
        let start = at
        while at < bytes.count, "+-0123456789.eE".utf8.contains(bytes[at]) { at += 1 }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        if let i = Int64(text) { return .int(i) }
        if !text.isEmpty, let d = Double(text), d.isFinite { return .double(d) }
        at = start
        throw failure("not valid JSON")
    }

    private mutating func string() throws(Failure) -> String {
        let start = at
        at += 1  // the opening quote
        var out: [UInt8] = []
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            switch b {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard at < bytes.count else { break }
                let e = bytes[at]; at += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "u"):
                    guard bytes.count - at >= 4, let code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
                        throw failure("bad \\u escape")
                    }
                    at += 4
                    out.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
            default:
                if b < 0x20 { at -= 1; throw failure("control character in a string") }
                out.append(b)
            }
        }
        at = start
        throw failure("unterminated string")
    }
}
