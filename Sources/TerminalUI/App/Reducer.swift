import ClusterSim

/// The cluster screen's reducer, on a run with no lab.
public func reduce(_ state: inout AppState, _ action: AppAction, _ run: ClusterRun) {
    reduce(&state, action, Stage(run: run))
}

/// The interface's one reducer: applies what happened to the state, and
/// changes the cluster only through `run.perform(_, at: displayedTime)` (in
/// a lab, through the lab runner), so every change is recorded in the run.
/// With no stage only the home screen works. Files and new runs are asked
/// for as `state.effects`.
public func reduce(_ state: inout AppState, _ action: AppAction, _ stage: Stage?) {
    if case .keyPressed(let key) = action {
        if case .normal = state.mode { state.message = nil }
        guard let mapped = KeyMap.action(for: key, in: state) else {
            if case .normal = state.mode { state.message = StatusMessage("\(key.label) does nothing here: press ? for help") }
            return
        }
        return reduce(&state, mapped, stage)
    }
    if reduceShared(&state, action, stage) { return }
    if state.screen == .placement { return reducePlacement(&state, action) }
    if state.screen == .home || stage == nil {
        return reduceHome(&state, action)
    }
    if reduceLabAction(&state, action, stage!) { return }
    reduceCluster(&state, action, stage!)
}

