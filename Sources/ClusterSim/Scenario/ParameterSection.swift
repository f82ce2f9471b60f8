/// Reads a mapping of declared settings (a protocol's `parameters:` or
/// `workload:`, a scenario's top level, a `network:` section) strictly:
/// only declared keys may appear, and every value is checked against its
/// declaration at its line and column.
///
/// Reading a key that is not declared, or as the wrong kind, is a mistake in
/// ClusterLab itself; it is reported as an error on every run (present or
/// not), so the tests that run each protocol find it at once.
public struct ParameterSection {
    public let declared: [ParameterSpec]
    let map: YAMLMapping?
    let owner: YAMLField?

    /// `field` may be absent (all defaults); present, it may only use declared keys.
    public init(_ field: YAMLField?, declared: [ParameterSpec]) throws {
        self.declared = declared
        owner = field
        map = try field?.mapping(allowed: declared.map(\.key))
    }

    /// Declared settings of a mapping its caller has already read (and
    /// checked for unknown keys, as a lab step does with its own kinds).
    public init(_ map: YAMLMapping, declared: [ParameterSpec]) {
        self.declared = declared
        owner = map.owner
        self.map = map
    }

    /// The spec of `key`, or the internal error that says it was never declared.
    func spec(_ key: String) throws -> ParameterSpec {
        guard let s = declared.first(where: { $0.key == key }) else { throw internalError("'\(key)' is read but not declared") }
        return s
    }

    func internalError(_ message: String) -> SourceError {
        let text = "internal error (please report): \(message)"
        return owner?.error(text) ?? SourceError(file: "clusterlab", line: 1, column: 1, message: text)
    }

    func wrongKind(_ key: String, _ asked: String) -> SourceError {
        internalError("'\(key)' is read as \(asked) but declared as \((try? spec(key))?.accepts ?? "nothing")")
    }

    public func field(_ key: String) throws -> YAMLField? {
        _ = try spec(key)
        return map?[key]
    }

    /// A whole number in the declared range (narrowed to `within`, when the
    /// limit depends on the scenario, such as `slow` ≤ backends).
    public func int(_ key: String, default value: Int, within: ClosedRange<Int>? = nil) throws -> Int {
        guard case .count(var range) = try spec(key).kind else { throw wrongKind(key, "a whole number") }
        if let within { range = range.clamped(to: within) }
        return try map?[key]?.int(in: range) ?? value
    }

    public func duration(_ key: String, default value: Int64) throws -> Int64 {
        guard case .duration(let range) = try spec(key).kind else { throw wrongKind(key, "a duration") }
        if !range.contains(value) { throw internalError("the default of '\(key)' is outside its range") }
        return try map?[key]?.duration(in: range) ?? value
    }

    /// A duration in the declared range, or nil when absent.
    public func duration(_ key: String) throws -> Int64? {
        guard case .duration(let range) = try spec(key).kind else { throw wrongKind(key, "a duration") }
        return try map?[key]?.duration(in: range)
    }

    public func seed(_ key: String, default value: UInt64) throws -> UInt64 {
        guard case .seed = try spec(key).kind else { throw wrongKind(key, "a seed") }
        return try map?[key]?.uint64() ?? value
    }

    /// A duration, or nil for `off` (`default` when absent).
    public func durationOrOff(_ key: String, default value: Int64?) throws -> Int64? {
        guard case .durationOrOff(let range) = try spec(key).kind else { throw wrongKind(key, "a duration or off") }
        guard let f = map?[key] else { return value }
        if case .scalar(let s) = f.node, s.string == "off" { return nil }
        return try f.duration(in: range, orWord: "off")
    }

    public func double(_ key: String, default value: Double) throws -> Double {
        try double(key) ?? value
    }

    /// A number in the declared range, or nil when absent.
    public func double(_ key: String) throws -> Double? {
        guard case .number(let range) = try spec(key).kind else { throw wrongKind(key, "a number") }
        return try map?[key]?.double(in: range)
    }

    public func probability(_ key: String, default value: Double) throws -> Double {
        guard case .probability = try spec(key).kind else { throw wrongKind(key, "a probability") }
        return try map?[key]?.probability() ?? value
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard case .flag = try spec(key).kind else { throw wrongKind(key, "true or false") }
        return try map?[key]?.bool() ?? value
    }

    /// One of the declared words.
    public func string(_ key: String, default value: String) throws -> String {
        guard case .choice(let options) = try spec(key).kind else { throw wrongKind(key, "one of some words") }
        guard let f = map?[key] else { return value }
        let s = try f.string()
        if !options.contains(s) { throw f.error("'\(s)' is not one of: \(options.joined(separator: ", "))") }
        return s
    }

    /// A list of the declared words (nil when absent).
    public func words(_ key: String) throws -> [String]? {
        guard case .words(let options) = try spec(key).kind else { throw wrongKind(key, "a list of words") }
        return try map?[key]?.sequence().map { item in
            let s = try item.string()
            if !options.contains(s) { throw item.error("unknown value '\(s)'; expected one of: \(options.joined(separator: ", "))") }
            return s
        }
    }

    /// Free text (nil when absent).
    public func text(_ key: String) throws -> String? {
        guard case .text = try spec(key).kind else { throw wrongKind(key, "text") }
        return try map?[key]?.string()
    }

    /// A value with its own reader (declared `.described`), or nil when absent.
    public func described(_ key: String) throws -> YAMLField? {
        guard case .described = try spec(key).kind else { throw wrongKind(key, "a value with its own reader") }
        return map?[key]
    }

    /// Comma-separated whole numbers, exactly `count` of them (nil when absent).
    public func ints(_ key: String, count: Int) throws -> [Int]? {
        guard case .counts(let range) = try spec(key).kind else { throw wrongKind(key, "whole numbers") }
        guard let f = map?[key] else { return nil }
        let parts = try f.string().split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.filter { $0 != " " }) }
        guard parts.count == count, parts.allSatisfy({ $0.map(range.contains) ?? false }) else {
            throw f.error("\(count) whole numbers from \(range.lowerBound) to \(range.upperBound), separated by commas")
        }
        return parts.map { $0! }
    }

    /// A nested section with its own declarations (read strictly; absent: all defaults).
    public func section(_ key: String) throws -> ParameterSection {
        guard case .section(let inner) = try spec(key).kind else { throw wrongKind(key, "a section") }
        return try ParameterSection(map?[key], declared: inner)
    }

    public var isPresent: Bool { map != nil }
}
