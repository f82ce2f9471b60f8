/// What the linearizability checker concluded about a history.
public enum LinearizabilityResult: Equatable, Sendable {
    case linearizable
    /// The key and the smallest window of operations (in history order, invoke+completion lines) that cannot be ordered.
    case notLinearizable(key: String, window: [HistoryOperation])
}

/// A history the checker cannot read: a bad JSON line, a completion with no
/// invoke, an unknown `f`, a cas value that is not `[expected, new]`.
///
/// `line` is 1-based: the line of the file for `HistoryFile`, the position in
/// the array (index + 1) for `LinearizabilityChecker.check`.
public struct HistoryError: Error, CustomStringConvertible {
    public var line: Int
    /// 1-based, in characters; 1 when the error is about the whole op.
    public var column: Int
    public var message: String

    public init(line: Int, column: Int = 1, message: String) {
        self.line = line; self.column = column; self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// The checker gave up: deciding `key` took more search steps than its budget
/// (`statesExplored`), so the history may or may not be linearizable.
public struct LinearizabilityUndecided: Error, CustomStringConvertible, Equatable, Sendable {
    public var key: String
    public var statesExplored: Int

    public init(key: String, statesExplored: Int) {
        self.key = key; self.statesExplored = statesExplored
    }

    public var description: String { "gave up on key \(key) after \(statesExplored) states" }
}
