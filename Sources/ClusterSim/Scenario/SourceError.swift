/// A problem in a file a person wrote, reported the way compilers do:
/// `file:line:column: message`, then the offending line and a caret.
public struct SourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The text of the offending line (empty when the file has none there).
    public var sourceLine: String

    public init(file: String, line: Int, column: Int, message: String, sourceLine: String = "") {
        self.file = file; self.line = line; self.column = column
        self.message = message; self.sourceLine = sourceLine
    }

    public var location: String { "\(file):\(line):\(column)" }

    public var description: String {
        var s = "\(location): \(message)"
        if !sourceLine.isEmpty {
            let shown = String(sourceLine.prefix(200)).map { $0 == "\t" ? " " : $0 }
            s += "\n    " + String(shown)
            s += "\n    " + String(repeating: " ", count: max(0, min(column - 1, shown.count))) + "^"
        }
        return s
    }
}

/// The text of a file being read, kept to quote lines in errors.
public struct SourceText: Sendable {
    public var name: String
    public var text: String
    public let lines: [Substring]

    public init(name: String, text: String) {
        self.name = name; self.text = text
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    public func error(line: Int, column: Int, _ message: String) -> SourceError {
        let l = max(1, line)
        let src = l <= lines.count ? String(lines[l - 1]).replacingOccurrences(of: "\r", with: "") : ""
        return SourceError(file: name, line: l, column: max(1, column), message: message, sourceLine: src)
    }
}

import Foundation
