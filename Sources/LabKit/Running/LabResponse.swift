/// What a student answered.
public enum LabResponse: Sendable, Hashable, CustomStringConvertible {
    /// Indices of the chosen options (0-based).
    case choices([Int])
    case number(Double)
    case text(String)
    /// No answer given (headless play without one).
    case unanswered

    public var description: String {
        switch self {
        case .choices(let c): return c.map { String(UnicodeScalar(UInt8(97 + $0))) }.joined(separator: ",")
        case .number(let v): return v == v.rounded() ? String(Int64(v)) : String(v)
        case .text(let t): return t
        case .unanswered: return "(none)"
        }
    }
}

extension LabResponse {
    /// Letters (`b`, `a,c`, `a c`, any case) as choice indices; nil if
    /// anything else is there.
    public static func choiceLetters(_ text: String) -> [Int]? {
        let letters = text.lowercased().split(whereSeparator: { $0 == "," || $0 == " " })
        let picks = letters.compactMap { l -> Int? in
            guard l.count == 1, let u = l.unicodeScalars.first, u.value >= 97, u.value <= 122 else { return nil }
            return Int(u.value) - 97
        }
        return picks.count == letters.count && !picks.isEmpty ? picks : nil
    }
}

/// The outcome of an answer or a task attempt.
public struct LabVerdict: Sendable, Hashable {
    public var correct: Bool
    public var points: Int
    /// Feedback, explanation, or the hint revealed after a failed attempt.
    public var message: String
    /// For predictions: what actually happened.
    public var actual: String?
    /// For choice predictions: the author's indices of the choices that held.
    public var held: [Int] = []
}

/// Something a lab step did, for display (the interface and `lab play` print these).
public enum LabEvent: Sendable, Hashable {
    case narration(String)
    case ran(description: String, reached: Bool)
    case performed(String)
    case problem(String)
    case checkpoint(String)
    /// A `use:` step started a fresh run of a named scenario.
    case started(scenario: String, description: String)
    case waiting(stepIndex: Int)
    case finished(score: Int, max: Int)
}
