/// Grades answers: stored keys for questions, keys computed from the run for predictions.
public enum LabGrading {
    public static func grade(_ q: Question, _ r: LabResponse) -> LabVerdict {
        let explanation = q.explanation.map { " \($0)" } ?? ""
        switch (q.answer, r) {
        case (.choice(let options, let multiple), .choices(let picked)):
            let correct = Set(options.indices.filter { options[$0].correct })
            let ok = multiple ? Set(picked) == correct : picked.count == 1 && correct.contains(picked[0])
            let feedback = picked.compactMap { $0 < options.count ? options[$0].feedback : nil }.joined(separator: " ")
            return LabVerdict(correct: ok, points: ok ? q.points : 0,
                              message: (ok ? "Correct." : "Not quite.") + (feedback.isEmpty ? "" : " \(feedback)") + explanation,
                              actual: nil)
        case (.number(let value, let tolerance), .number(let given)):
            let ok = abs(given - value) <= tolerance
            return LabVerdict(correct: ok, points: ok ? q.points : 0,
                              message: (ok ? "Correct." : "Not quite: the answer is \(LabResponse.number(value)).") + explanation,
                              actual: nil)
        case (.text(let accept), .text(let given)):
            let ok = accept.map(normalize).contains(normalize(given))
            return LabVerdict(correct: ok, points: ok ? q.points : 0,
                              message: (ok ? "Correct." : "Not quite: expected \(accept[0]).") + explanation, actual: nil)
        case (_, .unanswered):
            return LabVerdict(correct: false, points: 0, message: "No answer given.", actual: nil)
        default:
            return LabVerdict(correct: false, points: 0, message: "That is not the kind of answer this question takes.", actual: nil)
        }
    }

    public static func grade(_ p: Prediction, _ r: LabResponse, _ world: LabWorld) -> LabVerdict {
        let explanation = p.explanation.map { " \($0)" } ?? ""
        switch p.key {
        case .choice(let options):
            // What happened is computed first, whatever the answer: the key comes from the run.
            let happened = options.indices.filter { options[$0].when.holds(in: world) }
            guard !happened.isEmpty else {
                return LabVerdict(correct: false, points: 0,
                                  message: "None of the choices describes what happened; tell your instructor (the lab needs fixing).",
                                  actual: "none of the choices")
            }
            let actual = happened.map { options[$0].text }.joined(separator: "; ")
            guard case .choices(let picked) = r else {
                return LabVerdict(correct: false, points: 0, message: "No choice given. What happened: \(actual).", actual: actual, held: happened)
            }
            let ok = picked.count == 1 && happened.contains(picked[0])
            let feedback = picked.first.flatMap { $0 < options.count ? options[$0].feedback : nil }.map { " \($0)" } ?? ""
            return LabVerdict(correct: ok, points: ok ? p.points : 0,
                              message: (ok ? "You predicted it." : "What happened: \(actual).") + feedback + explanation,
                              actual: actual, held: happened)
        case .number(let expr, let tolerance):
            guard let actual = PredicateEvaluator.number(expr.value(in: world)) else {
                return LabVerdict(correct: false, points: 0, message: "\(expr.text) has no value now.", actual: "none")
            }
            let shown = LabResponse.number(actual).description
            guard case .number(let given) = r else {
                return LabVerdict(correct: false, points: 0, message: "No number given. What happened: \(expr.text) = \(shown).", actual: shown)
            }
            let ok = abs(given - actual) <= tolerance
            return LabVerdict(correct: ok, points: ok ? p.points : 0,
                              message: (ok ? "You predicted it." : "What happened: \(expr.text) = \(shown).") + explanation,
                              actual: shown)
        }
    }

    static func normalize(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
