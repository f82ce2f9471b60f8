/// Who answers a lab played without the interface: a reference answers
/// file, the student at a terminal, or nobody (validation). A respondent
/// sees a question only when it is asked, so nothing about a question it
/// has not answered (explanation, hint, what happened) is shown before.
public protocol LabRespondent {
    /// Where the answers come from (recorded with every attempt).
    var source: AnswerSource { get }
    /// Whether verdicts (feedback, explanations, what happened) are shown
    /// after each answer. Off when nobody answers: those texts are the key.
    var showsVerdicts: Bool { get }
    /// The choice order questions are shown in (nil: the author's).
    var choiceSeed: String? { get }
    /// The answer to a question, in the author's choice indices; nil stops
    /// the play here (no more answers).
    mutating func respond(to step: LabStep, order: ChoiceOrder, say: (String) -> Void) -> LabResponse?
    /// What to do next in a task; `lastCheck` is the verdict of the latest
    /// failed check (nil before the first).
    mutating func nextMove(in step: LabStep, lastCheck: LabVerdict?, say: (String) -> Void) -> TaskMove
}

/// A step of a task played without the interface.
public enum TaskMove {
    /// An action in the command syntax (`crash n1`, `partition n1 | n2 n3`).
    case act(String)
    case check
    case skip
    case stop
}

/// Answers from a reference answers file: graded and shown, never the student's own.
public struct SheetRespondent: LabRespondent {
    public var sheet: AnswerSheet
    private var pending: [String]?
    public init(_ sheet: AnswerSheet) { self.sheet = sheet }
    public var source: AnswerSource { .answersFile }
    public var showsVerdicts: Bool { true }
    public var choiceSeed: String? { nil }

    public mutating func respond(to step: LabStep, order: ChoiceOrder, say: (String) -> Void) -> LabResponse? {
        sheet.response(for: step) ?? .unanswered
    }

    /// The sheet's actions, then one check; a failed check skips the task.
    public mutating func nextMove(in step: LabStep, lastCheck: LabVerdict?, say: (String) -> Void) -> TaskMove {
        if lastCheck != nil { pending = nil; return .skip }
        if pending == nil, let id = step.id, case .actions(let a)? = sheet.entries[id] { pending = a }
        if let next = pending?.first { pending?.removeFirst(); return .act(next) }
        pending = nil
        return .check
    }
}

/// Nobody answers: every question unanswered, every task checked once as
/// found. Validation uses it to find steps that cannot be reached.
public struct SilentRespondent: LabRespondent {
    public init() {}
    public var source: AnswerSource { .student }
    public var showsVerdicts: Bool { false }
    public var choiceSeed: String? { nil }
    public func respond(to step: LabStep, order: ChoiceOrder, say: (String) -> Void) -> LabResponse? { .unanswered }
    public func nextMove(in step: LabStep, lastCheck: LabVerdict?, say: (String) -> Void) -> TaskMove {
        lastCheck == nil ? .check : .skip
    }
}
