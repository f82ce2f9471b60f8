import ClusterSim

/// Draws the whole screen for a state and a run. Pure: it reads the run and
/// changes nothing, so every screen can be tested through `MemoryBackend`.
public func render(_ state: AppState, _ run: ClusterRun, _ size: Size) -> CellGrid {
    render(state, Stage(run: run), size)
}

/// Draws the screen that is up: home, or the cluster (with its lab guide).
public func render(_ state: AppState, _ stage: Stage?, _ size: Size) -> CellGrid {
    var grid = CellGrid(size)
    guard size.width >= ScreenLayout.minimum.width, size.height >= ScreenLayout.minimum.height else {
        TooSmallScreen.draw(into: &grid, need: ScreenLayout.minimum)
        return grid
    }
    if state.screen == .placement { return PlacementScreen.grid(state, size) }
    guard state.screen == .cluster, let stage else {
        HomeScreen.draw(into: &grid, state)
        if state.glyphs == .ascii { grid.replaceNonASCII(with: Glyphs.asciiFallback) }
        return grid
    }
    let run = stage.run
    let layout = ScreenLayout(size, state)
    for (panel, rect) in layout.panels.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
        let inner = PanelFrame.draw(into: &grid, rect, panel, state, stage)
        switch panel {
        case .cluster: ClusterPanel.draw(into: &grid, inner, state, run)
        case .timeline: TimelinePanel.draw(into: &grid, inner, state, run)
        case .log: EventLogPanel.draw(into: &grid, inner, state, run)
        case .inspector:
            // A node that publishes live metrics (a load balancer) shows them instead.
            if let s = run.summary(of: state.selectedNode), !s.metrics.isEmpty { BalancerPanel.draw(into: &grid, inner, state, s) }
            else { InspectorPanel.draw(into: &grid, inner, state, run) }
        case .clocks: ClocksPanel.draw(into: &grid, inner, state, run)
        case .membership: MembershipPanel.draw(into: &grid, inner, state, run)
        case .transactions: TransactionsPanel.draw(into: &grid, inner, state, run)
        case .guide: if let lab = stage.lab { GuidePanel.draw(into: &grid, inner, state, lab) }
        }
    }
    StatusBar.draw(into: &grid, layout.statusBar, state, run)
    MessageLine.draw(into: &grid, layout.messageLine, state, run)
    HintBar.draw(into: &grid, layout.hintBar, state)
    let main = layout.panels[.cluster] ?? layout.panels[.timeline] ?? layout.panels[.membership] ?? layout.panels[.transactions] ?? grid.bounds
    switch state.mode {
    case .help: HelpOverlay.draw(into: &grid, state)
    case .partitionEditor(let draft): PartitionEditorOverlay.draw(into: &grid, main, draft, state, run)
    case .linkEditor(let draft): LinkEditorOverlay.draw(into: &grid, main, draft, state, run)
    case .normal, .prompt, .confirm: break
    }
    if state.glyphs == .ascii { grid.replaceNonASCII(with: Glyphs.asciiFallback) }
    return grid
}

/// A panel's border and title; returns the inside.
enum PanelFrame {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ panel: PanelID, _ state: AppState, _ stage: Stage) -> Rect {
        let focused = state.focus == panel
        let box = focused ? state.glyphs.strongBox : state.glyphs.box
        let style = CellStyle(focused ? .focusedBorder : .border)
        grid.drawBox(rect, box, style: style, title: fitted(panel, state, stage, width: rect.width - 4), titleStyle: CellStyle(.title, [.bold]))
        return rect.inset(by: 1)
    }

    /// The title, or for a guide too narrow for it, the score first (the
    /// lab's title is what gets cut), or on a projector only the score.
    static func fitted(_ panel: PanelID, _ state: AppState, _ stage: Stage, width: Int) -> String {
        if panel == .transactions { return TransactionsPanel.title(stage.run, width: width) }
        let full = title(panel, state, stage)
        guard panel == .guide, DisplayWidth.of(full) > width, let lab = stage.lab else { return full }
        let score = "score \(lab.score)/\(lab.lab.maxScore)" + (state.guide?.instructor == true ? " · INSTRUCTOR" : "")
        let scoreFirst = score + " · " + lab.lab.title
        return state.presenting && DisplayWidth.of(scoreFirst) > width ? "Guide · " + score : scoreFirst
    }

    static func title(_ panel: PanelID, _ state: AppState, _ stage: Stage) -> String {
        let run = stage.run
        switch panel {
        case .timeline:
            let sel = state.timelineSelection.map { " · event \(min($0, run.trace.count - 1))" } ?? ""
            return "Timeline (\(run.trace.count))\(sel)"
        case .clocks:
            return "Clocks (Lamport, vector) · step \(run.trace.events.last?.step ?? 0)"
        case .guide:
            guard let lab = stage.lab else { return "Guide" }
            return "\(lab.lab.title) · score \(lab.score)/\(lab.lab.maxScore)" + (state.guide?.instructor == true ? " · INSTRUCTOR" : "")
        case .cluster:
            let split = run.network.isPartitioned ? " · PARTITIONED" : ""
            return "Cluster · \(run.protocolName) · \(run.layout.serverCount) nodes\(split)"
        case .log:
            var t = "Events (\(run.trace.count))"
            if let n = state.logFilter.node { t += " · only \(run.layout.name(n))" }
            if !state.logFilter.kinds.isEmpty { t += " · " + state.logFilter.kinds.map(\.name).sorted().joined(separator: ",") }
            if let s = state.logFilter.search { t += " · /\(s)" }
            if state.logScroll > 0 { t += " · ↑\(state.logScroll)" }
            return t
        case .inspector:
            if run.summary(of: state.selectedNode)?.metrics.isEmpty == false {
                return "Live metrics · \(run.layout.name(state.selectedNode)) · \(run.summary(of: state.selectedNode)!.role)"
            }
            return "Inspector · \(run.layout.name(state.selectedNode))"
        case .membership:
            return MembershipPanel.title(run)
        case .transactions:
            return TransactionsPanel.title(run)
        }
    }
}

/// Shown instead of a broken layout when the terminal is smaller than the minimum.
enum TooSmallScreen {
    static func draw(into grid: inout CellGrid, need: Size) {
        let need = "need \(need.width)×\(need.height), have \(grid.size.width)×\(grid.size.height)"
        let oneLine = "terminal too small: " + need
        let lines = DisplayWidth.of(oneLine) <= grid.size.width
            ? [oneLine, "enlarge the window, or press q to quit"]
            : ["terminal too small", need, "enlarge, or q quits"]
        let top = max(0, grid.size.height / 2 - 1)
        for (i, line) in lines.enumerated() {
            let w = DisplayWidth.of(line)
            grid.draw(line, at: Point(x: max(0, (grid.size.width - w) / 2), y: top + i),
                      style: CellStyle(i == 0 ? .error : .text))
        }
    }
}
