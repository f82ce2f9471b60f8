import ClusterSim

/// The interface's one reducer: applies what happened to the state, and
/// changes the cluster only through `run.perform(_, at: displayedTime)`, so
/// every change is recorded in the run.
public func reduce(_ state: inout AppState, _ action: AppAction, _ run: ClusterRun) {
    switch action {
    case .keyPressed(let key):
        if case .normal = state.mode { state.message = nil }
        guard let mapped = KeyMap.action(for: key, in: state.mode) else {
            if case .normal = state.mode { state.message = StatusMessage("\(key.label) does nothing here: press ? for help") }
            return
        }
        reduce(&state, mapped, run)

    case .terminalResized:
        break  // render reads the size; nothing in the state depends on it

    case .wallClockAdvanced(let seconds):
        guard state.isPlaying else { return }
        // A stalled loop (a suspended terminal) must not jump far ahead.
        let owed = min(max(seconds, 0), 0.25) * state.speed * 1_000_000 + state.fractionalMicroseconds
        let whole = owed.rounded(.down)
        state.fractionalMicroseconds = owed - whole
        let target = state.displayedTime + Int64(whole)
        if run.run(until: VirtualTime(microseconds: target)) {
            state.displayedTime = max(target, run.now.microseconds)
        } else {
            stop(&state, run)
        }

    case .spaceKeyPressed:
        state.isPlaying.toggle()
        state.fractionalMicroseconds = 0

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

    case .speedUpPressed:
        state.speed = Speed.faster(than: state.speed)
    case .slowDownPressed:
        state.speed = Speed.slower(than: state.speed)

    case .panelFocusCycled:
        let all = PanelID.allCases
        state.focus = all[(all.firstIndex(of: state.focus)! + 1) % all.count]
    case .panelZoomToggled:
        state.isZoomed.toggle()

    case .selectionMoved(let direction):
        moveSelection(&state, direction, run)
    case .logScrolled(let pages):
        state.logScroll = max(0, state.logScroll + pages * 10)

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
        perform(run.status(of: n) == .crashed ? .restart(n) : .crash(n), &state, run)
    case .nodePauseToggled:
        let n = state.selectedNode
        switch run.status(of: n) {
        case .up: perform(.pause(n), &state, run)
        case .paused: perform(.resume(n), &state, run)
        case .crashed: state.message = StatusMessage("\(run.layout.name(n)) is crashed: press c to restart it", isError: true)
        }
    case .selectedMessageDropPressed:
        guard let id = state.selectedMessage, run.inFlight.contains(where: { $0.id == id }) else {
            state.selectedMessage = nil
            state.message = StatusMessage("no message selected: press m to pick one in flight", isError: true)
            return
        }
        perform(.drop(message: id), &state, run)
        state.selectedMessage = nil
    case .healAllPressed:
        guard run.network.isPartitioned || !run.network.cuts.isEmpty else {
            state.message = StatusMessage("nothing to heal: the network is whole")
            return
        }
        perform(.heal, &state, run)

    case .logFilterByNodeToggled:
        state.logFilter.node = state.logFilter.node == state.selectedNode ? nil : state.selectedNode
        state.logScroll = 0

    case .partitionEditorOpened:
        if run.layout.isClient(state.selectedNode) { state.selectedNode = NodeID(0) }
        state.mode = .partitionEditor(PartitionDraft(servers: run.layout.serverCount, from: run.network.partitionGroups))
    case .clientCommandPromptOpened:
        state.mode = .prompt(Prompt(purpose: .clientCommand(state.selectedNode)))
    case .searchPromptOpened:
        state.mode = .prompt(Prompt(purpose: .search, text: state.logFilter.search ?? ""))
    case .commandPromptOpened:
        state.mode = .prompt(Prompt(purpose: .command))
    case .helpToggled:
        state.mode = state.mode == .help ? .normal : .help
    case .quitPressed:
        state.shouldQuit = true

    case .partitionGroupAssigned, .partitionApplied, .partitionEditorCancelled:
        reducePartitionEditor(&state, action, run)
    case .promptTyped, .promptBackspaced, .promptSubmitted, .promptCancelled:
        reducePrompt(&state, action, run)
    }
}

/// Applies a cluster action at the time on screen and says what was done.
func perform(_ action: ClusterAction, _ state: inout AppState, _ run: ClusterRun) {
    run.perform(action, at: VirtualTime(microseconds: state.displayedTime))
    state.displayedTime = max(state.displayedTime, run.now.microseconds)
    state.message = StatusMessage(action.describe(run.layout))
}

/// Pauses on a broken invariant and points at it.
private func stop(_ state: inout AppState, _ run: ClusterRun) {
    state.isPlaying = false
    state.displayedTime = max(state.displayedTime, run.now.microseconds)
    if let v = run.violation { state.message = StatusMessage("stopped: \(v.description)", isError: true) }
}

private func moveSelection(_ state: inout AppState, _ direction: Direction, _ run: ClusterRun) {
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
