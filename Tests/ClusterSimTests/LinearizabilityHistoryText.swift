import Testing
import ClusterSim

/// Histories written by hand, one op a line: `process type f key [value [new]]`.
///
///     0 invoke write x 1
///     0 ok write x 1
///     1 invoke cas x 1 2     (value [1, 2])
///     1 ok read x null
enum HistoryText {
    static func parse(_ text: String) -> [HistoryOperation] {
        text.split(separator: "\n").compactMap { line in
            let t = line.split(separator: " ").map(String.init)
            guard t.count >= 4 else { return nil }
            let values = t.dropFirst(4).map { $0 == "null" ? HistoryValue.null : .int(Int64($0)!) }
            let value: HistoryValue = values.count == 2 ? .list(values) : values.first ?? .null
            return HistoryOperation(process: Int(t[0])!, type: HistoryOperation.Kind(rawValue: t[1])!,
                                    f: t[2], key: t[3], value: value)
        }
    }

    /// Checks a hand-written history (which must be well formed).
    static func check(_ text: String) -> LinearizabilityResult {
        try! LinearizabilityChecker.check(parse(text))
    }

    /// The `HistoryError` `body` throws, or nil (recording an issue) if it throws nothing or something else.
    static func error(_ body: () throws -> Void) -> HistoryError? {
        do {
            try body()
            Issue.record("expected a HistoryError, nothing was thrown")
        } catch let error as HistoryError {
            return error
        } catch {
            Issue.record("expected a HistoryError, got \(error)")
        }
        return nil
    }
}

extension LinearizabilityResult {
    var isLinearizable: Bool { self == .linearizable }

    var window: [HistoryOperation] {
        if case .notLinearizable(_, let window) = self { return window }
        return []
    }
}
