import ClusterSim

/// The partition editor: assign servers to groups, then apply or cancel.
func reducePartitionEditor(_ state: inout AppState, _ action: AppAction, _ run: ClusterRun) {
    guard case .partitionEditor(var draft) = state.mode else { return }
    switch action {
    case .partitionGroupAssigned(let g):
        guard state.selectedNode.index < draft.groups.count else { return }
        draft.groups[state.selectedNode.index] = g
        state.mode = .partitionEditor(draft)
    case .partitionApplied:
        state.mode = .normal
        let parts = draft.partition
        if parts.count >= 2 {
            perform(.partition(parts), &state, run)
        } else if run.network.isPartitioned {
            perform(.heal, &state, run)
        } else {
            state.message = StatusMessage("every server is in one group: nothing to split")
        }
    case .partitionEditorCancelled:
        state.mode = .normal
    default:
        break
    }
}

/// Typing at the bottom line: `:` commands, `/` search, `r` client commands.
func reducePrompt(_ state: inout AppState, _ action: AppAction, _ run: ClusterRun) {
    guard case .prompt(var prompt) = state.mode else { return }
    switch action {
    case .promptTyped(let c):
        prompt.text.append(c)
        state.mode = .prompt(prompt)
    case .promptBackspaced:
        if prompt.text.isEmpty { state.mode = .normal; return }
        prompt.text.removeLast()
        state.mode = .prompt(prompt)
    case .promptCancelled:
        state.mode = .normal
    case .promptSubmitted:
        state.mode = .normal
        let text = prompt.text.trimmingCharacters(in: " ")
        switch prompt.purpose {
        case .search:
            state.logFilter.search = text.isEmpty ? nil : text
            state.logScroll = 0
        case .clientCommand(let n):
            guard !text.isEmpty else { return }
            perform(.command(n, text), &state, run)
        case .command:
            guard !text.isEmpty else { return }
            switch ConsoleCommand.parse(text, layout: run.layout) {
            case .failure(let e): state.message = StatusMessage(e.message, isError: true)
            case .success(let command): execute(command, &state, run)
            }
        }
    default:
        break
    }
}

private func execute(_ command: ConsoleCommand, _ state: inout AppState, _ run: ClusterRun) {
    switch command {
    case .cluster(let action): perform(action, &state, run)
    case .speed(let s):
        state.speed = s
        state.message = StatusMessage("speed \(Speed.label(s))")
    case .save:
        state.message = StatusMessage("not yet: saving sessions arrives with the session file format", isError: true)
    case .goTo(let step):
        state.isPlaying = false
        run.goTo(step: step)
        state.displayedTime = run.now.microseconds
        state.message = StatusMessage("at step \(run.stepCount)")
    case .filterNode(let n):
        state.logFilter.node = n; state.logScroll = 0
    case .filterKinds(let kinds):
        state.logFilter.kinds = kinds; state.logScroll = 0
    case .filterCleared:
        state.logFilter = LogFilter(); state.logScroll = 0
    case .help:
        state.mode = .help
    case .quit:
        state.shouldQuit = true
    }
}

extension String {
    func trimmingCharacters(in c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}
