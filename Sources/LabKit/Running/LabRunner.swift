import ClusterSim
import Foundation
import ClusterProtocols

/// Plays a lab against a live run: executes narration, runs and actions,
/// stops at each question or task for the student, checks answers (a
/// prediction's key is computed from what the run then does), and keeps the
/// score. Going back to an earlier step uses the engine's time travel, so
/// the cluster is exactly as it was when the student last reached it.
/// A `use:` step starts a fresh run of a named scenario; the earlier runs
/// are kept, finished, so going back to a step before it restores them.
public final class LabRunner {
    public let lab: Lab
    /// The run the lab acts on now (a `use:` step replaces it).
    public private(set) var run: ClusterRun
    public private(set) var world: LabWorld
    /// Every run so far, the current one last: the one the lab started
    /// with, then one per `use:` step reached.
    public private(set) var runs: [(scenario: String?, run: ClusterRun, world: LabWorld)]
    /// The seed every run uses instead of its scenario's (nil: their own).
    let seed: UInt64?
    /// Index of the step to do next.
    public private(set) var position = 0
    /// Verdicts by step id.
    public private(set) var verdicts: [String: LabVerdict] = [:]
    /// Answers given, by step id (saved in progress).
    public private(set) var responses: [String: String] = [:]
    /// Actions the student took during each task, in command syntax (saved
    /// in progress, so a resumed lab replays them).
    public private(set) var taskActions: [String: [String]] = [:]
    /// Hints revealed so far, by task id.
    public private(set) var hintsShown: [String: Int] = [:]
    /// Every answer to every question, first one first; going back does not
    /// forget them, so only a first answer is ever scored.
    public internal(set) var history: [String: QuestionRecord] = [:]
    /// Where answers come from: the student, or a reference answers file
    /// (recorded with each attempt, never scored as the student's own).
    public var answerSource: AnswerSource = .student
    /// Seeds the order this student sees each question's choices in (nil:
    /// the author's order, as instructors and answers files see it).
    public var choiceSeed: String?
    /// Wall-clock seconds since 1970, for the time of each answer (tests
    /// set a fixed one; nothing in a run depends on it).
    public var clock: () -> Double = { Date().timeIntervalSince1970 }
    /// The run (an index into `runs`) and its engine step at which each lab
    /// step began (for going back). Only steps up to the current timeline's
    /// present: going back forgets the later ones, which are recorded again
    /// as they are passed (the student may act differently this time).
    private var marks: [Int: (run: Int, step: Int64)] = [:]
    /// The most engine steps the whole lab may take (nil: no limit). The
    /// validator and headless play set it, so a lab with a huge limit on a
    /// busy cluster is reported instead of running for hours.
    public var stepBudget: Int64?

    /// Whether the lab has used up its step budget.
    public var isOverBudget: Bool { stepBudget.map { engineSteps >= $0 } ?? false }
    /// Engine steps taken by every run of the lab so far.
    public var engineSteps: Int64 { runs.reduce(0) { $0 + $1.run.stepCount } }

    public init(lab: Lab, seed: UInt64? = nil) throws {
        self.lab = lab
        self.seed = seed
        run = try ExternalRuns.makeRun(lab.scenario, seed: seed)
        world = LabWorld(run: run)
        runs = [(nil, run, world)]
        holdStill()
    }

    /// A run of real processes is held still (processes stopped, its clock
    /// held) whenever the lab waits for the student: it goes on only while a
    /// step runs it, so reading a question takes none of its time.
    private func holdStill() { (run as? WallClockRun)?.setFrozen(true) }

    /// A lab closed in any way ends its node processes with it.
    deinit { end() }

    /// First-attempt score: each question's first answer from this play's
    /// source, whatever came after (a student's own answers are never
    /// credited with a reference file's, nor the other way round).
    public var score: Int {
        history.values.reduce(0) { total, q in total + (q.attempts.first { $0.source == answerSource }?.points ?? 0) }
    }
    public var isFinished: Bool { position >= lab.steps.count }
    public var current: LabStep? { isFinished ? nil : lab.steps[position] }

