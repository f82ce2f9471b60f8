/// A value type a JSON text can be read into (`OpValue` for client
/// histories, Maelstrom's `MessageValue` for node messages): how each kind
/// of JSON value is built.
public protocol JSONReadable {
    static var jsonNull: Self { get }
    static func json(_ b: Bool) -> Self
    static func json(_ i: Int64) -> Self
    static func json(_ d: Double) -> Self
    static func json(_ s: String) -> Self
    static func json(_ items: [Self]) -> Self
    static func json(_ fields: [String: Self]) -> Self
}

/// Why a line is not one JSON value: what, and at which byte.
public struct JSONFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset into the line (0-based).
    public var offset: Int
    public var message: String
    public init(offset: Int, message: String) { self.offset = offset; self.message = message }
    public var description: String { "at byte \(offset + 1): \(message)" }

    /// The 1-based column of the problem in `line`, counting characters, not bytes.
    public func column(in line: [UInt8]) -> Int {
        1 + String(decoding: line[..<min(offset, line.count)], as: UTF8.self).count
    }
}

/// The one JSON reader: strict JSON (RFC 8259) over one line's bytes, fast
/// (histories run to hundreds of thousands of lines, nodes send thousands of
/// messages a second), exact about where a line goes wrong, and refusing
/// nesting that would overflow the stack. Integers stay integers; numbers
/// with a fraction or exponent are doubles.
public struct JSONReader<Value: JSONReadable> {
    public typealias Failure = JSONFailure

    /// Nesting deeper than this is refused (a hostile line must not overflow the stack).
    public static var maxDepth: Int { 256 }

    @usableFromInline let bytes: [UInt8]
    @usableFromInline var i = 0

    /// Exactly one JSON value, surrounded by optional whitespace.
    @inlinable
    public static func parse(_ bytes: [UInt8]) throws(JSONFailure) -> Value {
        var p = JSONReader(bytes: bytes)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    /// Exactly one JSON value in `text`.
    @inlinable
    public static func parse(_ text: String) throws(JSONFailure) -> Value { try parse(Array(text.utf8)) }

    @usableFromInline init(bytes: [UInt8]) { self.bytes = bytes }

    @usableFromInline func fail(_ m: String) -> JSONFailure { JSONFailure(offset: i, message: m) }

    @inlinable mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    @inlinable mutating func value(depth: Int) throws(JSONFailure) -> Value {
        guard depth < JSONReader.maxDepth else { throw fail("JSON nested more than \(JSONReader.maxDepth) deep") }
        guard i < bytes.count else { throw fail("unexpected end of line: expected a JSON value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .json(try string())
        case UInt8(ascii: "t"): try literal("true"); return .json(true)
        case UInt8(ascii: "f"): try literal("false"); return .json(false)
        case UInt8(ascii: "n"): try literal("null"); return .jsonNull
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("not valid JSON")
        }
    }

    @usableFromInline mutating func literal(_ word: StaticString) throws(JSONFailure) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("not valid JSON") }
        let matches = word.withUTF8Buffer { w in bytes[i..<(i + n)].elementsEqual(w) }
        guard matches else { throw fail("not valid JSON") }
        i += n
    }

    @inlinable mutating func object(depth: Int) throws(JSONFailure) -> Value {
        i += 1
        var o: [String: Value] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .json(o) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a field name in quotes") }
            let k = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected : after field \"\(k)\"") }
            i += 1
            skipSpace()
            o[k] = try value(depth: depth + 1)
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of line: expected , or }") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .json(o) }
            throw fail("expected , or }")
        }
    }

    @inlinable mutating func array(depth: Int) throws(JSONFailure) -> Value {
        i += 1
        var a: [Value] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .json(a) }
        while true {
            skipSpace()
            a.append(try value(depth: depth + 1))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of line: expected , or ]") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .json(a) }
            throw fail("expected , or ]")
        }
    }

    /// A string from its opening quote; an unterminated one is reported at that quote.
    @usableFromInline mutating func string() throws(JSONFailure) -> String {
        let quote = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            let s = String(decoding: bytes[start..<i], as: UTF8.self)
            i += 1
            return s
        }
        var scalars = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw JSONFailure(offset: quote, message: "unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return String(decoding: scalars, as: UTF8.self) }
            if b < 0x20 { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") { scalars.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw JSONFailure(offset: quote, message: "unterminated string") }
            let e = bytes[i]; i += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count,
                   bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                scalars.append(contentsOf: Array(String(scalar).utf8))
            default: i -= 1; throw fail("bad escape in a string")
            }
        }
    }

    @usableFromInline mutating func hex4() throws(JSONFailure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("bad \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("bad \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    @inlinable mutating func number() throws(JSONFailure) -> Value {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw fail("not valid JSON") }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while i < bytes.count, isDigit(bytes[i]) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit after '.'") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit in the exponent") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInteger, let n = Int64(text) { return .json(n) }
        guard let d = Double(text), d.isFinite else { throw JSONFailure(offset: start, message: "number out of range") }
        return .json(d)
    }

    @usableFromInline func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
