import ClusterSim

/// What every screen shares: the terminal's size, the `?` help, and
/// leaving — `q` and esc go back to Home from anything opened there and quit
/// elsewhere, asking first when a lab is part-way. Returns false for every
/// other action.
func reduceShared(_ state: inout AppState, _ action: AppAction, _ stage: Stage?) -> Bool {
    switch action {
    case .terminalResized(let size):
        state.terminalSize = size
        return false  // screens may still react to a resize
    case .mouse(let event):
        reduceMouse(&state, event, stage)
    case .helpToggled:
        state.mode = state.mode == .help ? .normal : .help
        state.helpScroll = 0
    case .helpScrolled(let lines):
        let total = HelpOverlay.lines(state, width: HelpOverlay.textWidth(state.terminalSize)).count
        let room = HelpOverlay.visibleRows(state.terminalSize)
        state.helpScroll = min(max(0, state.helpScroll + lines), max(0, total - room))
    case .quitConfirmed:
        depart(&state, stage, toHome: false)
    case .confirmationAnswered(let yes):
        guard case .confirm(let question) = state.mode else { return true }
        state.mode = .normal
        switch question {
        case .leaveLab(let toHome): if yes { depart(&state, stage, toHome: toHome) }
        }
    case .quitPressed where state.screen == .cluster && stage != nil:
        leave(&state, stage!, escape: false)
    case .backPressed where state.screen == .cluster && stage != nil:
        leave(&state, stage!, escape: true)
    case .searchMatchJumped(let older) where stage != nil:
        jumpToMatch(&state, stage!.run, older: older)
    default:
        return false
    }
    return true
}

/// `q` or esc on the cluster screen. Esc first clears a search or filter.
private func leave(_ state: inout AppState, _ stage: Stage, escape: Bool) {
    if escape, state.logFilter.isActive {
        state.logFilter = LogFilter()
        state.searchMatch = nil
        state.logScroll = 0
        state.message = StatusMessage("event log: search and filter cleared")
        return
    }
    if escape, !state.returnsHome {
        state.message = StatusMessage("esc: nothing to go back to here (q quits)")
        return
    }
    if let lab = stage.lab, !lab.isFinished, !lab.verdicts.isEmpty {
        state.mode = .confirm(.leaveLab(toHome: state.returnsHome))
        return
    }
    depart(&state, stage, toHome: state.returnsHome)
}

/// Leaves now: saves a lab's progress, then goes Home or quits.
private func depart(_ state: inout AppState, _ stage: Stage?, toHome: Bool) {
    if stage?.lab != nil, state.guide?.instructor == false { state.effects.append(.saveProgress) }
    if toHome { state.effects.append(.goHome) } else { state.shouldQuit = true }
}

/// `n`/`N`: scrolls the event log to the next matching event, older or newer
/// than the last one jumped to (the newest first).
func jumpToMatch(_ state: inout AppState, _ run: ClusterRun, older: Bool) {
    guard let needle = state.logFilter.search?.lowercased(), !needle.isEmpty else { return }
    let trace = run.trace
    let from = min(state.searchMatch ?? trace.count, trace.count)
    let indices: StrideTo<Int> = older ? stride(from: from - 1, to: -1, by: -1) : stride(from: from + 1, to: trace.count, by: 1)
    for i in indices where state.logFilter.admits(trace.events[i]) {
        guard EventLogPanel.Line(i, trace.events[i], run).text.lowercased().contains(needle) else { continue }
        state.searchMatch = i
        var below = 0
        for j in (i + 1)..<max(i + 1, trace.count) where state.logFilter.admits(trace.events[j]) { below += 1 }
        state.logScroll = below
        state.message = StatusMessage("/\(state.logFilter.search!): event \(i) · n older · N newer · esc clears")
        return
    }
    state.message = StatusMessage("no \(older ? "older" : "newer") match for /\(state.logFilter.search!)"
                                  + (older ? " (N goes newer)" : " (n goes older)"))
}