private func reduceCluster(_ state: inout AppState, _ action: AppAction, _ stage: Stage) {
    let run = stage.run
    if stage.lab != nil, action.movesTime {
        state.message = StatusMessage("in a lab the steps move time: ] next, [ back, R runs this step again")
        return
    }
    switch action {
    case .keyPressed:
        break  // mapped above

    case .terminalResized:
        break  // render reads the size; nothing in the state depends on it

    case .wallClockAdvanced(let seconds):
        guard state.isPlaying else { return }
        // A stalled loop (a suspended terminal) must not jump far ahead.
        let owed = min(max(seconds, 0), 0.25) * state.speed * 1_000_000 + state.fractionalMicroseconds
        let whole = owed.rounded(.down)
        state.fractionalMicroseconds = owed - whole
        let target = state.displayedTime + Int64(whole)
        if state.pausesAtScripted, !playPausingAtScripted(&state, run, to: target) { return }
        if run.run(until: VirtualTime(microseconds: target)) {
            state.displayedTime = max(target, run.now.microseconds)
        } else {
            stop(&state, run)
        }

    case .spaceKeyPressed:
        state.isPlaying.toggle()
        state.fractionalMicroseconds = 0
        if state.isPlaying, let live = run as? WallClockRun, live.viewedStep != nil {
            run.goTo(step: .max)  // back to the present: the run goes on from there
            state.displayedTime = run.now.microseconds
            state.message = StatusMessage("back to the present: the processes go on from where they are")
        }

    case .stepForwardPressed:
        state.isPlaying = false
        if run.step() {
            state.displayedTime = max(state.displayedTime, run.now.microseconds)
        } else if run.violation != nil {
            stop(&state, run)
        } else {
            state.message = StatusMessage("nothing left to happen: the run is quiet")
        }

    case .stepBackPressed:
        state.isPlaying = false
        guard run.stepCount > 0 else { state.message = StatusMessage("already at the start of the run"); return }
        run.stepBack(1)
        state.displayedTime = run.now.microseconds
        state.fractionalMicroseconds = 0
        if run is WallClockRun {
            state.message = StatusMessage("viewing the record: real processes keep running state · n forward, space: live")
        }

    case .runUntilPressed:
        runUntilMilestone(&state, run)
    case .pauseAtScriptedToggled:
        state.pausesAtScripted.toggle()
        state.message = StatusMessage(state.pausesAtScripted ? "play pauses at every scripted action (U: off)"
                                                             : "play no longer pauses at scripted actions")

    case .presentToggled:
        state.presenting.toggle()
        if !ScreenLayout.panelsShown(state).contains(state.focus) { state.focus = state.mainPanel }

    case .speedUpPressed where run is WallClockRun, .slowDownPressed where run is WallClockRun:
        state.message = StatusMessage(Speed.realTimeRefusal, isError: true)
    case .speedUpPressed:
        state.speed = Speed.faster(than: state.speed)
    case .slowDownPressed:
        state.speed = Speed.slower(than: state.speed)

    case .panelFocusCycled:
        let shown = ScreenLayout.panelsShown(state)
        state.focus = shown[((shown.firstIndex(of: state.focus) ?? -1) + 1) % shown.count]
    case .panelZoomToggled:
        state.isZoomed.toggle()

    case .selectionMoved(let direction):
        moveSelection(&state, direction, run)
    case .logScrolled(let pages):
        if state.focus == .timeline {
            moveTimelineSelection(&state, pages > 0 ? .up : .down, run, by: 20 * abs(pages))
        } else {
            state.logScroll = max(0, state.logScroll + pages * 10)
        }

    case .messageSelectionCycled:
        let ids = run.inFlight.map(\.id)
        guard !ids.isEmpty else {
            state.selectedMessage = nil
            state.message = StatusMessage("no messages in flight")
            return
        }
        let next = state.selectedMessage.flatMap { ids.firstIndex(of: $0) }.map { ($0 + 1) % ids.count } ?? 0
        state.selectedMessage = ids[next]

    case .nodeCrashToggled:
        let n = state.selectedNode
        perform(run.status(of: n) == .crashed ? .restart(n) : .crash(n), &state, stage)
    case .nodePauseToggled:
        let n = state.selectedNode
        switch run.status(of: n) {
        case .up: perform(.pause(n), &state, stage)
        case .paused: perform(.resume(n), &state, stage)
        case .crashed: state.message = StatusMessage("\(run.layout.name(n)) is crashed: press c to restart it", isError: true)
        }
    case .selectedMessageDropPressed:
        guard let id = state.selectedMessage, run.inFlight.contains(where: { $0.id == id }) else {
            state.selectedMessage = nil
            state.message = StatusMessage("no message selected: press m to pick one in flight", isError: true)
            return
        }
        perform(.drop(message: id), &state, stage)
        state.selectedMessage = nil
    case .healAllPressed:
        guard run.network.isPartitioned || !run.network.cuts.isEmpty else {
            state.message = StatusMessage("nothing to heal: the network is whole")
            return
        }
        perform(.heal, &state, stage)

    case .logFilterByNodeToggled:
        state.logFilter.node = state.logFilter.node == state.selectedNode ? nil : state.selectedNode
        state.logScroll = 0

    case .partitionEditorOpened:
        if run.layout.isClient(state.selectedNode) { state.selectedNode = NodeID(0) }
        state.mode = .partitionEditor(PartitionDraft(servers: run.layout.serverCount, from: run.network.partitionGroups))
    case .clientCommandPromptOpened:
        guard !run.commandUsages.isEmpty else {
            state.message = StatusMessage("\(run.protocolName) nodes take no commands (they run on their own)", isError: true)
            return
        }
        if let refusal = commandRefusal(at: state.selectedNode, verb: nil, run) {
            state.message = StatusMessage(refusal, isError: true)
            return
        }
        state.mode = .prompt(Prompt(purpose: .clientCommand(state.selectedNode)))
    case .searchPromptOpened:
        state.mode = .prompt(Prompt(purpose: .search, text: state.logFilter.search ?? ""))
    case .commandPromptOpened:
        state.mode = .prompt(Prompt(purpose: .command))
    case .mouse, .helpToggled, .helpScrolled, .quitPressed, .backPressed, .quitConfirmed, .confirmationAnswered, .searchMatchJumped:
        break  // shared by every screen, handled before

    case .timelineToggled:
        state.showsTimeline.toggle()
        if state.showsTimeline {
            state.focus = .timeline
            if state.timelineSelection == nil, run.trace.count > 0 { state.timelineSelection = run.trace.count - 1 }
        } else if state.focus == .timeline {
            state.focus = .cluster
        }
    case .clocksToggled:
        state.showsClocks.toggle()
        if state.focus == .inspector || state.focus == .clocks { state.focus = state.showsClocks ? .clocks : .inspector }
    case .linkEditorOpened:
        openLinkEditor(&state, run)
    case .membershipToggled:
        toggleMembership(&state)
    case .transactionsToggled:
        toggleMainView(&state, .transactions)

    case .partitionGroupAssigned, .partitionApplied, .partitionEditorCancelled:
        reducePartitionEditor(&state, action, stage)
    case .linkApplied, .linkEditorCancelled:
        reduceLinkEditor(&state, action, stage)
    case .promptTyped, .promptBackspaced, .promptSubmitted, .promptCancelled, .promptCompleted:
        reducePrompt(&state, action, stage)
    case .homeItemOpened, .notesClosed, .homeSectionJumped, .listEndJumped, .searchNextPressed, .placement, .guideEnterPressed, .guideNextPressed, .guideBackPressed,
         .guideRerunPressed, .taskSkipped, .checkpointJumped, .guideScrolled:
        break  // home and lab actions, handled before
    }
}

