import ClusterSim

/// Plays a lab to the end without the interface, describing every step in
/// lines a person can read, with answers from a respondent: a reference
/// sheet, the student at a terminal, or nobody.
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
        /// For each choice prediction (by step index), the choices that held in this run.
        public var held: [Int: [Int]] = [:]
        /// The first step at which the lab's node processes stopped (a node
        /// exited, wrote garbage, never answered init), and why: the play
        /// went on without a run, so it is broken, not merely low-scoring.
        public var processesStopped: (step: Int, message: String)?
    }

    /// Engine steps a headless play or validation may take in all: far more
    /// than any sensible lab (the shipped ones take under 4,000), small
    /// enough that a broken limit is reported in seconds, not hours.
    public static let defaultStepBudget: Int64 = 500_000

    /// Plays with answers from a sheet (reference answers, graded and shown),
    /// or with none (every question unanswered, nothing about them shown).
    public static func play(_ lab: Lab, answers: AnswerSheet?, seed: UInt64? = nil,
                            stepBudget: Int64? = defaultStepBudget) throws -> Outcome {
        if let answers {
            var sheet = SheetRespondent(answers)
            return try play(lab, respondent: &sheet, seed: seed, stepBudget: stepBudget)
        }
        var nobody = SilentRespondent()
        return try play(lab, respondent: &nobody, seed: seed, stepBudget: stepBudget)
    }

    /// Plays the lab, asking `respondent` at each question and task, and
    /// passes every line to `say` as it is made (so a student at a terminal
    /// reads the story before the question), and the record so far to
    /// `answered` after each answer or task. Stops early if the respondent
    /// has no more answers.
    public static func play<R: LabRespondent>(_ lab: Lab, respondent: inout R, seed: UInt64? = nil,
                                              stepBudget: Int64? = defaultStepBudget,
                                              say: (String) -> Void = { _ in },
                                              answered: (StudentProgress.LabRecord) -> Void = { _ in }) throws -> Outcome {
        let runner = try LabRunner(lab: lab, seed: seed)
        defer { runner.end() }  // no node process outlives a headless play
        runner.stepBudget = stepBudget
        runner.answerSource = respondent.source
        runner.choiceSeed = respondent.choiceSeed
        var lines: [String] = []
        func emit(_ line: String) { lines.append(line); say(line) }
        var problems: [(step: Int, message: String)] = []
        var held: [Int: [Int]] = [:]
        var stopped: (step: Int, message: String)?
        let total = lab.steps.count
        func header(_ i: Int) -> String { "[\(i + 1)/\(total)] \(lab.steps[i].kindName)" + (lab.steps[i].id.map { " \($0)" } ?? "") }
        func oneLine(_ text: String) -> String { text.split(separator: "\n").joined(separator: " ") }
        func verdict(_ label: String, _ given: String, _ v: LabVerdict) {
            emit("    \(label): \(given) → \(v.correct ? "correct" : "wrong") (+\(v.points))" + (respondent.showsVerdicts ? " \(v.message)" : ""))
        }

        playing: while true {
            let events = runner.advance()
            for (i, e) in events {
                switch e {
                case .narration(let t): emit("\(header(i)): " + oneLine(t))
                case .ran(let d, let reached):
                    emit("\(header(i)): \(d)")
                    if !reached {
                        problems.append((i, "this step's condition never held within its limit (seed \(runner.run.seed)): \(d)"))
                    }
                case .performed(let a): emit("\(header(i)): \(a)")
                case .problem(let p):
                    emit("\(header(i)): PROBLEM: \(p)")
                    problems.append((i, p))
                    if stopped == nil, let why = runner.processesStopped, p == why { stopped = (i, p) }
                case .checkpoint(let n): emit("\(header(i)): \(n)")
                case .started(_, let d): emit("\(header(i)): \(d)")
                case .waiting, .finished: break
                }
            }
            guard let step = runner.current else { break }
            let i = runner.position
            let order = runner.choiceOrder(for: step)
            switch step.kind {
            case .ask(let q):
                emit("\(header(i)): \(oneLine(q.prompt))")
                if case .choice(let options, let multiple) = q.answer {
                    showChoices(options.map(\.text), order, multiple: multiple, emit)
                }
                guard let r = respondent.respond(to: step, order: order, say: say) else { break playing }
                verdict("answer", order.shownResponse(r).description, runner.answer(r)!)
            case .predict(let p):
                emit("\(header(i)): \(oneLine(p.prompt))")
                if case .choice(let options) = p.key { showChoices(options.map(\.text), order, multiple: false, emit) }
                guard let r = respondent.respond(to: step, order: order, say: say) else { break playing }
                let v = runner.answer(r)!
                held[i] = v.held
                verdict("prediction", order.shownResponse(r).description, v)
                if v.actual == "none of the choices" {
                    problems.append((i, "no choice of this prediction matched what happened (seed \(runner.run.seed))"))
                }
            case .task(let t):
                emit("\(header(i)): \(oneLine(t.prompt))")
                var acted = false
                var failed: LabVerdict?
                task: while true {
                    switch respondent.nextMove(in: step, lastCheck: failed, say: say) {
                    case .act(let text):
                        do {
                            let resolved = try runner.resolve(ActionTemplate(text: text, placeholders: try placeholders(text, lab)))
                            runner.act(try CommandSyntax.action(resolved, runner.run.layout))
                            acted = true
                            emit("    do: \(resolved)")
                        } catch let e as CommandSyntax.Problem {
                            emit("    cannot do '\(text)': \(e.message)")
                        } catch {
                            emit("    cannot do '\(text)': \(error)")
                        }
                    case .check:
                        guard let v = runner.checkTask() else { break task }
                        emit("    task: \(v.correct ? "done" : "not done") (+\(v.points))" + (respondent.showsVerdicts ? " \(v.message)" : ""))
                        if v.correct {
                            if !acted {
                                problems.append((i, "this task's goal is reached without the student doing anything (seed \(runner.run.seed)): \(t.goal.text)"))
                            }
                            break task
                        }
                        failed = v
                    case .skip:
                        runner.skipTask()
                        emit("    task: skipped (+0)")
                        break task
                    case .stop:
                        break playing
                    }
                }
            default: break
            }
            if step.id.map({ runner.verdicts[$0] != nil }) == true { answered(runner.record) }  // saved as it goes: a kill loses nothing
            if runner.isFinished || runner.isOverBudget { break }
        }
        if !runner.isFinished && !runner.isOverBudget { emit("stopped at step \(runner.position + 1) of \(total): no more answers") }
        emit("engine steps: \(runner.engineSteps) (budget \(stepBudget.map(String.init) ?? "none")), virtual time \(runner.run.now)")
        emit("score=\(runner.score)/\(lab.maxScore)")
        return Outcome(lines: lines, score: runner.score, max: lab.maxScore, problems: problems, record: runner.record, held: held,
                       processesStopped: stopped)
    }

    /// Lists choices in the order this student sees them, with their letters.
    static func showChoices(_ texts: [String], _ order: ChoiceOrder, multiple: Bool, _ emit: (String) -> Void) {
        for (k, author) in order.shown.enumerated() { emit("    \(choiceLetter(k))) \(texts[author].split(separator: "\n").joined(separator: " "))") }
        if multiple { emit("    (choose all that apply, e.g. a,c)") }
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