    /// Does every step up to the next one that needs the student (or the
    /// end); returns what each step did, with the step's index.
    public func advance() -> [(step: Int, event: LabEvent)] {
        var events: [(step: Int, event: LabEvent)] = []
        while position < lab.steps.count {
            let step = lab.steps[position]
            if marks[position] == nil { marks[position] = (runs.count - 1, run.stepCount) }
            let here = position
            switch step.kind {
            case .say(let text): events.append((here, .narration(text)))
            case .run(let spec): events.append((here, perform(spec)))
            case .perform(let actions):
                // Only what changed the cluster is reported (a restart of a node that is up does nothing).
                for a in actions { if let e = apply(a) { events.append((here, e)) } }
            case .checkpoint(let name): events.append((here, .checkpoint(name)))
            case .use(let name): events.append((here, use(name)))
            case .ask, .predict, .task:
                if let id = step.id, verdicts[id] != nil { break }  // answered already (resumed)
                events.append((here, .waiting(stepIndex: here)))
                holdStill()
                return events
            }
            position += 1
        }
        events.append((lab.steps.count - 1, .finished(score: score, max: lab.maxScore)))
        return events
    }

    /// Answers the current `ask` or `predict` step.
    public func answer(_ response: LabResponse) -> LabVerdict? {
        guard let step = current, let id = step.id else { return nil }
        let verdict: LabVerdict
        switch step.kind {
        case .ask(let q): verdict = LabGrading.grade(q, response)
        case .predict(let p):
            _ = perform(p.then)  // the run continues; the key comes from it
            verdict = LabGrading.grade(p, response, world)
        default: return nil
        }
        return record(verdict, answer: response.description, id: id)
    }

    /// Keeps an answer (or a task's finish) as an attempt and moves on. A
    /// later attempt is graded for the student to learn from, but earns
    /// nothing: the first one counts.
    private func record(_ verdict: LabVerdict, answer: String, id: String) -> LabVerdict {
        var verdict = verdict
        let attempt = Attempt(answer: answer, correct: verdict.correct, points: verdict.points, at: clock(), source: answerSource)
        var question = history[id] ?? QuestionRecord(step: position + 1, maxPoints: lab.steps[position].points)
        question.attempts.append(attempt)
        history[id] = question
        let ours = question.attempts.filter { $0.source == answerSource }
        if ours.count > 1 {
            verdict.points = 0
            verdict.message += " (Attempt \(ours.count): only your first answer counts; it scored \(ours[0].points).)"
        }
        verdicts[id] = verdict
        responses[id] = answer
        position += 1
        return verdict
    }

    /// Applies a student's action during a task (also recorded in the trace).
    public func act(_ action: ClusterAction) {
        if let id = current?.id, let text = action.commandText(run.layout) { taskActions[id, default: []].append(text) }
        run.perform(action, at: nil)
        world.observe()
    }

    /// Checks the current task: runs up to its limit looking for the goal.
    /// A failure reveals the next hint; the student can try again.
    public func checkTask() -> LabVerdict? {
        guard let step = current, let id = step.id, case .task(let t) = step.kind else { return nil }
        let limit = VirtualTime(microseconds: run.now.microseconds + t.limit)
        if t.goal.holds(in: world) || runUntil(t.goal, limit: limit) {
            return record(LabVerdict(correct: true, points: t.points, message: "Goal reached: \(t.goal.text)", actual: nil),
                          answer: "done", id: id)
        }
        let shown = hintsShown[id, default: 0]
        hintsShown[id] = min(shown + 1, t.hints.count)
        let hint = shown < t.hints.count ? "Hint: \(t.hints[shown])" : "Not yet: the goal is \(t.goal.text)"
        return LabVerdict(correct: false, points: 0, message: hint, actual: nil)
    }

    /// Gives up on the current task (no points) and moves on.
    public func skipTask() {
        guard let step = current, let id = step.id, case .task = step.kind else { return }
        _ = record(LabVerdict(correct: false, points: 0, message: "skipped", actual: nil), answer: "skipped", id: id)
    }