extension AppAction {
    /// Actions that move the run through time, which a lab does itself.
    var movesTime: Bool {
        switch self {
        case .spaceKeyPressed, .stepForwardPressed, .stepBackPressed, .wallClockAdvanced, .runUntilPressed: return true
        default: return false
        }
    }
}

/// Applies a cluster action at the time on screen and says what was done.
/// In a lab, actions are the student's work on a task, so they go through
/// the lab runner (which records them) and only during a task.
func perform(_ action: ClusterAction, _ state: inout AppState, _ stage: Stage) {
    let run = stage.run
    if let lab = stage.lab {
        guard case .task? = lab.current?.kind else {
            state.message = StatusMessage("the cluster is yours to change during a task; this step is not one", isError: true)
            return
        }
        lab.act(action)
        state.displayedTime = run.now.microseconds
    } else {
        run.perform(action, at: VirtualTime(microseconds: state.displayedTime))
        state.displayedTime = max(state.displayedTime, run.now.microseconds)
    }
    state.message = StatusMessage(action.describe(run.layout))
}

/// Pauses on a broken invariant and points at it.
private func stop(_ state: inout AppState, _ run: ClusterRun) {
    state.isPlaying = false
    state.displayedTime = max(state.displayedTime, run.now.microseconds)
    if let v = run.violation { state.message = StatusMessage("stopped: \(v.description)", isError: true) }
    else if let live = run as? WallClockRun, let outcome = live.outcomeText { state.message = StatusMessage(outcome) }
}

private func moveSelection(_ state: inout AppState, _ direction: Direction, _ run: ClusterRun) {
    if case .linkEditor = state.mode { return moveInLinkEditor(&state, direction, run) }
    if case .normal = state.mode, state.focus == .timeline { return moveTimelineSelection(&state, direction, run) }
    if case .normal = state.mode, state.focus == .guide {
        // The guide is anchored at the bottom: scroll counts lines up from there.
        let scroll = state.guide?.scroll ?? 0
        if direction == .up { state.guide?.scroll = scroll + 1 }
        if direction == .down { state.guide?.scroll = max(0, scroll - 1) }
        return
    }
    if case .normal = state.mode, state.focus == .log {
        switch direction {
        case .up: state.logScroll += 1
        case .down: state.logScroll = max(0, state.logScroll - 1)
        case .left, .right: break
        }
        return
    }
    // The partition editor places servers only.
    let count: Int
    if case .partitionEditor = state.mode { count = run.layout.serverCount } else { count = run.layout.count }
    guard count > 0 else { return }
    let step = direction == .left || direction == .up ? count - 1 : 1
    state.selectedNode = NodeID((state.selectedNode.index + step) % count)
}
