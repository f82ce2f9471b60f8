/// The placement screen as a tool on the home screen.
extension Workbench {
    var placementHomeItem: HomeItem {
        HomeItem(target: .placement, section: "Tools", title: "placement",
                 detail: "partitioning schemes: load per node, keys moved on a join, hot keys")
    }

    /// Opens the placement screen with its defaults; escape comes back home.
    func openPlacement(_ state: inout AppState) {
        var p = state.placement ?? PlacementState()
        p.openedFromHome = true
        state.placement = p
        state.screen = .placement
        state.mode = .normal
    }
}
