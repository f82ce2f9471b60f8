import ClusterProtocols

/// The placement screen: per-node load bars with max/mean, what a join or
/// a leave moves against the ideal, and the hot keys of a Zipf workload.
enum PlacementScreen {
    static func grid(_ state: AppState, _ size: Size) -> CellGrid {
        var grid = CellGrid(size)
        guard let p = state.placement else { return grid }
        draw(into: &grid, state, p)
        if state.glyphs == .ascii { grid.replaceNonASCII(with: Glyphs.asciiFallback) }
        return grid
    }

    static func helpColumns() -> [[(key: String, text: String)]] {
        [[("Placement", "")] + KeyMap.placement.map { ($0.keyLabel, $0.help) } + [("", ""), ("Schemes (s)", "")]
            + PlacementScheme.allCases.map { ($0.rawValue, $0.summary) }]
    }

    static func draw(into grid: inout CellGrid, _ state: AppState, _ p: PlacementState) {
        let layout = ScreenLayout(grid.size, state)
        let bar = CellStyle(.statusBar, background: .statusBar)
        grid.fill(layout.statusBar, with: Cell(" ", bar))
        let g = state.glyphs
        grid.draw(" ClusterLab \(g.separator) placement \(g.separator) " + PlacementText.setting(p),
                  at: Point(x: 0, y: 0), clip: layout.statusBar, style: bar.with(.bold))
        let body = Rect(x: 0, y: 1, width: grid.size.width, height: grid.size.height - 3)
        let (left, right) = body.splitColumns(left: max(40, body.width * 55 / 100))
        let (moves, hot) = right.splitRows(top: max(10, right.height / 2))
        drawLoad(into: &grid, left, state, p)
        drawMoves(into: &grid, moves, state, p)
        drawHotKeys(into: &grid, hot, state, p)
        MessageLine.draw(into: &grid, layout.messageLine, state, nil)
        HintBar.draw(into: &grid, layout.hintBar, state)
        if state.mode == .help { HelpOverlay.draw(into: &grid, state) }
    }

    /// A bar per node: keys (and requests, under Zipf), scaled to the busiest node.
    static func drawLoad(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ p: PlacementState) {
        let r = p.report
        let load = r.requestLoad ?? r.keyLoad
        let what = r.requestLoad == nil ? "keys" : "requests"
        grid.drawBox(rect, state.glyphs.box, style: CellStyle(.focusedBorder),
                     title: "Load · \(what) per node · max/mean \(PlacementText.number(load.maxOverMean))",
                     titleStyle: CellStyle(.title, [.bold]))
        let inner = rect.inset(by: 1)
        guard inner.height > 0, inner.width > 10 else { return }
        let nameWidth = max(3, r.nodes.map(\.count).max() ?? 2) + 1
        let countWidth = max(String(load.max).count, 4) + 1
        let barWidth = max(1, inner.width - nameWidth - countWidth - 1)
        let footer = r.requestLoad == nil ? 1 : 2
        let rows = max(0, inner.height - footer)
        // Too many nodes for the rows: the most loaded ones, and how many are hidden.
        var shown = Array(r.nodes.indices)
        if shown.count > rows { shown = Array(shown.sorted { load.perNode[$0] > load.perNode[$1] }.prefix(rows)).sorted() }
        let ascii = state.glyphs == .ascii
        let barGlyph: Unicode.Scalar = ascii ? "#" : "█", meanGlyph: Unicode.Scalar = ascii ? "|" : "┆"
        let meanX = load.max == 0 ? 0 : Int((load.mean / Double(load.max) * Double(barWidth)).rounded())
        for (row, i) in shown.enumerated() {
            let y = inner.y + row
            let n = load.perNode[i]
            let ratio = load.mean == 0 ? 0 : Double(n) / load.mean
            let role: ColorRole = ratio > 1.25 ? .bad : ratio > 1.1 ? .warning : .good
            var x = grid.draw(DisplayWidth.pad(r.nodes[i], to: nameWidth), at: Point(x: inner.x, y: y), clip: inner,
                              style: CellStyle(.title, [.bold]))
            let filled = load.max == 0 ? 0 : Int((Double(n) / Double(load.max) * Double(barWidth)).rounded())
            for b in 0..<barWidth {
                let glyph: Unicode.Scalar = b < filled ? barGlyph : (b == meanX ? meanGlyph : " ")
                grid.put(glyph, at: Point(x: x + b, y: y), clip: inner, style: CellStyle(b < filled ? role : .dim))
            }
            x += barWidth
            let count = String(n)
            grid.draw(String(repeating: " ", count: max(0, countWidth - count.count)) + count, at: Point(x: x, y: y), clip: inner)
        }
        let hidden = r.nodes.count - shown.count
        var foot = ["max \(load.max) · mean \(PlacementText.number(load.mean, decimals: 1)) · \(meanGlyph) mean"]
        if hidden > 0 { foot[0] += " · \(hidden) lighter not shown" }
        if r.requestLoad != nil {
            foot.insert("keys per node: max/mean \(PlacementText.number(r.keyLoad.maxOverMean)) (\(r.keyLoad.max) max)", at: 0)
        }
        for (i, line) in foot.enumerated() {
            grid.draw(DisplayWidth.truncate(line, to: inner.width, ellipsis: state.glyphs.ellipsis),
                      at: Point(x: inner.x, y: inner.maxY - foot.count + i), clip: inner, style: CellStyle(.dim))
        }
    }

