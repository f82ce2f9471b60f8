import Foundation

/// Reads and writes client histories: JSON Lines, one Jepsen-shaped op a line
/// (`{"process":0,"type":"invoke","f":"write","key":"x","value":5}`), or
/// Jepsen's and Knossos's own EDN (`{:process 0, :type :invoke, :f :write,
/// :value 3}`).
///
/// Blank lines are skipped, so error line numbers always name the file's
/// line; lines may end in CRLF. Lines are read one at a time from the bytes,
/// so a file's cost is its ops, not its line count.
public enum HistoryFile {
    /// The two formats a history file may be in.
    public enum Format: Sendable {
        case jsonLines
        case edn

        /// EDN for a `.edn` file, JSON Lines otherwise.
        public init(path: String) {
            self = path.lowercased().hasSuffix(".edn") ? .edn : .jsonLines
        }
    }

    /// One op and where it starts in the file (1-based line and column).
    public struct Located: Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var operation: HistoryOperation
    }

    /// The operations of a history file, in order; errors carry the 1-based line.
    public static func parse(jsonLines: String) throws -> [HistoryOperation] {
        try parseNumbered(jsonLines: jsonLines).map(\.operation)
    }

    /// The operations with the file line each came from, so a checker error
    /// (which counts operations) can be reported against the file.
    public static func parseNumbered(jsonLines: String) throws -> [(line: Int, operation: HistoryOperation)] {
        try read(jsonLines, format: .jsonLines).map { ($0.line, $0.operation) }
    }

    /// The ops of a history in `format`, each with where it starts. Throws
    /// `HistoryError` with the line and column of the first bad op.
    public static func read(_ text: String, format: Format) throws -> [Located] {
        switch format {
        case .jsonLines: return try readJSONLines(text)
        case .edn: return try HistoryEDN.read(text)
        }
    }

    private static func readJSONLines(_ text: String) throws -> [Located] {
        var text = text
        return try text.withUTF8 { try readJSONLines(bytes: $0) }
    }

    private static func readJSONLines(bytes: UnsafeBufferPointer<UInt8>) throws -> [Located] {
        let decoder = JSONDecoder()
        var result: [Located] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            var first = start
            while first < end, isJSONSpace(bytes[first]) { first += 1 }
            defer { start = next }
            guard first < end else { continue }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            do {
                let op = try decoder.decode(HistoryOperation.self, from: Data(line))
                result.append(Located(line: lineNumber, column: 1 + first - start, operation: op))
            } catch let error as DecodingError {
                let (message, field) = explain(error)
                throw HistoryError(line: lineNumber, column: column(of: field, in: String(decoding: line, as: UTF8.self)), message: message)
            }
        }
        return result
    }

    private static func isJSONSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r")
    }

    /// The column of `"field"` in a line (where the error is), or 1.
    static func column(of field: String?, in line: String) -> Int {
        guard let field, let range = line.range(of: "\"\(field)\"") else { return 1 }
        return line.distance(from: line.startIndex, to: range.lowerBound) + 1
    }

    /// A history as JSON Lines, fields in Jepsen's order, one op a line.
    public static func jsonLines(_ history: [HistoryOperation]) -> String {
        var out = ""
        for op in history { out += jsonLine(op); out += "\n" }
        return out
    }

    /// One op as a single JSON object: process, type, f, key, value.
    public static func jsonLine(_ op: HistoryOperation) -> String { JSONText.operation(op) }

    /// A string as a JSON string literal, quotes included.
    public static func jsonString(_ s: String) -> String { JSONText.string(s) }

    /// A decoding error in the words of a history file (which field, what was
    /// expected) and the top-level field it is about, if any.
    static func explain(_ error: DecodingError) -> (message: String, field: String?) {
        func field(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : "field \"\(path.map(\.stringValue).joined(separator: "."))\": "
        }
        switch error {
        case .keyNotFound(let key, _):
            return ("missing field \"\(key.stringValue)\"", nil)
        case .valueNotFound(_, let context):
            return (field(context.codingPath) + "must not be null", context.codingPath.first?.stringValue)
        case .typeMismatch(let type, let context):
            return (field(context.codingPath) + "expected \(describe(type))", context.codingPath.first?.stringValue)
        case .dataCorrupted(let context):
            if context.codingPath.last?.stringValue == "type" {
                return ("field \"type\": expected \"invoke\", \"ok\", \"fail\" or \"info\"", "type")
            }
            if context.codingPath.isEmpty { return ("not a JSON object", nil) }
            return (field(context.codingPath) + context.debugDescription, context.codingPath.first?.stringValue)
        @unknown default:
            return ("not a history operation", nil)
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: return "an integer"
        case is String.Type, is HistoryOperation.Kind.Type: return "a string"
        default: return "an object"
        }
    }
}
