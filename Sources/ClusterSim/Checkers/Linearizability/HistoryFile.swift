import Foundation

/// Reads and writes client histories as JSON Lines, one Jepsen-shaped op a line:
/// `{"process":0,"type":"invoke","f":"write","key":"x","value":5}`.
///
/// Blank lines are skipped, so error line numbers always name the file's line.
public enum HistoryFile {
    /// The operations of a history file, in order; errors carry the 1-based line.
    public static func parse(jsonLines: String) throws -> [HistoryOperation] {
        try parseNumbered(jsonLines: jsonLines).map(\.operation)
    }

    /// The operations with the file line each came from, so a checker error
    /// (which counts operations) can be reported against the file.
    public static func parseNumbered(jsonLines: String) throws -> [(line: Int, operation: HistoryOperation)] {
        let decoder = JSONDecoder()
        var result: [(line: Int, operation: HistoryOperation)] = []
        var lineNumber = 0
        for text in jsonLines.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if text.allSatisfy(\.isWhitespace) { continue }
            do {
                let op = try decoder.decode(HistoryOperation.self, from: Data(text.utf8))
                result.append((lineNumber, op))
            } catch let error as DecodingError {
                throw HistoryError(line: lineNumber, message: explain(error))
            }
        }
        return result
    }

    /// A history as JSON Lines, fields in Jepsen's order, one op a line.
    public static func jsonLines(_ history: [HistoryOperation]) -> String {
        var out = ""
        for op in history { out += jsonLine(op); out += "\n" }
        return out
    }

    /// One op as a single JSON object: process, type, f, key, value.
    public static func jsonLine(_ op: HistoryOperation) -> String {
        "{\"process\":\(op.process),\"type\":\"\(op.type.rawValue)\",\"f\":\(jsonString(op.f)),"
            + "\"key\":\(jsonString(op.key)),\"value\":\(json(op.value))}"
    }

    static func json(_ value: HistoryValue) -> String {
        switch value {
        case .null: return "null"
        case .int(let i): return String(i)
        case .string(let s): return jsonString(s)
        case .list(let l): return "[" + l.map(json).joined(separator: ",") + "]"
        }
    }

    /// A string as a JSON string literal, quotes included.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A decoding error in the words of a history file: which field, what was expected.
    static func explain(_ error: DecodingError) -> String {
        func field(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : "field \"\(path.map(\.stringValue).joined(separator: "."))\": "
        }
        switch error {
        case .keyNotFound(let key, _):
            return "missing field \"\(key.stringValue)\""
        case .valueNotFound(_, let context):
            return field(context.codingPath) + "must not be null"
        case .typeMismatch(let type, let context):
            return field(context.codingPath) + "expected \(describe(type))"
        case .dataCorrupted(let context):
            if context.codingPath.last?.stringValue == "type" {
                return "field \"type\": expected \"invoke\", \"ok\", \"fail\" or \"info\""
            }
            if context.codingPath.isEmpty { return "not a JSON object" }
            return field(context.codingPath) + context.debugDescription
        @unknown default:
            return "not a history operation"
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