    /// The next join and leave against the ideal, and the latest change made.
    static func drawMoves(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ p: PlacementState) {
        grid.drawBox(rect, state.glyphs.box, style: CellStyle(.border), title: "Keys moved · \(p.scheme.rawValue)",
                     titleStyle: CellStyle(.title, [.bold]))
        let inner = rect.inset(by: 1)
        var lines: [(String, CellStyle)] = []
        let r = p.report
        let n = p.nodes.count
        let judge = { (m: KeyMovement) -> CellStyle in CellStyle(m.movedOverIdeal > 1.5 ? .bad : .good, [.bold]) }
        lines.append(("next join \(p.nextName):", CellStyle(.text)))
        lines.append(("  moves \(r.join.moved) (\(PlacementText.percent(r.join.moved, of: r.join.keys)))", judge(r.join)))
        lines.append(("  ideal K/\(n + 1) = \(Int(r.join.ideal.rounded())) · \(PlacementText.number(r.join.movedOverIdeal))×", CellStyle(.dim)))
        if let leave = r.leave, let last = p.nodes.last {
            lines.append(("next leave \(last):", CellStyle(.text)))
            lines.append(("  moves \(leave.moved) (\(PlacementText.percent(leave.moved, of: leave.keys)))", judge(leave)))
            lines.append(("  ideal K/\(n) = \(Int(leave.ideal.rounded())) · \(PlacementText.number(leave.movedOverIdeal))×", CellStyle(.dim)))
        }
        if let last = p.lastChange {
            let m = last.movement
            lines.append(("last: \(last.what) moved \(m.moved) keys", CellStyle(.highlight, [.bold])))
            lines.append(("  \(PlacementText.percent(m.moved, of: m.keys)) · \(PlacementText.number(m.movedOverIdeal))× ideal \(Int(m.ideal.rounded()))", judge(m)))
        } else {
            lines.append(("last: none yet (+ joins, - leaves)", CellStyle(.dim)))
        }
        draw(lines, into: &grid, inner, state)
    }

    /// The hottest keys of the Zipf workload and where they live.
    static func drawHotKeys(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ p: PlacementState) {
        let title = p.zipfOn ? "Hot keys · zipf s=\(PlacementText.number(p.zipf))" : "Hot keys"
        grid.drawBox(rect, state.glyphs.box, style: CellStyle(.border), title: title, titleStyle: CellStyle(.title, [.bold]))
        let inner = rect.inset(by: 1)
        let r = p.report
        guard p.zipfOn, let requests = r.requestLoad else {
            draw([("no workload: press z for Zipf requests", CellStyle(.dim))], into: &grid, inner, state)
            return
        }
        var lines: [(String, CellStyle)] = r.hotKeys.map { h in
            (DisplayWidth.pad(h.key, to: 8) + DisplayWidth.pad(PlacementText.number(100 * h.share, decimals: 1) + "%", to: 7) + "on \(h.node)",
             CellStyle(.text))
        }
        let top = r.hotKeys.reduce(0) { $0 + $1.requests }
        lines.append(("top \(r.hotKeys.count): \(PlacementText.percent(top, of: requests.total)) of requests", CellStyle(.dim)))
        draw(lines, into: &grid, inner, state)
    }

    static func draw(_ lines: [(String, CellStyle)], into grid: inout CellGrid, _ rect: Rect, _ state: AppState) {
        for (i, (text, style)) in lines.prefix(max(0, rect.height)).enumerated() {
            grid.draw(DisplayWidth.truncate(text, to: rect.width, ellipsis: state.glyphs.ellipsis),
                      at: Point(x: rect.x, y: rect.y + i), clip: rect, style: style)
        }
    }
}
