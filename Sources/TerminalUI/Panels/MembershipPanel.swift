import ClusterSim

/// Each node's view of who is alive and who is suspected, as a matrix: a
/// row per observer, a column per peer, the cell coloured by the observer's
/// opinion (alive, suspected, dead). A crashed observer has no view, so its
/// row is greyed; in a partition the row names carry the group's colour.
enum MembershipPanel {
    static func title(_ run: ClusterRun) -> String {
        let split = run.network.isPartitioned ? " · PARTITIONED" : ""
        return "Membership\(split)"
    }

    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height > 0, rect.width > 0 else { return }
        let layout = run.layout
        let servers = layout.servers
        let summaries = servers.map { run.summary(of: $0) }
        guard summaries.contains(where: { !($0?.views.isEmpty ?? true) }) else {
            let lines = ["\(run.protocolName) has no failure detector: no node keeps a view of its peers.",
                         "Try: clusterlab sandbox membership"]
            for (i, line) in lines.enumerated() where i < rect.height {
                grid.draw(DisplayWidth.truncate(line, to: rect.width, ellipsis: state.glyphs.ellipsis),
                          at: Point(x: rect.x, y: rect.y + i), clip: rect, style: CellStyle(.dim))
            }
            return
        }
        let matrix = MembershipMatrix(run)
        let nameWidth = max(3, servers.map { DisplayWidth.of(layout.name($0)) }.max() ?? 2) + 1
        let style = CellText.Style(columnWidth: (rect.width - nameWidth) / max(1, servers.count), phi: state.glyphs == .ascii ? "p" : "φ")
        let width = style.columnWidth
        // Header: the peers.
        let namesFit = servers.allSatisfy { DisplayWidth.of(" " + layout.name($0)) <= width }
        var x = grid.draw(DisplayWidth.pad("", to: nameWidth), at: Point(x: rect.x, y: rect.y), clip: rect)
        for p in servers {
            // Narrow columns: the number alone (`10` for n10), as the rows name the nodes.
            let label = namesFit ? " " + layout.name(p) : " \(p.index + 1)"
            x = grid.draw(DisplayWidth.pad(label, to: width), at: Point(x: x, y: rect.y), clip: rect,
                          style: CellStyle(.dim, [.bold]))
        }
        let groups = run.network.isPartitioned ? run.network.partitionGroups : []
        let group = { (n: NodeID) in groups.firstIndex { $0.contains(n) } }
        for (row, observer) in servers.enumerated() where row + 1 < rect.height {
            let y = rect.y + 1 + row
            let crashed = run.status(of: observer) == .crashed
            var nameStyle = CellStyle(observer == state.selectedNode ? .highlight : .title, [.bold])
            if let g = group(observer) { nameStyle.foreground = ColorRole.group(g) }
            if crashed { nameStyle = CellStyle(.crashed, [.bold]) }
            var x = grid.draw(DisplayWidth.pad(layout.name(observer), to: nameWidth), at: Point(x: rect.x, y: y), clip: rect, style: nameStyle)
            if crashed {
                let text = DisplayWidth.truncate(" crashed · no view", to: rect.maxX - x, ellipsis: state.glyphs.ellipsis)
                grid.draw(text, at: Point(x: x, y: y), clip: rect, style: CellStyle(.crashed, [.dim]))
                continue
            }
            for peer in servers {
                let cell = matrix.views[observer]?[peer]
                let (text, role) = peer == observer ? (CellText.selfCell(width), ColorRole.dim)
                    : cell.map { (CellText.text($0, style), CellText.role($0.status)) } ?? (CellText.unknown(width), .dim)
                // A peer on the other side of a partition: underlined.
                let across = group(observer) != nil && group(observer) != group(peer)
                x = grid.draw(DisplayWidth.pad(text, to: width), at: Point(x: x, y: y), clip: rect,
                              style: CellStyle(role, across ? [.bold, .underline] : [.bold]))
            }
        }
        let below = rect.y + 1 + servers.count
        var lines: [(String, CellStyle)] = []
        for peer in servers {
            let (suspected, dead, observers) = matrix.opinions(of: peer)
            if suspected + dead > 0 {
                lines.append(("\(layout.name(peer)): suspected by \(suspected), dead to \(dead), of \(observers) up",
                              CellStyle(dead > 0 ? .bad : .warning)))
            }
        }
        if lines.isEmpty { lines.append(("every up node sees every peer alive", CellStyle(.good))) }
        let shown = matrix.views.values.flatMap(\.values)
        var legend = style.showsWord ? "row: observer · column: peer" : "row sees column · a alive · S suspected · D dead"
        if style.showsDetail, shown.contains(where: { $0.phi != nil }) { legend += " · \(style.phi) phi" }
        if style.showsDetail, shown.contains(where: { $0.incarnation != nil }) { legend += " · @ incarnation" }
        lines.append((legend, CellStyle(.dim)))
        if !groups.isEmpty { lines.append(("underlined: across the partition", CellStyle(.dim))) }
        for (i, (text, style)) in lines.enumerated() where below + 1 + i < rect.maxY {
            grid.draw(DisplayWidth.truncate(text, to: rect.width, ellipsis: state.glyphs.ellipsis),
                      at: Point(x: rect.x, y: below + 1 + i), clip: rect, style: style)
        }
    }
}

/// Every up server's view of its peers, read from the summaries.
struct MembershipMatrix {
    var views: [NodeID: [NodeID: PeerView]] = [:]
    let servers: [NodeID]

    init(_ run: ClusterRun) {
        servers = run.layout.servers
        for n in servers where run.status(of: n) != .crashed {
            if let s = run.summary(of: n) { views[n] = s.views }
        }
    }

    /// How many up observers suspect `peer`, think it dead, and how many hold a view of it.
    func opinions(of peer: NodeID) -> (suspected: Int, dead: Int, observers: Int) {
        var s = 0, d = 0, o = 0
        for (observer, view) in views where observer != peer {
            guard let v = view[peer] else { continue }
            o += 1
            if v.status == .suspected { s += 1 }
            if v.status == .dead { d += 1 }
        }
        return (s, d, o)
    }
}

/// What a matrix cell says, by how wide the columns are.
enum CellText {
    struct Style {
        var columnWidth: Int
        /// The mark before a phi value (`p` on terminals without Unicode).
        var phi = "φ"
        /// Room for the phi or incarnation after the status word.
        var showsDetail: Bool { columnWidth >= 11 }
        /// Room for a whole word; below it one letter.
        var showsWord: Bool { columnWidth >= 6 }
    }

    static func text(_ view: PeerView, _ style: Style) -> String {
        guard style.showsWord else {
            switch view.status { case .alive: return " a"; case .suspected: return " S"; case .dead: return " D" }
        }
        let word: String
        switch view.status { case .alive: word = "alive"; case .suspected: word = "SUSP"; case .dead: word = "DEAD" }
        guard style.showsDetail else { return " " + word }
        if let phi = view.phi { return " \(word) \(style.phi)\(format(phi))" }
        if let inc = view.incarnation { return " \(word) @\(inc)" }
        return " " + word
    }

    static func selfCell(_ width: Int) -> String { width >= 6 ? " (self)" : " ·" }
    static func unknown(_ width: Int) -> String { " ?" }

    static func role(_ status: PeerView.Status) -> ColorRole {
        switch status { case .alive: return .good; case .suspected: return .warning; case .dead: return .bad }
    }

    /// Phi with one decimal (phi grows without bound; past 99 the digits say nothing more).
    static func format(_ phi: Double) -> String {
        if phi >= 99 { return "99+" }
        let tenths = Int((phi * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