    /// Goes back to the start of step `index`, with the cluster as it was
    /// then; answers from there on are asked again (the first ones stay in
    /// `history` and keep counting). What happened after that moment is
    /// forgotten: the student's actions there and the later steps' marks.
    public func rewind(to index: Int) {
        guard canRewind, index < position, let mark = marks[index] else { return }
        if mark.run < runs.count - 1 {
            // Back before a `use:`: the run of that time comes back; the later ones go (they restart when reached).
            runs.removeSubrange((mark.run + 1)...)
            (run, world) = (runs[mark.run].run, runs[mark.run].world)
        }
        run.goTo(step: mark.step)
        run.forgetRecordedFuture()  // what was done from here on is done again, or differently
        position = index
        marks = marks.filter { $0.key <= index }
        for (i, s) in lab.steps.enumerated() where i >= index {
            if let id = s.id { verdicts[id] = nil; responses[id] = nil; hintsShown[id] = nil; taskActions[id] = nil }
        }
        world.observe()
    }

    /// Whether going back is possible: a run of real processes (wall clock)
    /// cannot be re-executed from an earlier moment, so it never rewinds.
    public var canRewind: Bool { !runs.contains { $0.run is WallClockRun } }
    /// Why going back is refused (nil: it is not).
    public var rewindRefusal: String? {
        canRewind ? nil : "this lab runs real processes in wall-clock time: they cannot be re-run from an earlier moment, "
            + "so going back (and saved moments) are not offered"
    }

    /// Ends every run of real processes (their node processes stopped and
    /// reaped); simulated runs need nothing. Safe to call more than once.
    public func end() {
        for r in runs { (r.run as? WallClockRun)?.end() }
    }

    /// The interactive step before the current one, if any.
    public var previousInteractive: Int? {
        lab.steps.indices.last { $0 < position && lab.steps[$0].isInteractive }
    }

    // MARK: Doing steps

    func perform(_ spec: RunSpec) -> LabEvent {
        if let until = spec.until {
            let limit = VirtualTime(microseconds: run.now.microseconds + spec.limit)
            let reached = until.holds(in: world) || runUntil(until, limit: limit)
            if !reached && !isOverBudget { run.advance(to: limit, stoppingWhen: { [self] in isOverBudget }) }
            world.observe()
            if let v = run.violation { return .problem("checker: \(v)") }
            if let stopped = processesStopped { return .problem(stopped) }
            if isOverBudget { return overBudget() }
            return .ran(description: reached ? "ran until \(until.text) (at \(run.now))"
                        : (spec.otherwise ?? "\(until.text) did not happen within \(DurationText.format(spec.limit))"),
                        reached: reached)
        }
        let duration = spec.duration ?? 0
        let target = VirtualTime(microseconds: run.now.microseconds + duration)
        // The clock ends at the target even across an idle stretch (a recorded step). A run of
        // real processes gives control back every fraction of a second: it is called again until then.
        while run.now < target, run.advance(to: target, stoppingWhen: { [self] in world.observe(); return isOverBudget }) {}
        world.observe()
        if let v = run.violation { return .problem("checker: \(v)") }
        if let stopped = processesStopped { return .problem(stopped) }
        if isOverBudget { return overBudget() }
        return .ran(description: "ran for \(DurationText.format(duration)) (now \(run.now))", reached: true)
    }

    /// Runs until `goal` holds (true) or the clock reaches `limit`. A run of
    /// real processes gives control back every fraction of a second: it is
    /// called again until then (a task's check waits as long as a `run:`).
    func runUntil(_ goal: Predicate, limit: VirtualTime) -> Bool {
        let stop = { [self] in world.observe(); return isOverBudget || goal.holds(in: world) }
        var reached = run.run(until: stop, limit: limit) && !isOverBudget
        while !reached, !isOverBudget, (run as? WallClockRun)?.outcomeText == nil, run is WallClockRun, run.now < limit {
            reached = run.run(until: stop, limit: limit) && !isOverBudget
        }
        return reached
    }

    /// Starts a fresh run of the named scenario; the current run is kept, finished.
    func use(_ name: String) -> LabEvent {
        guard let scenario = lab.scenarios[name] else { return .problem("the lab has no scenario '\(name)'") }
        // A run of real processes cannot be gone back to (`canRewind`): it ends before the next one starts.
        (run as? WallClockRun)?.end()
        do {
            let fresh = try ExternalRuns.makeRun(scenario, seed: seed)
            run = fresh
            world = LabWorld(run: fresh)
            runs.append((name, fresh, world))
            holdStill()
        } catch {
            return .problem("cannot start the scenario '\(name)': \(error)")
        }
        return .started(scenario: name, description: "a fresh run of '\(name)': \(run.protocolName), "
                        + "\(run.layout.serverCount) servers, \(run.layout.clientCount) clients, seed \(run.seed)")
    }

