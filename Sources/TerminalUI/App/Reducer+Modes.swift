import ClusterSim

/// The partition editor: assign servers to groups, then apply or cancel.
func reducePartitionEditor(_ state: inout AppState, _ action: AppAction, _ stage: Stage) {
    guard case .partitionEditor(var draft) = state.mode else { return }
    let run = stage.run
    switch action {
    case .partitionGroupAssigned(let g):
        guard state.selectedNode.index < draft.groups.count else { return }
        draft.groups[state.selectedNode.index] = g
        state.mode = .partitionEditor(draft)
    case .partitionApplied:
        state.mode = .normal
        let parts = draft.partition
        if parts.count >= 2 {
            perform(.partition(parts), &state, stage)
        } else if run.network.isPartitioned {
            perform(.heal, &state, stage)
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
func reducePrompt(_ state: inout AppState, _ action: AppAction, _ stage: Stage) {
    guard case .prompt(var prompt) = state.mode else { return }
    let run = stage.run
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
    case .promptCompleted:
        prompt.text = PromptCompletion.complete(prompt, run)
        state.mode = .prompt(prompt)
    case .promptSubmitted:
        state.mode = .normal
        let text = prompt.text.trimmingCharacters(in: " ")
        switch prompt.purpose {
        case .search:
            // An empty search clears it; a new one jumps to the newest match.
            state.logFilter.search = text.isEmpty ? nil : text
            state.searchMatch = nil
            state.logScroll = 0
            if !text.isEmpty { jumpToMatch(&state, run, older: true) }
        case .clientCommand(let n):
            guard !text.isEmpty else { return }
            sendCommand(n, text, &state, stage)
        case .answer:
            submitAnswer(text, &state, stage)
        case .command:
            guard !text.isEmpty else { return }
            switch ConsoleCommand.parse(text, layout: run.layout) {
            case .failure(let e): state.message = StatusMessage(e.message, isError: true)
            case .success(let command): execute(command, &state, stage)
            }
        }
    default:
        break
    }
}

/// A client command for node `n`, checked against the protocol's commands
/// first: a bad one is refused in the status line, not sent.
func sendCommand(_ n: NodeID, _ text: String, _ state: inout AppState, _ stage: Stage) {
    let run = stage.run
    if let elsewhere = commandRefusal(at: n, verb: text.split(separator: " ").first.map(String.init), run) {
        state.message = StatusMessage("not sent: " + elsewhere, isError: true)
        return
    }
    if let problem = CommandUsage.problem(text, among: run.commandUsages(at: n)) {
        state.message = StatusMessage("not sent to \(run.layout.name(n)): \(problem)", isError: true)
        return
    }
    perform(.command(n, text), &state, stage)
}

/// Why node `n` is the wrong node for a command (for `verb`, or for any
/// when nil), saying which node takes it instead (short: it fits 80 columns); nil if `n` takes it — or if no
/// node does, which `CommandUsage.problem` then explains.
func commandRefusal(at n: NodeID, verb: String?, _ run: ClusterRun) -> String? {
    let takes: (NodeID) -> Bool = { node in
        let usages = run.commandUsages(at: node)
        return verb.map { v in usages.contains { $0.verb == v.lowercased() } } ?? !usages.isEmpty
    }
    guard !takes(n) else { return nil }
    let takers = run.layout.all.filter(takes)
    guard let first = takers.first, let last = takers.last else { return nil }
    let pick = takers == run.layout.servers && takers.count > 1
        ? "a server (\(run.layout.name(first))–\(run.layout.name(last)))"
        : takers.map(run.layout.name).joined(separator: " or ")
    let node = run.layout.name(n)
    guard let verb else { return "\(node) takes no commands: select \(pick) with ←→, then press r" }
    return "\(node) does not take '\(verb)': send it to \(pick)"
}

private func execute(_ command: ConsoleCommand, _ state: inout AppState, _ stage: Stage) {
    let run = stage.run
    switch command {
    case .cluster(.command(let n, let text)): sendCommand(n, text, &state, stage)
    case .cluster(let action): perform(action, &state, stage)
    case .speed where run is WallClockRun:
        state.message = StatusMessage(Speed.realTimeRefusal, isError: true)
    case .speed(let s):
        state.speed = s
        state.message = StatusMessage("speed \(Speed.label(s))")
    case .save(let path):
        guard state.scenario != nil else {
            state.message = StatusMessage("this run has no scenario to save (open it from a sandbox, demo or lab)", isError: true)
            return
        }
        state.effects.append(.saveSession(path: path))
    case .seed(let seed):
        guard stage.lab == nil else {
            state.message = StatusMessage("a lab fixes its seed: :seed works in sandboxes and demos", isError: true)
            return
        }
        guard state.scenario != nil else {
            state.message = StatusMessage("this run has no scenario to restart", isError: true)
            return
        }
        state.effects.append(.restart(seed: seed))
    case .goTo(let step):
        guard stage.lab == nil else {
            state.message = StatusMessage("in a lab the steps move time: ] next, [ back", isError: true)
            return
        }
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

/// Opens the link editor on the selected node's link to the next node.
func openLinkEditor(_ state: inout AppState, _ run: ClusterRun) {
    let count = run.layout.count
    guard count > 1 else { state.message = StatusMessage("one node has no links", isError: true); return }
    let from = state.selectedNode
    let to = NodeID((from.index + 1) % count)
    state.mode = .linkEditor(LinkDraft(from: from, to: to, current: run.network.settings(from: from, to: to)))
}

/// Arrows in the link editor: up and down pick a field, left and right change it.
func moveInLinkEditor(_ state: inout AppState, _ direction: Direction, _ run: ClusterRun) {
    guard case .linkEditor(var draft) = state.mode else { return }
    let fields = LinkDraft.Field.allCases
    switch direction {
    case .up, .down:
        let i = draft.field.rawValue + (direction == .down ? 1 : fields.count - 1)
        draft.field = fields[i % fields.count]
    case .left, .right:
        let delta = direction == .right ? 1 : -1
        if draft.field == .peer {
            let count = run.layout.count
            var to = draft.to.index
            repeat { to = (to + delta + count) % count } while to == draft.from.index
            let field = draft.field
            draft = LinkDraft(from: draft.from, to: NodeID(to), current: run.network.settings(from: draft.from, to: NodeID(to)))
            draft.field = field
        } else {
            draft.adjust(by: delta)
        }
    }
    state.mode = .linkEditor(draft)
}

/// The link editor: apply the draft with `.setLink` (recorded), or cancel.
func reduceLinkEditor(_ state: inout AppState, _ action: AppAction, _ stage: Stage) {
    guard case .linkEditor(let draft) = state.mode else { return }
    state.mode = .normal
    guard action == .linkApplied else { return }
    let settings = draft.settings
    perform(.setLink(from: draft.from, to: draft.to, settings == stage.run.network.defaults ? nil : settings), &state, stage)
}
