/// The membership matrix takes the main area; the timeline, when also on,
/// stands in front of it (so `t` twice comes back to the matrix).
extension AppState {
    /// The panel in the main area: timeline, membership matrix or cluster view.
    public var mainPanel: PanelID {
        showsTimeline ? .timeline : showsMembership ? .membership : .cluster
    }
}

/// `M`: show the membership matrix (each node's view of every peer), or go
/// back to the cluster view.
func toggleMembership(_ state: inout AppState) {
    let wasMain = state.focus == state.mainPanel
    if state.showsMembership, !state.showsTimeline {
        state.showsMembership = false
    } else {
        state.showsMembership = true
        state.showsTimeline = false
    }
    if wasMain || state.focus == .membership { state.focus = state.mainPanel }
}
