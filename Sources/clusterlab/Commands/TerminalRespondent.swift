import Foundation
import LabKit

/// The student answering `lab play` on the terminal, one line at a time,
/// the way `quiz` asks: letters as shown (this student's order), numbers,
/// text; in a task, commands, then `check` or `skip`. Standard input ending
/// stops the play where it is, so nothing past it is shown.
struct TerminalRespondent: LabRespondent {
    var choiceSeed: String?
    var source: AnswerSource { .student }
    var showsVerdicts: Bool { true }
    /// The next line typed, nil at the end of input.
    var nextLine: () -> String? = { Swift.readLine() }

    mutating func respond(to step: LabStep, order: ChoiceOrder, say: (String) -> Void) -> LabResponse? {
        let choices = step.choiceCount
        while true {
            guard let line = ask(say) else { return nil }
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { say("    (type an answer: \(choices > 0 ? "a letter, a to \(choiceLetter(choices - 1))" : "a number or text"))"); continue }
            if choices > 0 {
                guard case .choices(let shown) = QuizInput.choices(t), let author = order.authorResponse(.choices(shown)) else {
                    say("    (answer with a letter, a to \(choiceLetter(choices - 1))" + (takesSeveral(step) ? "; several: a,c)" : ")"))
                    continue
                }
                return author
            }
            if case .ask(let q) = step.kind, case .text = q.answer { return .text(t) }
            guard let n = Double(t) else { say("    (answer with a number)"); continue }
            return .number(n)
        }
    }

    mutating func nextMove(in step: LabStep, lastCheck: LabVerdict?, say: (String) -> Void) -> TaskMove {
        if lastCheck == nil { say("    (change the cluster with commands such as `crash n1` or `partition n1 | n2 n3`; `check` checks the goal, `skip` gives up)") }
        guard let line = ask(say) else { return .stop }
        switch line.trimmingCharacters(in: .whitespaces) {
        case "", "check": return .check
        case "skip": return .skip
        case let command: return .act(command)
        }
    }

    private func takesSeveral(_ step: LabStep) -> Bool {
        if case .ask(let q) = step.kind, case .choice(_, let multiple) = q.answer { return multiple }
        return false
    }

    /// Shows the prompt and reads a line (echoed when it comes from a file or pipe).
    private func ask(_ say: (String) -> Void) -> String? {
        print("> ", terminator: "")
        fflush(nil)  // every output stream: the prompt shows before the read
        let line = nextLine()
        if isatty(0) == 0 { print(line ?? "") }
        return line
    }
}
