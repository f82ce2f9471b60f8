import ClusterSim
import LabKit

/// The lab's own keys: answer, check, next, back, re-run, skip, checkpoints,
/// (leaving, which saves progress, is shared: `reduceShared`). Returns false for every other
/// action, which the cluster reducer then handles.
func reduceLabAction(_ state: inout AppState, _ action: AppAction, _ stage: Stage) -> Bool {
    guard let lab = stage.lab, let guide = state.guide else { return false }
    switch action {
    case .guideEnterPressed:
        if guide.awaitingNext { goOn(&state, lab); break }
        guard let step = lab.current else {
            // Finished: enter goes on to the next lab, if there is one.
            if let next = guide.nextLab { state.effects.append(.open(.lab(path: next.path))) }
            else { state.message = StatusMessage(finishedText(lab)) }
            break
        }
        switch step.kind {
        case .ask, .predict:
            state.mode = .prompt(Prompt(purpose: .answer))
        case .task:
            let verdict = lab.checkTask()
            state.guide?.verdict = verdict
            if verdict?.correct == true { state.guide?.awaitingNext = true; saveProgress(&state) }
        default:
            goOn(&state, lab)
        }
    case .guideNextPressed:
        if guide.instructor, !guide.awaitingNext, let step = lab.current, step.isInteractive {
            // An instructor moves on without answering (no score is kept).
            if case .task = step.kind { lab.skipTask() } else { _ = lab.answer(.unanswered) }
            goOn(&state, lab)
        } else if guide.awaitingNext || lab.current?.isInteractive != true || lab.isFinished {
            if lab.isFinished && !guide.awaitingNext { state.message = StatusMessage(finishedText(lab)); break }
            goOn(&state, lab)
        } else {
            state.message = StatusMessage("answer first: enter" + (lab.current.map { if case .task = $0.kind { return " checks the task, S skips it" } else { return "" } } ?? ""))
        }
    case .guideBackPressed where lab.rewindRefusal != nil, .guideRerunPressed where lab.rewindRefusal != nil:
        // A run of real processes cannot go back: said, not faked.
        state.message = StatusMessage(lab.rewindRefusal!, isError: true)
    case .guideBackPressed:
        guard let back = lab.previousInteractive else {
            state.message = StatusMessage("already at the first question")
            break
        }
        rewind(&state, lab, to: back)
    case .guideRerunPressed:
        // The steps since the last question (runs, actions) play again, to
        // the same cluster: the run is deterministic.
        let start = (lab.lab.steps.indices.last { $0 < lab.position && lab.lab.steps[$0].isInteractive }).map { $0 + 1 } ?? 0
        if guide.awaitingNext, let answered = lab.previousInteractive {
            rewind(&state, lab, to: answered)
            state.message = StatusMessage("this question again")
        } else if start < lab.position {
            rewind(&state, lab, to: start)
            state.message = StatusMessage("this step again, from its start")
        } else {
            state.message = StatusMessage("nothing runs before this question: it starts where the last one ended")
        }
    case .taskSkipped:
        guard let step = lab.current, case .task = step.kind, !guide.awaitingNext else {
            state.message = StatusMessage("only a task can be skipped", isError: true)
            break
        }
        lab.skipTask()
        state.guide?.verdict = step.id.flatMap { lab.verdicts[$0] }
        state.guide?.awaitingNext = true
        saveProgress(&state)
    case .guideScrolled(let pages):
        // The guide is anchored at the bottom: scroll counts lines up from there.
        state.guide?.scroll = max(0, guide.scroll + pages * 8)
        return true
    case .checkpointJumped(let forward):
        guard guide.instructor else { return false }
        jumpToCheckpoint(&state, lab, forward: forward)
    default:
        return false
    }
    state.displayedTime = lab.run.now.microseconds
    return true
}

