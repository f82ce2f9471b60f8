/// The home screen: labs by topic with progress, a sandbox per protocol,
/// the Courseware notes; or the notes reader over it.
enum HomeScreen {
    static func draw(into grid: inout CellGrid, _ state: AppState) {
        let layout = ScreenLayout(grid.size, state)
        let bar = CellStyle(.statusBar, background: .statusBar)
        grid.fill(layout.statusBar, with: Cell(" ", bar))
        let g = state.glyphs
        let title = " ClusterLab \(g.separator) home \(g.separator) labs, sandboxes and notes"
        grid.draw(title, at: Point(x: 0, y: layout.statusBar.y), clip: layout.statusBar, style: bar.with(.bold))
        let body = Rect(x: 0, y: 1, width: grid.size.width, height: grid.size.height - 3)
        if let reader = state.home.reader {
            drawReader(into: &grid, body, reader, state)
        } else {
            drawList(into: &grid, body, state)
        }
        MessageLine.draw(into: &grid, layout.messageLine, state, nil)
        HintBar.draw(into: &grid, layout.hintBar, state)
        if state.mode == .help { HelpOverlay.draw(into: &grid, state) }
    }

    /// A line of the list: a heading, an item (by index), or a remark.
    enum Row: Equatable { case heading(String), item(Int), remark(String), blank }

    static func rows(_ home: HomeState) -> [Row] {
        var rows: [Row] = []
        var section = ""
        let sections = Set(home.items.map(\.section))
        if !sections.contains(where: { $0.hasPrefix("Labs") }) {
            rows += [.heading("Labs"), .remark("no labs found (set CLUSTERLAB_LABS, or run from a checkout)"), .blank]
        }
        for (i, item) in home.items.enumerated() {
            if item.section != section {
                if !rows.isEmpty, rows.last != .blank { rows.append(.blank) }
                section = item.section
                rows.append(.heading(section))
            }
            rows.append(.item(i))
        }
        if !sections.contains(HomeState.notesSection) {
            if !rows.isEmpty { rows.append(.blank) }
            rows += [.heading(HomeState.notesSection), .remark("no notes yet (Markdown files under Courseware/)")]
        }
        return rows
    }

    static func drawList(into grid: inout CellGrid, _ body: Rect, _ state: AppState) {
        let frame = body
        grid.drawBox(frame, state.glyphs.box, style: CellStyle(.focusedBorder), title: "Open something", titleStyle: CellStyle(.title, [.bold]))
        let inner = frame.inset(by: 1).inset(by: 0)
        let area = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        let rows = rows(state.home)
        let selectedRow = rows.firstIndex(of: .item(state.home.selected)) ?? 0
        let top = min(max(0, selectedRow - area.height / 2), max(0, rows.count - area.height))
        // Each section's titles get the room they need, up to 55% of the width; the detail takes the rest.
        var titleWidths: [String: Int] = [:]
        for item in state.home.items { titleWidths[item.section] = max(titleWidths[item.section] ?? 0, DisplayWidth.of(item.title) + 2) }
        let widthFor = { (section: String) in min(max(16, titleWidths[section] ?? 16), max(46, area.width * 55 / 100)) }
        for (r, row) in rows.dropFirst(top).prefix(area.height).enumerated() {
            let y = area.y + r
            let at = Point(x: area.x, y: y)
            switch row {
            case .heading(let h): grid.draw(h, at: at, clip: area, style: CellStyle(.title, [.bold]))
            case .remark(let t): grid.draw("  " + t, at: at, clip: area, style: CellStyle(.dim))
            case .blank: break
            case .item(let i):
                let item = state.home.items[i]
                let titleWidth = widthFor(item.section)
                let selected = i == state.home.selected
                let mark = selected ? "\(state.glyphs.playing) " : "  "
                let line = mark + DisplayWidth.pad(DisplayWidth.truncate(item.title, to: titleWidth - 1, ellipsis: state.glyphs.ellipsis), to: titleWidth)
                    + " " + item.detail
                let text = DisplayWidth.pad(DisplayWidth.truncate(line, to: area.width, ellipsis: state.glyphs.ellipsis), to: area.width)
                if selected {
                    grid.draw(text, at: at, clip: area, style: CellStyle(.selection, background: .selection, [.bold]))
                } else {
                    let title = DisplayWidth.pad(DisplayWidth.truncate(item.title, to: titleWidth - 1, ellipsis: state.glyphs.ellipsis), to: titleWidth)
                    let x = grid.draw(DisplayWidth.truncate(mark + title + " ", to: area.width),
                                      at: at, clip: area, style: CellStyle(.text, [.bold]))
                    grid.draw(DisplayWidth.truncate(item.detail, to: max(0, area.maxX - x), ellipsis: state.glyphs.ellipsis),
                              at: Point(x: x, y: y), clip: area, style: CellStyle(.dim))
                }
            }
        }
        // Scroll indicators on the frame: how much of the list is out of view.
        let below = rows.count - top - area.height
        let up = top > 0 ? "↑ \(top) more" : nil, down = below > 0 ? "↓ \(below) more" : nil
        for (text, y) in [(up, frame.y), (down, frame.maxY - 1)] {
            guard let text else { continue }
            let label = " \(text) "
            grid.draw(label, at: Point(x: frame.maxX - DisplayWidth.of(label) - 2, y: y), clip: frame, style: CellStyle(.hintKey, [.bold]))
        }
    }

    static func drawReader(into grid: inout CellGrid, _ body: Rect, _ reader: NotesReader, _ state: AppState) {
        let lines = Markdown.lines(reader.markdown, width: min(body.width - 4, 100), glyphs: state.glyphs)
        let inner = body.inset(by: 1)
        let top = min(reader.scroll, max(0, lines.count - inner.height))
        let more = lines.count > inner.height ? " · \(top + 1)–\(min(lines.count, top + inner.height)) of \(lines.count)" : ""
        grid.drawBox(body, state.glyphs.box, style: CellStyle(.focusedBorder), title: reader.title + more, titleStyle: CellStyle(.title, [.bold]))
        Markdown.draw(lines, into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), from: top)
    }
}
