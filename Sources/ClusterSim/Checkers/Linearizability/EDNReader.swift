/// Reads EDN (extensible data notation), the text Clojure, Knossos and Jepsen
/// write histories in: `{:process 0, :type :invoke, :f :write, :value 3}`.
///
/// Enough of EDN for histories: nil, booleans, integers, floats (kept as
/// text), strings, characters, keywords, symbols, lists, vectors, maps and
/// sets; commas are whitespace, `;` starts a comment, `#_` discards the next
/// form, a tagged literal (`#inst "…"`) reads as its value. Errors carry the
/// line and column where the bad form starts.
struct EDNReader {
    /// An EDN value; maps keep their entries in file order.
    indirect enum Value: Equatable {
        case null
        case bool(Bool)
        case int(Int64)
        /// A float or a big number, as written: histories compare them only as text.
        case number(String)
        case string(String)
        case keyword(String)
        case symbol(String)
        case list([Value])
        case vector([Value])
        case set([Value])
        case map([(key: Value, value: Value)])

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.null, .null): return true
            case (.bool(let x), .bool(let y)): return x == y
            case (.int(let x), .int(let y)): return x == y
            case (.number(let x), .number(let y)), (.string(let x), .string(let y)),
                 (.keyword(let x), .keyword(let y)), (.symbol(let x), .symbol(let y)): return x == y
            case (.list(let x), .list(let y)), (.vector(let x), .vector(let y)), (.set(let x), .set(let y)): return x == y
            case (.map(let x), .map(let y)):
                return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            default: return false
            }
        }

        /// The value under keyword `name` in a map.
        subscript(keyword name: String) -> Value? {
            guard case .map(let entries) = self else { return nil }
            return entries.first { $0.key == .keyword(name) }?.value
        }
    }

    /// Where a form starts: 1-based line and column (columns count characters).
    struct Position: Equatable { var line: Int; var column: Int }

    struct Failure: Error, Equatable {
        var position: Position
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    /// An open vector or list the whole text is wrapped in (`[{…} {…}]`), whose items `next()` reads one by one.
    private var wrapper: (close: UInt8, openedAt: Position)?
    private var started = false

    /// The next item and where it starts, or nil at the end: the top-level
    /// forms, or the items of the one vector or list the text is wrapped in.
    mutating func next() throws(Failure) -> (value: Value, at: Position)? {
        try skipIgnored()
        if !started {
            started = true
            if index < bytes.count, bytes[index] == UInt8(ascii: "[") || bytes[index] == UInt8(ascii: "(") {
                wrapper = (bytes[index] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")"), position)
                advance()
                try skipIgnored()
            }
        }
        if let open = wrapper {
            guard index < bytes.count else { throw failure("the list the history is wrapped in never closes", at: open.openedAt) }
            if bytes[index] == open.close {
                advance()
                wrapper = nil
                try skipIgnored()
                guard index >= bytes.count else { throw failure("text after the end of the history's list") }
                return nil
            }
        }
        guard index < bytes.count else { return nil }
        let at = position
        return (try form(), at)
    }

    private var position: Position {
        // Count characters, not bytes, from the line's start: UTF-8 continuation bytes are 0b10xxxxxx.
        let column = bytes[lineStart..<index].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return Position(line: line, column: column)
    }

    private func failure(_ message: String, at: Position? = nil) -> Failure {
        Failure(position: at ?? position, message: message)
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
        index += 1
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","):
                advance()
            case UInt8(ascii: ";"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { advance() }
            default:
                return
            }
        }
    }

    /// Skips whitespace, comments and `#_`-discarded forms: what stands
    /// between two forms.
    private mutating func skipIgnored() throws(Failure) {
        skipSpace()
        while index + 1 < bytes.count, bytes[index] == UInt8(ascii: "#"), bytes[index + 1] == UInt8(ascii: "_") {
            let start = position
            advance(); advance()
            skipSpace()
            guard index < bytes.count else { throw failure("'#_' discards nothing", at: start) }
            _ = try form()
            skipSpace()
        }
    }

    private static let delimiters = Set(" \t\r\n,;()[]{}\"".utf8)

    private mutating func form() throws(Failure) -> Value {
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "("): advance(); return .list(try sequence(until: ")", openedAt: start))
        case UInt8(ascii: "["): advance(); return .vector(try sequence(until: "]", openedAt: start))
        case UInt8(ascii: "{"):
            advance()
            let items = try sequence(until: "}", openedAt: start)
            guard items.count % 2 == 0 else { throw failure("a map needs a value for every key", at: start) }
            return .map(stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) })
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw failure("unexpected '\(Character(UnicodeScalar(bytes[index])))' with nothing open")
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "#"): return try dispatch(start)
        case UInt8(ascii: "\\"):
            // A character: \a, \newline, \space…
            advance()
            let name = token()
            if name.isEmpty, index < bytes.count { advance(); return .string(String(UnicodeScalar(bytes[index - 1]))) }
            return .string(name)
        default:
            let text = token()
            guard !text.isEmpty else { throw failure("unexpected character") }
            return try atom(text, at: start)
        }
    }

    /// Forms up to the closing delimiter.
    private mutating func sequence(until close: Character, openedAt: Position) throws(Failure) -> [Value] {
        var items: [Value] = []
        while true {
            try skipIgnored()
            guard index < bytes.count else { throw failure("'\(close)' missing: the form opened here never closes", at: openedAt) }
            if bytes[index] == close.asciiValue! { advance(); return items }
            items.append(try form())
        }
    }

    /// `#{…}` sets and `#tag value` tagged literals (`#_` is skipped before a form is read).
    private mutating func dispatch(_ start: Position) throws(Failure) -> Value {
        advance()
        guard index < bytes.count else { throw failure("'#' at the end of the text", at: start) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            advance()
            return .set(try sequence(until: "}", openedAt: start))
        default:
            guard !token().isEmpty else { throw failure("'#' must start a set, a discard or a tag", at: start) }
            skipSpace()
            guard index < bytes.count else { throw failure("a tag with no value", at: start) }
            return try form()
        }
    }

    /// The characters up to the next delimiter.
    private mutating func token() -> String {
        let from = index
        while index < bytes.count, !Self.delimiters.contains(bytes[index]) { advance() }
        return String(decoding: bytes[from..<index], as: UTF8.self)
    }

    private func atom(_ text: String, at start: Position) throws(Failure) -> Value {
        switch text {
        case "nil": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if text.hasPrefix(":") {
            guard text.count > 1 else { throw failure("':' alone is not a keyword", at: start) }
            return .keyword(String(text.dropFirst()))
        }
        let first = text.first!
        let signed = (first == "-" || first == "+") && text.count > 1
        if first.isNumber || (signed && text.dropFirst().first!.isNumber) {
            let digits = text.hasSuffix("N") ? String(text.dropLast()) : text
            if let n = Int64(digits) { return .int(n) }
            if digits.allSatisfy({ $0.isNumber || "+-.eEM".contains($0) }) { return .number(text) }
            throw failure("\"\(text)\" is not a number", at: start)
        }
        return .symbol(text)
    }

    private mutating func string() throws(Failure) -> String {
        let start = position
        advance()
        var out: [UInt8] = []
        while index < bytes.count {
            let b = bytes[index]
            advance()
            if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if b == UInt8(ascii: "\\"), index < bytes.count {
                let e = bytes[index]
                advance()
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                default: out.append(e)
                }
            } else {
                out.append(b)
            }
        }
        throw failure("the string opened here never closes", at: start)
    }
}
