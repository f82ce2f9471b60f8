/// The membership matrix or the transactions take the main area; the timeline, when also on,
/// stands in front of it (so `t` twice comes back to the matrix).
extension AppState {
    /// The panel in the main area: timeline, transactions, membership matrix or cluster view.
    public var mainPanel: PanelID {
        showsTimeline ? .timeline : showsTransactions ? .transactions : showsMembership ? .membership : .cluster
    }
}

/// `M`: show the membership matrix (each node's view of every peer), or go
/// back to the cluster view.
func toggleMembership(_ state: inout AppState) {
    toggleMainView(&state, .membership)
}

/// Shows a view that takes the main area (membership, transactions) in place
/// of the others, or, when it is the one shown, goes back to the cluster view.
func toggleMainView(_ state: inout AppState, _ view: PanelID) {
    let wasMain = state.focus == state.mainPanel
    let shown = view == .membership ? state.showsMembership : state.showsTransactions
    let on = !(shown && !state.showsTimeline)
    state.showsTimeline = on ? false : state.showsTimeline
    state.showsMembership = on && view == .membership
    state.showsTransactions = on && view == .transactions
    if wasMain || state.focus == view { state.focus = state.mainPanel }
}
