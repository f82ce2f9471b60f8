import LabKit

/// The lab guide: what the lab's steps just did (narration as Markdown, runs,
/// actions), then the question or task waiting for the student, the verdict
/// on their answer, and the key that goes on. In instructor mode also the
/// correct answers and the presenter notes. Anchored at the bottom, so the
/// question stays in view; ↑↓ scroll back when the guide is focused.
enum GuidePanel {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ lab: LabRunner) {
        guard rect.height > 1, rect.width > 8, let guide = state.guide else { return }
        let area = Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height - 1)
        let lines = content(guide, lab, width: area.width, glyphs: state.glyphs)
        let top = max(0, lines.count - area.height - guide.scroll)
        Markdown.draw(lines, into: &grid, area, from: top)
        let footer = Rect(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1)
        // The key that goes on comes first; the scroll keys as room allows.
        let key = nextKey(guide, lab)
        let page = top > 0 ? "pgup" : guide.scroll > 0 ? "pgdn" : nil
        let more = page.map { [" · \($0): more", " · \($0)"] }?.first { DisplayWidth.of(key + $0) <= footer.width } ?? ""
        grid.draw(DisplayWidth.truncate(key + more, to: footer.width, ellipsis: state.glyphs.ellipsis),
                  at: Point(x: footer.x, y: footer.y), clip: footer, style: CellStyle(.hintKey, [.bold]))
    }

    /// What the student presses now.
    static func nextKey(_ guide: GuideState, _ lab: LabRunner) -> String {
        if guide.awaitingNext { return lab.isFinished ? "] see the result · [ back" : "] next step · [ back" }
        guard let step = lab.current else {
            let score = "score \(lab.score)/\(lab.lab.maxScore)"
            return guide.nextLab == nil ? "done, \(score) · [ back · q quit" : "done, \(score) · enter: next lab"
        }
        if LabFlow.atStart(lab) { return "] start the lab" }
        switch step.kind {
        case .ask, .predict: return "enter: answer · [ back"
        case .task: return "act, then enter: check · S: skip"
        default: return "] next step"
        }
    }

    static func content(_ guide: GuideState, _ lab: LabRunner, width: Int, glyphs: Glyphs) -> [StyledLine] {
        var lines: [StyledLine] = []
        let bullet = glyphs == .unicode ? "▸ " : "> "
        func add(_ text: String, _ style: CellStyle) { lines += Markdown.wrap([StyledSpan(text: text, style: style)], width: width) }
        func gap() { if lines.last.map({ !$0.isEmpty }) == true { lines.append([]) } }
        for event in guide.transcript {
            switch event {
            case .narration(let text): gap(); lines += Markdown.lines(text, width: width, glyphs: glyphs); lines.append([])
            case .ran(let description, _): add(bullet + description, CellStyle(.dim))
            case .performed(let text): add(bullet + "did: " + text, CellStyle(.warning, [.bold]))
            case .problem(let text): add(bullet + text, CellStyle(.error))
            case .checkpoint(let name): add(bullet + "checkpoint " + name, CellStyle(.dim))
            case .started(_, let description): add(bullet + description, CellStyle(.warning, [.bold]))
            case .waiting: break
            case .finished(let score, let max):
                gap(); add("Lab finished: score \(score)/\(max)", CellStyle(.good, [.bold]))
                lines += LabReview.lines(lab, guide, width: width, glyphs: glyphs)
            }
        }
        let shown = guide.awaitingNext ? lab.position - 1 : lab.position
        if lab.lab.steps.indices.contains(shown), lab.lab.steps[shown].isInteractive {
            gap()
            lines += stepLines(lab.lab.steps[shown], lab, guide, width: width, glyphs: glyphs)
        }
        if let v = guide.verdict {
            gap()
            let mark = glyphs == .unicode ? (v.correct ? "✓ " : "✗ ") : (v.correct ? "+ " : "x ")
            let head = v.correct ? "Correct (+\(v.points))" : (v.message.hasPrefix("Hint") || v.message.hasPrefix("Not yet") ? "Not yet" : "Not quite")
            add(mark + head, CellStyle(v.correct ? .good : .bad, [.bold]))
            if !v.message.isEmpty {
                var text = v.message
                // A task's goal, quoted in the verdict, in words.
                if lab.lab.steps.indices.contains(shown), case .task(let t) = lab.lab.steps[shown].kind {
                    text = text.replacing(t.goal.text, with: PredicateWords.describe(t.goal))
                }
                lines += Markdown.wrap(Markdown.inline(text, CellStyle(.text)), width: width)
            }
            if let actual = v.actual { add("What happened: " + actual, CellStyle(.highlight)) }
        }
        if guide.instructor {
            let end = min(shown, lab.lab.steps.count - 1)
            let start = (lab.lab.steps.indices.last { $0 < end && lab.lab.steps[$0].isInteractive } ?? -1) + 1
            if start <= end {
                for i in start...end { if let notes = lab.lab.steps[i].notes { gap(); add("Notes: " + notes, CellStyle(.paused)) } }
            }
        }
        return lines
    }

    static func stepLines(_ step: LabStep, _ lab: LabRunner, _ guide: GuideState, width: Int, glyphs: Glyphs) -> [StyledLine] {
        var lines: [StyledLine] = []
        func add(_ text: String, _ style: CellStyle) { lines += Markdown.wrap([StyledSpan(text: text, style: style)], width: width) }
        let points = step.points == 1 ? "1 point" : "\(step.points) points"
        let place = lab.lab.steps.firstIndex { $0.line == step.line && $0.column == step.column }
            .map { LabFlow.questionNumber($0, in: lab.lab) }
        let of = place.map { " \($0.number) of \($0.of)" } ?? ""
        let answer = CellStyle(.good, [.bold])
        let tick = glyphs == .unicode ? " ✓" : " *"
        func choices(_ options: [(String, Bool)]) {
            for (k, (text, correct)) in options.enumerated() {
                let lead = "\(choiceLetter(k))) "
                let body = Markdown.wrap(Markdown.inline(text, CellStyle(.text)), width: width - lead.count)
                for (i, l) in body.enumerated() {
                    var line: StyledLine = [StyledSpan(text: i == 0 ? lead : "   ", style: CellStyle(.hintKey, [.bold]))] + l
                    if guide.instructor && correct && i == body.count - 1 { line.append(StyledSpan(text: tick, style: answer)) }
                    lines.append(line)
                }
            }
        }
        switch step.kind {
        case .ask(let q):
            add("Question\(of) · \(points)", CellStyle(.highlight, [.bold]))
            lines += Markdown.lines(q.prompt, width: width, glyphs: glyphs)
            switch q.answer {
            case .choice(let options, let multiple):
                choices(lab.choiceOrder(for: step).shown.map { (options[$0].text, options[$0].correct) })
                if multiple { add("(one or more letters, like a,c)", CellStyle(.dim)) }
            case .number(let value, let tolerance):
                add("(answer with a number)", CellStyle(.dim))
                if guide.instructor { add("answer: \(LabResponse.number(value))" + (tolerance > 0 ? " ± \(tolerance)" : ""), answer) }
            case .text(let accept):
                add("(type your answer)", CellStyle(.dim))
                if guide.instructor { add("accepted: " + accept.joined(separator: " · "), answer) }
            }
        case .predict(let p):
            add("Predict\(of) · \(points)", CellStyle(.highlight, [.bold]))
            lines += Markdown.lines(p.prompt, width: width, glyphs: glyphs)
            switch p.key {
            case .choice(let options):
                let order = lab.choiceOrder(for: step).shown
                choices(order.map { (options[$0].text, false) })
                if guide.instructor {
                    for (k, a) in order.enumerated() { add("\(choiceLetter(k)) holds if \(options[a].when.text)", answer) }
                }
            case .number(let expr, _):
                add("(answer with a number)", CellStyle(.dim))
                if guide.instructor { add("key: \(expr.text) after the run", answer) }
            }
        case .task(let t):
            add("Task\(of) · \(points)", CellStyle(.highlight, [.bold]))
            lines += Markdown.lines(t.prompt, width: width, glyphs: glyphs)
            let shown = guide.instructor ? t.hints.count : (step.id.flatMap { lab.hintsShown[$0] } ?? 0)
            for h in t.hints.prefix(shown) { add("Hint: " + h, CellStyle(.warning)) }
            if guide.instructor { add("goal: " + t.goal.text, answer) }
        default:
            break
        }
        return lines
    }
}
