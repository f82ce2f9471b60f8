import ClusterSim

/// The `?` overlay: every key binding and `:` command, generated from
/// `KeyMap` and `ConsoleCommand.catalogue`.
enum HelpOverlay {
    /// The overlay's two columns: keys of the cluster screen, then the
    /// partition editor and the `:` commands.
    static func columns(_ state: AppState = AppState()) -> [[(key: String, text: String)]] {
        let entries = { (bindings: [KeyBinding]) in bindings.map { ($0.keyLabel, $0.help) } }
        if state.screen == .placement { return PlacementScreen.helpColumns() }
        if state.screen == .home {
            return [[("Home", "")] + entries(KeyMap.home), [("Notes reader", "")] + entries(KeyMap.reader)]
        }
        var keys = entries(KeyMap.normal)
        if let guide = state.guide {
            keys += [("", ""), ("Lab", "")] + entries(KeyMap.lab)
            if guide.instructor { keys += entries(KeyMap.instructor) }
        }
        var other = [("Partition editor (x)", "")] + entries(KeyMap.partitionEditor)
        other += [("", ""), ("Link editor (L)", "")] + entries(KeyMap.linkEditor)
        other += [("", ""), ("Commands (:)", "")]
        other += ConsoleCommand.catalogue.map { (":" + $0.usage, $0.help) }
        return [keys, other]
    }

    static func draw(into grid: inout CellGrid, _ state: AppState) {
        let columns = columns(state)
        let size = Size(width: min(grid.size.width - 2, 110),
                        height: min(grid.size.height - 2, (columns.map(\.count).max() ?? 0) + 2))
        let rect = grid.bounds.centred(size)
        grid.fill(rect)
        grid.drawBox(rect, state.glyphs.strongBox, style: CellStyle(.focusedBorder, [.bold]),
                     title: "Help · any key closes", titleStyle: CellStyle(.title, [.bold]))
        let inner = rect.inset(by: 1)
        let colWidth = inner.width / columns.count
        for (c, lines) in columns.enumerated() {
            let keyWidth = min(colWidth / 2, lines.filter { !$0.text.isEmpty }.map { DisplayWidth.of($0.key) }.max() ?? 0)
            let x = inner.x + c * colWidth + 1
            for (row, line) in lines.prefix(inner.height).enumerated() {
                let clip = Rect(x: x, y: inner.y + row, width: colWidth - 2, height: 1)
                let heading = line.text.isEmpty
                grid.draw(line.key, at: Point(x: x, y: clip.y), clip: heading ? clip : Rect(x: x, y: clip.y, width: keyWidth, height: 1),
                          style: CellStyle(heading && !line.key.hasPrefix(":") ? .title : .hintKey, [.bold]))
                grid.draw(line.text, at: Point(x: x + keyWidth + 1, y: clip.y), clip: clip)
            }
        }
    }
}

/// The partition editor: each server with the group it will be in.
enum PartitionEditorOverlay {
    static func draw(into grid: inout CellGrid, _ panel: Rect, _ draft: PartitionDraft, _ state: AppState, _ run: ClusterRun) {
        let rows = draft.groups.count
        let width = 30
        let rect = Rect(x: panel.maxX - width - 1, y: panel.y + 1, width: width, height: min(rows + 3, panel.height - 2))
        grid.fill(rect)
        grid.drawBox(rect, state.glyphs.strongBox, style: CellStyle(.prompt, [.bold]), title: "Partition editor",
                     titleStyle: CellStyle(.title, [.bold]))
        let inner = rect.inset(by: 1)
        for (i, g) in draft.groups.enumerated() where i < inner.height - 1 {
            let n = NodeID(i)
            let mark = n == state.selectedNode ? "\(state.glyphs.playing) " : "  "
            let style = n == state.selectedNode ? CellStyle(.selection, background: .selection, [.bold]) : CellStyle(ColorRole.group(g), [.bold])
            grid.draw(DisplayWidth.pad("\(mark)\(run.layout.name(n))  group \(g + 1)", to: inner.width),
                      at: Point(x: inner.x, y: inner.y + i), clip: inner, style: style)
        }
        let preview = draft.partition.map { $0.map(run.layout.name).joined(separator: " ") }.joined(separator: " | ")
        grid.draw(DisplayWidth.truncate(preview, to: inner.width), at: Point(x: inner.x, y: inner.maxY - 1), clip: inner, style: CellStyle(.dim))
    }
}

/// The link editor: one direction of one link, field by field.
enum LinkEditorOverlay {
    static func draw(into grid: inout CellGrid, _ panel: Rect, _ draft: LinkDraft, _ state: AppState, _ run: ClusterRun) {
        let width = min(panel.width - 2, 44)
        let fields = LinkDraft.Field.allCases
        let rect = Rect(x: panel.maxX - width - 1, y: panel.y + 1, width: width, height: fields.count + 4)
        grid.fill(rect)
        grid.drawBox(rect, state.glyphs.strongBox, style: CellStyle(.prompt, [.bold]), title: "Link editor",
                     titleStyle: CellStyle(.title, [.bold]))
        let inner = rect.inset(by: 1)
        for (i, f) in fields.enumerated() {
            let focused = f == draft.field
            let mark = focused ? "\(state.glyphs.playing) " : "  "
            let text = mark + DisplayWidth.pad(f.label, to: 8) + (focused ? "◂ " : "  ") + draft.value(f, run.layout) + (focused ? " ▸" : "")
            grid.draw(DisplayWidth.pad(text, to: inner.width), at: Point(x: inner.x, y: inner.y + i), clip: inner,
                      style: focused ? CellStyle(.selection, background: .selection, [.bold]) : CellStyle(.text))
        }
        let now = "now: " + run.network.settings(from: draft.from, to: draft.to).description
        grid.draw(DisplayWidth.truncate(now, to: inner.width, ellipsis: state.glyphs.ellipsis),
                  at: Point(x: inner.x, y: inner.maxY - 1), clip: inner, style: CellStyle(.dim))
    }
}
