import ClusterSim

/// The cluster view: nodes, the links between them, messages in flight at the
/// point of their link they have reached, and the partition as a visible split.
enum ClusterPanel {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height >= 3, rect.width >= 10 else { return }
        let (area, footer) = rect.splitRows(top: rect.height - 1)
        let layout = run.layout
        let g = state.glyphs
        // Protocols with terms get a summary line on the panel's bottom border.
        let border = Rect(x: rect.x + 1, y: rect.maxY, width: rect.width - 2, height: 1)
        if let spans = ClusterSummaryLine.spans(run, g, width: border.width - 2) {
            ClusterSummaryLine.draw(into: &grid, border, [StyledSpan(text: " ", style: CellStyle(.text))] + spans
                                    + [StyledSpan(text: " ", style: CellStyle(.text))], g)
        }
        let (groupOf, split) = groups(state, run)
        let placement = placement(rect, state, run)
        let boxes = placement.boxes
        let centres = boxes.map(\.centre)
        let connected = { (a: Int, b: Int) in !split || groupOf[a] < 0 || groupOf[b] < 0 || groupOf[a] == groupOf[b] }

        for x in placement.walls {
            grid.verticalLine(g.wall, column: x, from: area.y, to: area.maxY, style: CellStyle(.bad, [.bold]))
        }
        // Links join servers; clients talk to servers along straight lines
        // their messages draw, without a web of links of their own.
        for a in 0..<layout.serverCount {
            for b in (a + 1)..<max(a + 1, layout.serverCount) where connected(a, b) {
                for p in linePoints(from: centres[a], to: centres[b]) where !boxes[a].contains(p) && !boxes[b].contains(p) {
                    grid.put(g.link, at: p, clip: area, style: CellStyle(.link))
                }
            }
        }
        var selected: InFlightMessage?
        for m in run.inFlight {
            let from = m.from.index, to = m.to.index
            guard from < boxes.count, to < boxes.count else { continue }
            let path = linePoints(from: centres[from], to: centres[to]).filter { !boxes[from].contains($0) && !boxes[to].contains($0) }
            guard !path.isEmpty else { continue }
            let span = max(1, m.deliverAt - m.sentAt)
            let f = m.held ? 1 : min(1, max(0, Double(state.displayedTime - m.sentAt) / Double(span)))
            let cells = MessageMark.cells(path, progress: f)
            // A message across the partition is dropped when it arrives: say so.
            let doomed = split && !connected(from, to)
            var style = CellStyle(doomed ? .bad : MessageMark.role(m.kind), [.bold])
            if m.id == state.selectedMessage { style = CellStyle(.selection, background: .selection, [.bold]); selected = m }
            if let at = cells.letter {
                grid.put(MessageMark.initial(m.kind, isReply: m.isReply).unicodeScalars.first ?? "?", at: at, clip: area, style: style)
            }
            grid.put(MessageMark.head(from: cells.direction.0, to: cells.direction.1, g), at: cells.head, clip: area, style: style)
        }
        for n in layout.all where n.index < boxes.count {
            let look = NodeBox.Look(name: layout.name(n), status: run.status(of: n), summary: run.summary(of: n),
                                    selected: n == state.selectedNode, group: split && groupOf[n.index] >= 0 ? ColorRole.group(groupOf[n.index]) : nil)
            NodeBox.draw(into: &grid, boxes[n.index], look, g)
        }
        for n in ClusterSummaryLine.staleLeaders(run) where n.index < boxes.count {
            ClusterSummaryLine.markStale(into: &grid, boxes[n.index], area)
        }
        drawFooter(into: &grid, footer, selected, state, run)
    }

    /// Each node's partition group (-1: none) and whether the network is split;
    /// while editing a partition, the draft's.
    static func groups(_ state: AppState, _ run: ClusterRun) -> (groupOf: [Int], split: Bool) {
        var groups = run.network.partitionGroups
        if case .partitionEditor(let draft) = state.mode { groups = draft.partition }
        var groupOf = [Int](repeating: -1, count: run.layout.count)
        for (i, members) in groups.enumerated() { for n in members where n.index < groupOf.count { groupOf[n.index] = i } }
        return (groupOf, groups.count > 1)
    }

    /// Where the node boxes go inside the panel (`rect` is its inside).
    static func placement(_ rect: Rect, _ state: AppState, _ run: ClusterRun) -> NodePlacement {
        let area = rect.splitRows(top: rect.height - 1).0
        let layout = run.layout
        var bands: [[Int]]? = nil
        if case let (groupOf, true) = groups(state, run) {
            let count = (groupOf.max() ?? 0) + 1
            bands = (0..<count).map { g in groupOf.indices.filter { groupOf[$0] == g && !layout.isClient(NodeID($0)) } }
            if layout.clientCount > 0 { bands!.append(layout.clients.map(\.index)) }
        }
        return placeNodes(layout, bands: bands, in: area,
                          sizes: state.presenting ? NodePlacement.presentSizes : NodePlacement.sizes)
    }

    /// The cell a message in flight is drawn at: the point of its link it has reached.
    static func point(of m: InFlightMessage, _ boxes: [Rect], _ state: AppState) -> Point? {
        let from = m.from.index, to = m.to.index
        guard from < boxes.count, to < boxes.count else { return nil }
        let path = linePoints(from: boxes[from].centre, to: boxes[to].centre).filter { !boxes[from].contains($0) && !boxes[to].contains($0) }
        guard !path.isEmpty else { return nil }
        let span = max(1, m.deliverAt - m.sentAt)
        let f = m.held ? 1 : min(1, max(0, Double(state.displayedTime - m.sentAt) / Double(span)))
        return path[Int((f * Double(path.count - 1)).rounded())]
    }

    /// What a click at `p` (inside the panel, `rect`) lands on: a message in
    /// flight (within a cell of it) before a node.
    static func hit(_ p: Point, _ rect: Rect, _ state: AppState, _ run: ClusterRun) -> (node: NodeID?, message: Int64?) {
        let boxes = placement(rect, state, run).boxes
        let near = run.inFlight.compactMap { m in point(of: m, boxes, state).map { (m.id, $0) } }
            .filter { abs($0.1.x - p.x) <= 1 && $0.1.y == p.y }
            .min { abs($0.1.x - p.x) < abs($1.1.x - p.x) }
        if let near { return (nil, near.0) }
        return (boxes.firstIndex { $0.contains(p) }.map(NodeID.init), nil)
    }

    /// Servers on the circle (or in bands while partitioned); clients, if
    /// any, in a row along the bottom, apart from the servers they talk to.
    static func placeNodes(_ layout: ClusterLayout, bands: [[Int]]?, in area: Rect,
                           sizes: [Size] = NodePlacement.sizes) -> NodePlacement {
        guard bands == nil, layout.clientCount > 0, area.height >= 12 else {
            return NodePlacement(count: layout.count, bands: bands, in: area, sizes: sizes)
        }
        let rowHeight = min(NodePlacement.sizes[0].height, max(3, area.height / 4))
        let (top, bottom) = area.splitRows(top: area.height - rowHeight)
        var servers = NodePlacement(count: layout.serverCount, bands: nil, in: top, sizes: sizes)
        // One row of client boxes, narrowed until they all fit across (a
        // balancer's six clients used to wrap below the panel's border).
        let width = min(servers.boxSize.width, (bottom.width + 1) / layout.clientCount - 1)
        guard width >= clientBoxMinWidth else {
            return NodePlacement(count: layout.count, bands: nil, in: area)
        }
        let size = Size(width: width, height: min(servers.boxSize.height, bottom.height))
        servers.boxes += NodePlacement.grid(layout.clientCount, size, in: bottom, force: true) ?? []
        return servers
    }

    /// The narrowest client box worth drawing: a border and four letters.
    static let clientBoxMinWidth = 6

    private static func drawFooter(into grid: inout CellGrid, _ rect: Rect, _ m: InFlightMessage?, _ state: AppState, _ run: ClusterRun) {
        let g = state.glyphs
        if let m {
            let eta = max(0, m.deliverAt - state.displayedTime)
            let text = "#\(m.id) \(m.text) \(run.layout.name(m.from))\(g.arrow)\(run.layout.name(m.to))"
                + (m.held ? " · held: receiver paused" : " · arrives in \(DurationText.format(eta))") + " · d drops it"
            grid.draw(DisplayWidth.truncate(text, to: rect.width, ellipsis: g.ellipsis), at: Point(x: rect.x, y: rect.y),
                      clip: rect, style: CellStyle(.highlight))
            return
        }
        // The legend: a wall for the partition, then each kind in flight by its letter.
        var x = rect.x
        if run.network.isPartitioned {
            x = grid.draw("\(g.wall)", at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.bad, [.bold]))
            x = grid.draw(" partition  ", at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.dim))
        }
        let legend = MessageMark.legend(run.inFlight.map { ($0.kind, $0.isReply) })
        guard !legend.isEmpty else {
            let none = "in flight: none · letter\(g.arrowHeads[0]) = kind, way"  // whole, or without the key (beside a partition)
            grid.draw(DisplayWidth.of(none) <= rect.maxX - x ? none : "in flight: none", at: Point(x: x, y: rect.y),
                      clip: rect, style: CellStyle(.dim))
            return
        }
        let replies = legend.contains { $0.letters.contains { $0.isLowercase } } ? "small: reply" : ""
        for (i, entry) in legend.enumerated() {
            let room = rect.maxX - x - (i == legend.count - 1 ? 0 : 2) - DisplayWidth.of(replies)
            if DisplayWidth.of(entry.letters) + DisplayWidth.of(entry.kind) + 1 > room {
                x = grid.draw(g.ellipsis + " ", at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.dim))
                break
            }
            x = grid.draw(entry.letters, at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(entry.role, [.bold]))
            x = grid.draw(" \(entry.kind)  ", at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.dim))
        }
        grid.draw(replies, at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.dim))
    }
}
