import ClusterSim

/// The mouse, as lazygit and htop use it: a click focuses the panel under it
/// and, in the cluster view, selects the node or the message in flight there
/// (the footer then shows the message); the wheel scrolls the panel under it.
func reduceMouse(_ state: inout AppState, _ event: MouseEvent, _ stage: Stage?) {
    if state.isTerminalTooSmall { return }
    let size = state.terminalSize ?? ScreenLayout.minimum
    if state.mode == .help {
        if case .wheel(let up, _) = event { _ = reduceShared(&state, .helpScrolled(lines: up ? -3 : 3), stage) }
        return
    }
    guard state.mode == .normal else { return }
    if state.screen == .home {
        if case .wheel(let up, _) = event { reduce(&state, .selectionMoved(up ? .up : .down), stage) }
        return
    }
    guard state.screen == .cluster, let stage else { return }
    let layout = ScreenLayout(size, state)
    let at: Point
    switch event { case .click(let p): at = p; case .wheel(_, let p): at = p }
    guard let (panel, rect) = layout.panels.first(where: { $0.value.contains(at) }) else { return }
    switch event {
    case .click:
        state.focus = panel
        guard panel == .cluster else { return }
        let hit = ClusterPanel.hit(at, rect.inset(by: 1), state, stage.run)
        if let id = hit.message {
            state.selectedMessage = id
            state.message = StatusMessage("message #\(id) selected (below the cluster): d drops it")
        } else if let n = hit.node {
            state.selectedNode = n
        }
    case .wheel(let up, _):
        switch panel {
        case .log: state.logScroll = max(0, state.logScroll + (up ? 3 : -3))
        case .timeline: moveTimelineSelection(&state, up ? .up : .down, stage.run, by: 3)
        case .guide:
            let scroll = state.guide?.scroll ?? 0
            state.guide?.scroll = max(0, scroll + (up ? 3 : -3))
        default: break
        }
    }
}
