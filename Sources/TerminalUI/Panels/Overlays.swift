import ClusterSim

/// The `?` overlay: every key binding and `:` command, generated from
/// `KeyMap` and `ConsoleCommand.catalogue`.
enum HelpOverlay {
    static func lines() -> [(key: String, text: String)] {
        var out = KeyMap.normal.map { ($0.keyLabel, $0.help) }
        out.append(("", ""))
        out.append(("Partition editor (x)", ""))
        out += KeyMap.partitionEditor.map { ($0.keyLabel, $0.help) }
        out.append(("", ""))
        out.append(("Commands (:)", ""))
        out += ConsoleCommand.catalogue.map { (":" + $0.usage, $0.help) }
        return out
    }

    static func draw(into grid: inout CellGrid, _ state: AppState) {
        let all = lines()
        let keyWidth = min(28, all.map { DisplayWidth.of($0.key) }.max() ?? 0)
        let size = Size(width: min(grid.size.width - 4, 96), height: min(grid.size.height - 2, all.count + 2))
        let rect = grid.bounds.centred(size)
        grid.fill(rect)
        grid.drawBox(rect, state.glyphs.strongBox, style: CellStyle(.focusedBorder, [.bold]),
                     title: "Help · any key closes", titleStyle: CellStyle(.title, [.bold]))
        let inner = rect.inset(by: 1)
        // Two columns when the list is taller than the box.
        let columns = all.count > inner.height ? 2 : 1
        let colWidth = inner.width / columns
        for (i, line) in all.enumerated() {
            let col = i / inner.height, row = i % inner.height
            guard col < columns else { break }
            let x = inner.x + col * colWidth + 1
            let clip = Rect(x: x, y: inner.y + row, width: colWidth - 1, height: 1)
            let keyStyle = line.text.isEmpty ? CellStyle(.title, [.bold]) : CellStyle(.hintKey, [.bold])
            grid.draw(line.key, at: Point(x: x, y: inner.y + row), clip: clip, style: keyStyle)
            grid.draw(line.text, at: Point(x: x + min(keyWidth, colWidth / 3) + 1, y: inner.y + row), clip: clip)
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
