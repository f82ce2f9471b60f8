import ClusterProtocols

/// The placement screen's part of the reducer: switch scheme, join or
/// remove a node (saying what moved against the ideal), toggle virtual
/// nodes and the Zipf workload.
func reducePlacement(_ state: inout AppState, _ action: AppAction) {
    switch action {
    case .quitPressed:
        // Like esc: back to Home when opened there.
        if state.placement?.openedFromHome == true { state.screen = .home } else { state.shouldQuit = true }
    case .placement(let a):
        guard var p = state.placement else { return }
        reducePlacement(&p, a, &state)
        state.placement = p
    default:
        break
    }
}

private func reducePlacement(_ p: inout PlacementState, _ action: PlacementAction, _ state: inout AppState) {
    switch action {
    case .schemeCycled(let forward):
        let all = PlacementScheme.allCases
        let i = all.firstIndex(of: p.scheme) ?? 0
        p.scheme = all[(i + (forward ? 1 : all.count - 1)) % all.count]
        p.changes = []
        p.lastChange = nil
        p.refresh()
        state.message = StatusMessage("\(p.scheme.rawValue): \(p.scheme.summary), back to \(p.initialNodes) nodes")
    case .nodeJoined:
        p.apply([.join])
    case .nodeLeft:
        guard p.nodes.count > 1 else {
            state.message = StatusMessage("one node left: it cannot leave", isError: true)
            return
        }
        p.apply([.leave])
    case .virtualNodesToggled:
        guard p.scheme == .ring else {
            state.message = StatusMessage("virtual nodes belong to the ring: press s to get to it", isError: true)
            return
        }
        p.virtualNodesOn.toggle()
        p.refresh()
        state.message = StatusMessage("ring with \(p.ringVirtualNodes) virtual node\(p.ringVirtualNodes == 1 ? "" : "s") per node")
    case .zipfToggled:
        p.zipfOn.toggle()
        p.refresh()
        state.message = StatusMessage(p.zipfOn ? "Zipf workload, s=\(PlacementText.number(p.zipf)): \(p.keys * 10) requests, seed \(p.seed)" : "no workload: keys only")
    case .resetPressed:
        p.changes = []
        p.lastChange = nil
        p.refresh()
        state.message = StatusMessage("back to \(p.initialNodes) nodes")
    case .closed:
        if p.openedFromHome { state.screen = .home } else { state.shouldQuit = true }
    }
}
