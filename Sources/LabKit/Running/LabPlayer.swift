import ClusterSim

/// Plays a lab to the end without the interface, with answers from a sheet
/// (or none), describing every step in lines a person can read.
public enum LabPlayer {
    public struct Outcome {
        public var lines: [String]
        public var score: Int
        public var max: Int
        /// Problems that mean the lab itself is broken (a run that never
        /// reaches its condition, a prediction no choice matches).
        public var problems: [(step: Int, message: String)]
        /// What to save in the student's progress.
        public var record: StudentProgress.LabRecord
    }

    /// Engine steps a headless play or validation may take in all: far more
    /// than any sensible lab (the shipped ones take under 4,000), small
    /// enough that a broken limit is reported in seconds, not hours.
    public static let defaultStepBudget: Int64 = 500_000

    public static func play(_ lab: Lab, answers: AnswerSheet?, seed: UInt64? = nil,
                            stepBudget: Int64? = defaultStepBudget) throws -> Outcome {
        let runner = try LabRunner(lab: lab, seed: seed)
        runner.stepBudget = stepBudget
        var lines: [String] = []
        var problems: [(step: Int, message: String)] = []
        let total = lab.steps.count
        func header(_ i: Int) -> String { "[\(i + 1)/\(total)] \(lab.steps[i].kindName)" + (lab.steps[i].id.map { " \($0)" } ?? "") }

        while true {
            let events = runner.advance()
            for (i, e) in events {
                switch e {
                case .narration(let t):
                    lines.append("\(header(i)): " + t.split(separator: "\n").joined(separator: " "))
                case .ran(let d, let reached):
                    lines.append("\(header(i)): \(d)")
                    if !reached {
                        problems.append((i, "this step's condition never held within its limit (seed \(runner.run.seed)): \(d)"))
                    }
                case .performed(let a): lines.append("\(header(i)): \(a)")
                case .problem(let p):
                    lines.append("\(header(i)): PROBLEM: \(p)")
                    problems.append((i, p))
                case .checkpoint(let n): lines.append("\(header(i)): \(n)")
                case .waiting, .finished: break
                }
            }
            guard let step = runner.current else { break }
            let i = runner.position
            switch step.kind {
            case .ask(let q):
                let r = answers?.response(for: step)
                lines.append("\(header(i)): \(q.prompt.split(separator: "\n").joined(separator: " "))")
                let v = runner.answer(r ?? .unanswered)!
                lines.append("    answer: \(r?.description ?? "(none)") → \(v.correct ? "correct" : "wrong") (+\(v.points)) \(v.message)")
            case .predict(let p):
                let r = answers?.response(for: step)
                lines.append("\(header(i)): \(p.prompt.split(separator: "\n").joined(separator: " "))")
                let v = runner.answer(r ?? .unanswered)!
                lines.append("    prediction: \(r?.description ?? "(none)") → \(v.correct ? "correct" : "wrong") (+\(v.points)) \(v.message)")
                if v.actual == "none of the choices" {
                    problems.append((i, "no choice of this prediction matched what happened (seed \(runner.run.seed))"))
                }
            case .task(let t):
                lines.append("\(header(i)): \(t.prompt.split(separator: "\n").joined(separator: " "))")
                var actions: [String] = []
                if let id = step.id, case .actions(let a)? = answers?.entries[id] { actions = a }
                for text in actions {
                    do {
                        let resolved = try runner.resolve(ActionTemplate(text: text, placeholders: try placeholders(text, lab)))
                        let action = try CommandSyntax.action(resolved, runner.run.layout)
                        runner.act(action)
                        lines.append("    do: \(resolved)")
                    } catch {
                        lines.append("    cannot do '\(text)': \(error)")
                    }
                }
                if let v = runner.checkTask() {
                    lines.append("    task: \(v.correct ? "done" : "not done") (+\(v.points)) \(v.message)")
                    if v.correct && actions.isEmpty {
                        problems.append((i, "this task's goal is reached without the student doing anything (seed \(runner.run.seed)): \(t.goal.text)"))
                    }
                    if !v.correct { runner.skipTask() }
                }
            default: break
            }
            if runner.isFinished || runner.isOverBudget { break }
        }
        lines.append("engine steps: \(runner.run.stepCount) (budget \(stepBudget.map(String.init) ?? "none")), virtual time \(runner.run.now)")
        lines.append("score=\(runner.score)/\(lab.maxScore)")
        return Outcome(lines: lines, score: runner.score, max: lab.maxScore, problems: problems, record: runner.record)
    }

    static func placeholders(_ text: String, _ lab: Lab) throws -> [Predicate] {
        var out: [Predicate] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inner = String(rest[rest.index(after: open)..<close])
            out.append(Predicate(text: inner, expr: try PredicateParser.parse(inner)))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }
}
