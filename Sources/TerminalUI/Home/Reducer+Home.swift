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
        if state.home.reader != nil { state.home.reader!.scroll = max(0, state.home.reader!.scroll - pages * 10) }
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