/// The answer typed at the `answer>` prompt: letters for choices (`b`,
/// `a,c`), a number, or text.
func submitAnswer(_ text: String, _ state: inout AppState, _ stage: Stage) {
    guard let lab = stage.lab, let step = lab.current else { return }
    let typed = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).joined(separator: ",")
    var options = Int.max
    if case .ask(let q) = step.kind, case .choice(let choices, _) = q.answer { options = choices.count }
    if case .predict(let p) = step.kind, case .choice(let choices) = p.key { options = choices.count }
    let response: LabResponse?
    if case .ask(let q) = step.kind, case .text = q.answer { response = .text(text) } else { response = LabResponse(typed, for: step) }
    guard let response, text.count > 0 else {
        state.message = StatusMessage(options < Int.max ? "answer with a letter, a to \(choiceLetter(options - 1))" : "answer with a number", isError: true)
        return
    }
    if case .choices(let picked) = response, picked.contains(where: { $0 >= options }) {
        state.message = StatusMessage("answer with a letter, a to \(choiceLetter(options - 1))", isError: true)
        return
    }
    // Letters are as this student sees the choices; the lab grades the author's.
    state.guide?.verdict = lab.answer(lab.choiceOrder(for: step).authorResponse(response) ?? response)
    state.guide?.awaitingNext = true
    state.displayedTime = lab.run.now.microseconds
    saveProgress(&state)
}

private func finishedText(_ lab: LabRunner) -> String {
    "lab finished: score \(lab.score)/\(lab.lab.maxScore) · [ goes back · q quits"
}

/// Runs the lab on to the next question or task.
private func goOn(_ state: inout AppState, _ lab: LabRunner) {
    let before = lab.run
    let events = lab.advance()
    followRun(&state, from: before, lab)
    state.guide?.transcript = LabFlow.inWords(events, lab.lab)
    state.guide?.verdict = nil
    state.guide?.awaitingNext = false
    state.guide?.scroll = 0
    state.guide?.lastCheckpoint = nil
    if lab.isFinished { saveProgress(&state) }
}

/// Goes back to step `index` (the cluster too) and plays up to its question.
private func rewind(_ state: inout AppState, _ lab: LabRunner, to index: Int) {
    let before = lab.run
    lab.rewind(to: index)
    followRun(&state, from: before, lab)
    goOn(&state, lab)
    saveProgress(&state)
}

/// A `use:` step (or going back past one) put another run on the stage:
/// selections, scroll and filters that pointed into the old run go.
private func followRun(_ state: inout AppState, from old: ClusterRun, _ lab: LabRunner) {
    guard old !== lab.run else { return }
    state.isPlaying = false
    state.selectedNode = NodeID(0)
    state.selectedMessage = nil
    state.timelineSelection = nil
    state.searchMatch = nil
    state.logScroll = 0
    state.logFilter = LogFilter()
    state.displayedTime = lab.run.now.microseconds
}

private func saveProgress(_ state: inout AppState) {
    if state.guide?.instructor == false { state.effects.append(.saveProgress) }
}

/// Instructor mode: plays on (questions unanswered, tasks skipped) to the
/// next checkpoint, or goes back to the previous one.
private func jumpToCheckpoint(_ state: inout AppState, _ lab: LabRunner, forward: Bool) {
    let points = lab.lab.checkpoints
    let here = state.guide?.lastCheckpoint ?? lab.position
    if forward {
        guard let target = points.first(where: { $0.index > (state.guide?.lastCheckpoint ?? lab.position - 1) }) else {
            state.message = StatusMessage("no checkpoint ahead")
            return
        }
        var events: [LabEvent] = []
        let before = lab.run
        defer { followRun(&state, from: before, lab) }
        while !lab.isFinished && lab.position <= target.index {
            if let step = lab.current, step.isInteractive {
                if case .task = step.kind { lab.skipTask() } else { _ = lab.answer(.unanswered) }
            }
            events = LabFlow.inWords(lab.advance(), lab.lab)
        }
        state.guide?.transcript = events
        state.guide?.verdict = nil
        state.guide?.awaitingNext = false
        state.guide?.lastCheckpoint = target.index
        state.message = StatusMessage("checkpoint \(target.name)")
    } else if let why = lab.rewindRefusal {
        state.message = StatusMessage(why, isError: true)
    } else {
        guard let target = points.last(where: { $0.index < here }) else {
            state.message = StatusMessage("no checkpoint before this")
            return
        }
        let before = lab.run
        lab.rewind(to: target.index)
        followRun(&state, from: before, lab)
        goOn(&state, lab)
        state.guide?.lastCheckpoint = target.index
        state.message = StatusMessage("checkpoint \(target.name)")
    }
}
