import LabKit

/// The finish screen's review: each question and task in order, with the
/// verdict, the points and the answer given, then the next lab to open.
enum LabReview {
    static func lines(_ lab: LabRunner, _ guide: GuideState, width: Int, glyphs: Glyphs) -> [StyledLine] {
        var lines: [StyledLine] = [[]]
        let steps = lab.lab.steps.enumerated().filter { $0.element.isInteractive }
        for (k, (_, step)) in steps.enumerated() {
            let id = step.id ?? ""
            let verdict = lab.verdicts[id]
            let mark: String
            if let v = verdict { mark = glyphs == .unicode ? (v.correct ? "✓" : "✗") : (v.correct ? "+" : "x") } else { mark = "-" }
            let points = "\(verdict?.points ?? 0)/\(step.points)"
            let head = "\(k + 1). \(mark) \(points)  \(title(step))"
            let style = CellStyle(verdict?.correct == true ? .good : .bad, [.bold])
            lines += Markdown.wrap([StyledSpan(text: head, style: style)], width: width)
            if let answer = lab.responses[id] {
                lines += Markdown.wrap([StyledSpan(text: "   your answer: \(answer)", style: CellStyle(.dim))], width: width)
            }
        }
        if let next = guide.nextLab {
            lines.append([])
            lines += Markdown.wrap([StyledSpan(text: "Next: \(next.title) (enter opens it)", style: CellStyle(.highlight, [.bold]))],
                                   width: width)
        }
        return lines
    }

    /// The first sentence of a step's prompt, without Markdown marks.
    static func title(_ step: LabStep) -> String {
        let prompt: String
        switch step.kind {
        case .ask(let q): prompt = q.prompt
        case .predict(let p): prompt = p.prompt
        case .task(let t): prompt = t.prompt
        default: prompt = ""
        }
        let words = prompt.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
        var plain = words.filter { $0 != "*" && $0 != "`" }
        for end in [". ", ": ", "? "] {
            if let r = plain.firstRange(of: end) { plain = String(plain[..<r.lowerBound]) + (end == "? " ? "?" : "") }
        }
        return plain.count > 70 ? String(plain.prefix(69)) + "…" : plain
    }
}
