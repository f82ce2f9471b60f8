import Yams

/// A value in a YAML document, with where it came from, and typed readers
/// that fail with `file:line:column` and a message that says what was
/// expected. Scenario and lab files are read through this, strictly:
/// unknown keys and wrong types are errors, never ignored.
public struct YAMLField {
    public let node: Yams.Node
    public let source: SourceText
    /// Where this value sits, for messages: `network.links[2].loss`.
    public let path: String
    /// Where its key sits (for "unknown key" and "missing key" messages).
    let keyMark: Mark?

    public init(node: Yams.Node, source: SourceText, path: String = "", keyMark: Mark? = nil) {
        self.node = node; self.source = source; self.path = path; self.keyMark = keyMark
    }

    /// Parses a whole document. Empty documents are an error with a location.
    public static func document(_ source: SourceText) throws -> YAMLField {
        if source.text.utf8.contains(0) {
            throw source.error(line: 1, column: 1, "this is not a text file (it contains NUL bytes)")
        }
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: source.text)
        } catch let e as YamlError {
            throw Self.convert(e, source)
        } catch {
            throw source.error(line: 1, column: 1, "cannot read YAML: \(error)")
        }
        guard let node else { throw source.error(line: 1, column: 1, "the file is empty") }
        try rejectTags(node, source)
        return YAMLField(node: node, source: source)
    }

    /// Explicit tags (`!!python/object`, `!!int`, `!custom`) are refused where
    /// they are written: ClusterLab reads values by what each key expects, so
    /// a tag could only be ignored silently or misread. A node's mark is where
    /// its properties start, and only a tag starts with `!` there (a plain
    /// scalar cannot), so one look at the text per node decides, without
    /// resolving tags (which costs regular expressions per scalar). One pass,
    /// no recursion: a deeply nested file cannot exhaust the stack.
    static func rejectTags(_ root: Yams.Node, _ source: SourceText) throws {
        var pending = [root]
        while let node = pending.popLast() {
            switch node {
            case .mapping(let m): for (k, v) in m { pending.append(k); pending.append(v) }
            case .sequence(let q): pending.append(contentsOf: q)
            case .scalar, .alias: break
            }
            guard let mark = node.mark, let tag = tagWritten(at: mark, in: source) else { continue }
            throw source.error(line: mark.line, column: mark.column,
                               "YAML tags such as '\(tag)' are not accepted: remove the tag and write the plain value")
        }
    }

    /// The tag written at `mark` (after an anchor `&name`, if any), or nil.
    static func tagWritten(at mark: Mark, in source: SourceText) -> String? {
        guard mark.line >= 1, mark.line <= source.lines.count else { return nil }
        var rest = source.lines[mark.line - 1].unicodeScalars.dropFirst(max(0, mark.column - 1))
        if rest.first == "&" {  // an anchor comes first: skip it and the spaces after
            rest = rest.drop { $0 != " " && $0 != "\t" }.drop { $0 == " " || $0 == "\t" }
        }
        guard rest.first == "!" else { return nil }
        return String(String.UnicodeScalarView(rest.prefix { $0 != " " && $0 != "\t" && $0 != "," && $0 != "}" && $0 != "]" }))
    }

    static func convert(_ e: YamlError, _ source: SourceText) -> SourceError {
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return source.error(line: mark.line, column: mark.column, "invalid YAML: \(ctx)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams points at the mapping; point at the key's second appearance.
            let (line, column) = secondAppearance(of: duplicates.first ?? "", from: context.mark.line, in: source)
                ?? (context.mark.line, context.mark.column)
            return source.error(line: line, column: column,
                                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case let .reader(problem, offset, _, _):
            let (line, col) = Self.lineColumn(of: offset ?? 0, in: source.text)
            return source.error(line: line, column: col, "cannot read the file: \(problem)")
        default:
            return source.error(line: 1, column: 1, "invalid YAML: \(e)")
        }
    }

    /// Where `key:` is written for the second time at or after `line`.
    private static func secondAppearance(of key: String, from line: Int, in source: SourceText) -> (Int, Int)? {
        var seen = 0
        for i in max(0, line - 1)..<source.lines.count {
            let text = source.lines[i]
            let trimmed = text.drop { $0 == " " || $0 == "-" || $0 == "{" }
            guard trimmed.hasPrefix(key + ":") else { continue }
            seen += 1
            if seen == 2 { return (i + 1, text.count - trimmed.count + 1) }
        }
        return nil
    }

    private static func lineColumn(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1, col = 1, i = 0
        for u in text.utf8 {
            if i >= offset { break }
            if u == UInt8(ascii: "\n") { line += 1; col = 1 } else { col += 1 }
            i += 1
        }
        return (line, col)
    }

    // MARK: Errors

    public var line: Int { node.mark?.line ?? keyMark?.line ?? 1 }
    public var column: Int { node.mark?.column ?? keyMark?.column ?? 1 }

    /// An error located at this value.
    public func error(_ message: String) -> SourceError {
        source.error(line: line, column: column, path.isEmpty ? message : "\(path): \(message)")
    }

    /// An error located at this value's key (for a value that is wrong as a whole).
    public func keyError(_ message: String) -> SourceError {
        let m = keyMark ?? node.mark
        return source.error(line: m?.line ?? 1, column: m?.column ?? 1, path.isEmpty ? message : "\(path): \(message)")
    }

    var kindName: String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    public func string() throws -> String {
        guard case .scalar(let s) = node else { throw error("expected text, found \(kindName)") }
        return s.string
    }

    /// A scalar written plainly, for numbers, durations and true/false:
    /// `nodes: "5"` is text, and is refused rather than guessed at.
    func plainScalar(_ expected: String) throws -> String {
        guard case .scalar(let s) = node else { throw error("expected \(expected), found \(kindName)") }
        guard s.style == .plain || s.style == .any else {
            throw error("expected \(expected), found the quoted text \"\(s.string)\" (write it without quotes)")
        }
        return s.string
    }

    public func int(in range: ClosedRange<Int>) throws -> Int {
        let text = try plainScalar("a whole number")
        guard let v = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected a whole number, found \(kindName)")
        }
        if !range.contains(v) {
            throw error("\(v) is out of range: expected \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    public func uint64() throws -> UInt64 {
        let text = try plainScalar("a non-negative whole number")
        guard let v = UInt64(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected a non-negative whole number, found \(kindName)")
        }
        return v
    }

    public func double(in range: ClosedRange<Double>) throws -> Double {
        let text = try plainScalar("a number")
        guard Self.isDecimal(text), let v = Double(text), v.isFinite else {
            throw error("expected a number such as 2 or 0.25, found \(kindName)")
        }
        if !range.contains(v) {
            throw error("\(text) is out of range: expected \(ParameterSpec.number(range.lowerBound)) to \(ParameterSpec.number(range.upperBound))")
        }
        return v
    }

    /// Decimal notation only: `Double("0x10")` is 16 and `Double("nan")` is a
    /// number to Swift, but not to a person writing a lab.
    static func isDecimal(_ text: some StringProtocol) -> Bool {
        var digits = 0, dots = 0, exponent = false
        for (i, c) in text.enumerated() {
            switch c {
            case "0"..."9": digits += 1
            case ".": dots += 1; if exponent || dots > 1 { return false }
            case "e", "E": if exponent || digits == 0 { return false }; exponent = true
            case "+", "-":
                let prev = i == 0 ? nil : text[text.index(text.startIndex, offsetBy: i - 1)]
                if !(i == 0 || prev == "e" || prev == "E") { return false }
            default: return false
            }
        }
        return digits > 0
    }

    /// A probability, written `0.05` or `5%`.
    public func probability() throws -> Double {
        let text = try plainScalar("a probability such as 0.05 or 5%")
        if text.hasSuffix("%") {
            let number = text.dropLast()
            guard Self.isDecimal(number), let v = Double(number), (0...100).contains(v) else {
                throw error("expected a percentage from 0% to 100%, found '\(text)'")
            }
            return v / 100
        }
        return try double(in: 0...1)
    }

    public func bool() throws -> Bool {
        let text = try plainScalar("true or false")
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found '\(text)'")
        }
    }

    /// A duration such as `150ms`, `2s`, `1.5s` or `500us`, in microseconds,
    /// within `range` (every reader of a number names its range: see `ParameterSpec`). Only plain decimal numbers and a unit
    /// are accepted (`0x10s`, `5 s`, `-0s`, `1e3ms` are refused), and a value
    /// that rounds outside the range (`0.0000001s` is 0µs) is refused too.
    public func duration(in range: ClosedRange<Int64>, orWord word: String? = nil) throws -> Int64 {
        let example = "a duration such as 150ms, 2s or 500us" + (word.map { ", or \($0)" } ?? "")
        let text = try plainScalar(example)
        guard DurationSyntax.isStrict(text), let v = DurationText.parse(text) else {
            throw error("expected \(example), found \(kindName)")
        }
        if !range.contains(v) {
            let rounded = v == 0 && text.contains(where: { "123456789".contains($0) }) ? " (\(text) rounds to 0µs)" : ""
            throw error("\(text) is out of range\(rounded): expected \(ParameterSpec.span(range))")
        }
        return v
    }

    // MARK: Collections

    public func sequence() throws -> [YAMLField] {
        guard case .sequence(let seq) = node else { throw error("expected a list, found \(kindName)") }
        return seq.enumerated().map { i, n in YAMLField(node: n, source: source, path: "\(path)[\(i)]", keyMark: n.mark) }
    }

    /// A mapping read strictly: only `allowed` keys may appear (none, if the
    /// list is empty). Without `allowed`, any key may (a map keyed by data,
    /// such as an answers file's question ids).
    public func mapping(allowed: [String]? = nil) throws -> YAMLMapping {
        guard case .mapping(let map) = node else { throw error("expected a mapping (key: value), found \(kindName)") }
        var fields: [(String, YAMLField)] = []
        for (k, v) in map {
            guard case .scalar(let key) = k else {
                throw YAMLField(node: k, source: source, path: path).error("keys must be plain text")
            }
            let childPath = path.isEmpty ? key.string : "\(path).\(key.string)"
            if let allowed, allowed.isEmpty {
                throw source.error(line: k.mark?.line ?? line, column: k.mark?.column ?? column,
                                   "unknown key '\(childPath)'; '\(path)' takes no keys here")
            }
            if let allowed, !allowed.contains(key.string) {
                let hint = Self.suggestion(for: key.string, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw source.error(line: k.mark?.line ?? line, column: k.mark?.column ?? column,
                                   "unknown key '\(childPath)'\(hint); expected one of: \(allowed.joined(separator: ", "))")
            }
            fields.append((key.string, YAMLField(node: v, source: source, path: childPath, keyMark: k.mark)))
        }
        return YAMLMapping(owner: self, fields: fields)
    }

    /// The closest allowed word, if one is close enough to be a likely typo.
    public static func suggestion(for word: String, among options: [String]) -> String? {
        let scored = options.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, word.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}

/// The fields of a YAML mapping, in file order.
public struct YAMLMapping {
    public let owner: YAMLField
    public let fields: [(key: String, value: YAMLField)]

    public subscript(_ key: String) -> YAMLField? { fields.first { $0.key == key }?.value }

    public var keys: [String] { fields.map(\.key) }

    /// The value of a key that must be present.
    public func required(_ key: String) throws -> YAMLField {
        guard let v = self[key] else { throw owner.error("missing required key '\(key)'") }
        return v
    }
}

import Foundation
