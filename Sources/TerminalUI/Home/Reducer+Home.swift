/// The home screen: pick a lab, sandbox or notes page; read notes.
func reduceHome(_ state: inout AppState, _ action: AppAction) {
    switch action {
    case .quitPressed:
        state.shouldQuit = true
    case .selectionMoved(let d):
        let delta = d == .up || d == .left ? -1 : 1
        if state.home.reader != nil {
            state.home.reader!.scroll = max(0, state.home.reader!.scroll + delta)
        } else if !state.home.items.isEmpty {
            state.home.selected = min(max(0, state.home.selected + delta), state.home.items.count - 1)
        }
    case .logScrolled(let pages):
        if state.home.reader != nil {
            state.home.reader!.scroll = max(0, state.home.reader!.scroll - pages * 10)
        } else if !state.home.items.isEmpty {
            state.home.selected = min(max(0, state.home.selected - pages * 10), state.home.items.count - 1)
        }
    case .listEndJumped(let last):
        guard state.home.reader == nil, !state.home.items.isEmpty else { return }
        state.home.selected = last ? state.home.items.count - 1 : 0
    case .searchPromptOpened:
        guard state.home.reader == nil else { return }
        state.home.searchOrigin = state.home.selected
        state.mode = .prompt(Prompt(purpose: .search))
    case .searchNextPressed:
        guard let text = state.home.search else {
            state.message = StatusMessage("/ searches first; then n finds the next match")
            return
        }
        if let i = state.home.match(text, from: state.home.selected + 1) { state.home.selected = i }
        else { state.message = StatusMessage("no item matches '\(text)'", isError: true) }
    case .promptTyped, .promptBackspaced:
        guard case .prompt(var prompt) = state.mode else { return }
        if case .promptTyped(let c) = action { prompt.text.append(c) } else if !prompt.text.isEmpty { prompt.text.removeLast() }
        state.mode = .prompt(prompt)
        // The selection follows the text as it is typed.
        if let i = state.home.match(prompt.text, from: state.home.searchOrigin ?? 0) { state.home.selected = i }
        state.message = prompt.text.isEmpty || state.home.match(prompt.text, from: 0) != nil ? nil
            : StatusMessage("no item matches '\(prompt.text)'", isError: true)
    case .promptSubmitted:
        guard case .prompt(let prompt) = state.mode else { return }
        state.mode = .normal
        state.home.search = prompt.text.isEmpty ? nil : prompt.text
        if state.home.search != nil { state.message = StatusMessage("n: the next match · enter opens it") }
    case .promptCancelled:
        state.mode = .normal
        if let origin = state.home.searchOrigin { state.home.selected = origin }
    case .homeItemOpened:
        guard state.home.items.indices.contains(state.home.selected) else {
            state.message = StatusMessage("nothing to open", isError: true)
            return
        }
        state.effects.append(.open(state.home.items[state.home.selected].target))
    case .notesClosed:
        state.home.reader = nil
    case .homeSectionJumped(let forward):
        guard state.home.reader == nil, !state.home.items.isEmpty else { return }
        state.home.selected = HomeState.sectionStart(from: state.home.selected, in: state.home.items, forward: forward)
    default:
        break
    }
}