    /// Why a run of real processes ended before the lab did (a node wrote
    /// garbage, exited, never answered init): the lab cannot go on with it.
    var processesStopped: String? {
        (run as? WallClockRun)?.outcomeText.map { "the node processes stopped: \($0)" }
    }

    func overBudget() -> LabEvent {
        .problem("the lab's runs take more than \(stepBudget ?? 0) engine steps; shorten a 'limit' or a 'for'")
    }

    func apply(_ template: ActionTemplate) -> LabEvent? {
        do {
            let text = try resolve(template)
            let action = try CommandSyntax.action(text, run.layout)
            let before = run.trace.count
            run.perform(action, at: nil, byLab: true)
            world.observe()
            return run.trace.count > before ? .performed(text) : nil
        } catch let e as CommandSyntax.Problem {
            return .problem("cannot do '\(template.text)': \(e.message)")
        } catch {
            return .problem("cannot do '\(template.text)': \(error)")
        }
    }

    /// Replaces `{expr}` placeholders with the node names they evaluate to now.
    func resolve(_ template: ActionTemplate) throws -> String {
        var out = ""
        var rest = Substring(template.text)
        var i = 0
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            guard case .node(let n) = template.placeholders[i].value(in: world) else {
                throw CommandSyntax.Problem(message: "{\(template.placeholders[i].text)} names no node right now")
            }
            out += run.layout.name(n)
            rest = rest[rest.index(after: close)...]
            i += 1
        }
        return out + rest
    }
}

extension LabRunner {
    /// What to save in the student's progress.
    public var record: StudentProgress.LabRecord {
        var saved = responses
        for (id, actions) in taskActions where responses[id] == "done" || responses[id] == "skipped" {
            saved[id] = responses[id]! + ":" + actions.joined(separator: ";")
        }
        let own = history.values.reduce(0) { $0 + ($1.scored?.points ?? 0) }
        return StudentProgress.LabRecord(title: lab.title, topic: lab.topic, position: position, steps: lab.steps.count,
                                         responses: saved, score: own, maxScore: lab.maxScore, completed: isFinished,
                                         updated: 0, questions: history, choiceSeed: choiceSeed)
    }

    /// Rebuilds a lab where the student left it, by replaying their answers
    /// and task actions from the start: the run is deterministic, so the
    /// cluster is exactly as they left it.
    public static func resume(_ lab: Lab, from record: StudentProgress.LabRecord) throws -> LabRunner {
        let runner = try LabRunner(lab: lab)
        runner.choiceSeed = record.choiceSeed
        defer { if !record.questions.isEmpty { runner.history = record.questions } }  // the attempts as they were made
        while !runner.isFinished {
            _ = runner.advance()
            guard let step = runner.current, let id = step.id, let saved = record.responses[id] else { break }
            switch step.kind {
            case .task:
                let parts = saved.split(separator: ":", maxSplits: 1).map(String.init)
                let actions = parts.count > 1 ? parts[1].split(separator: ";").map(String.init) : []
                for text in actions {
                    if let a = try? CommandSyntax.action(text, runner.run.layout) { runner.act(a) }
                }
                if parts[0] == "done", runner.checkTask()?.correct == true { continue }
                runner.skipTask()
            default:
                guard let response = LabResponse(saved, for: step) else { return runner }
                _ = runner.answer(response)
            }
        }
        return runner
    }
}

extension LabResponse {
    /// Reads a saved answer back in the form the step takes.
    public init?(_ saved: String, for step: LabStep) {
        let letters = saved.split(separator: ",").map(String.init)
        let asChoices = letters.allSatisfy { $0.count == 1 && $0 >= "a" && $0 <= "z" }
            ? LabResponse.choices(letters.map { Int($0.unicodeScalars.first!.value) - 97 }) : nil
        switch step.kind {
        case .ask(let q):
            switch q.answer {
            case .choice: guard let c = asChoices else { return nil }; self = c
            case .number: guard let v = Double(saved) else { return nil }; self = .number(v)
            case .text: self = .text(saved)
            }
        case .predict(let p):
            if case .choice = p.key { guard let c = asChoices else { return nil }; self = c }
            else { guard let v = Double(saved) else { return nil }; self = .number(v) }
        default: return nil
        }
    }
}
