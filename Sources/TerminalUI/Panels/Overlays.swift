import ClusterProtocols
import ClusterSim

/// The `?` overlay: the keys that work where it was opened (Home, the notes
/// reader, a sandbox, a lab, the timeline, placement), then the editors,
/// prompts and `:` commands — generated from `KeyMap` and
/// `ConsoleCommand.catalogue`. One column whose text wraps, so it fits any
/// size from 80×24; j/k and PgUp/PgDn scroll it, esc or `?` close it.
enum HelpOverlay {
    typealias Section = (title: String, entries: [(key: String, text: String)])

    static func entries(_ bindings: [KeyBinding]) -> [(key: String, text: String)] { bindings.map { ($0.keyLabel, $0.help) } }

    /// The sections for the screen and context help was opened from, most relevant first.
    static func sections(_ state: AppState) -> [Section] {
        let inHelp: Section = ("In this help", entries(KeyMap.help))
        if state.screen == .placement {
            return [("Placement", entries(KeyMap.placement)),
                    ("Schemes (s)", PlacementScheme.allCases.map { ($0.rawValue, $0.summary) }), inHelp]
        }
        if state.screen == .home {
            let home: Section = ("Home", entries(KeyMap.home)), reader: Section = ("Notes reader", entries(KeyMap.reader))
            return (state.home.reader == nil ? [home, reader] : [reader, home]) + [inHelp]
        }
        var sections: [Section] = []
        if let guide = state.guide {
            sections.append(("Lab", entries(KeyMap.lab) + (guide.instructor ? entries(KeyMap.instructor) : [])))
        }
        if state.showsTimeline { sections.append(timeline) }
        if state.logFilter.search != nil { sections.append(("Event log search (/)", entries(KeyMap.search))) }
        sections.append((state.guide == nil ? "Cluster" : "Cluster (during a task)", entries(KeyMap.normal)))
        if !state.showsTimeline { sections.append(timeline) }
        sections.append(("Event log search (/)", entries(KeyMap.search)))
        sections += [("Partition editor (x)", entries(KeyMap.partitionEditor)), ("Link editor (L)", entries(KeyMap.linkEditor)),
                     ("Prompts (r : / enter)", entries(KeyMap.prompt)),
                     ("Commands (:)", ConsoleCommand.catalogue.map { (":" + $0.usage, $0.help) }), inHelp]
        var seen = Set<String>()
        return sections.filter { seen.insert($0.title).inserted }
    }

    /// The timeline's keys and what its glyphs and colours mean.
    static let timeline: Section = ("Timeline (t)", [
        ("↑↓ k j", "select the previous or next event"),
        ("←→ h l", "the nearest event of the neighbouring node"),
        ("pgup/pgdn", "20 events up or down"),
        ("● ◆", "a send; a delivery (its arrow: ▷ sent toward, ▶ arrived from)"),
        ("✕ ○", "a drop; a timer"),
        ("✖ ▲ ‖", "a crash; a start or restart; a pause or resume"),
        ("┄", "the whole cluster: partition, heal, link change"),
        ("colours", "green: the selected event's causal past · yellow: its future · dim: concurrent"),
    ])

    /// The help as lines for a text width: headings, then key and wrapped text.
    static func lines(_ state: AppState, width: Int) -> [StyledLine] {
        let sections = sections(state)
        let keyWidth = min(max(8, width / 3), sections.flatMap(\.entries).map { DisplayWidth.of($0.key) }.max() ?? 8)
        var lines: [StyledLine] = []
        for (i, section) in sections.enumerated() {
            if i > 0 { lines.append([]) }
            lines.append([StyledSpan(text: section.title, style: CellStyle(.title, [.bold]))])
            for (key, text) in section.entries {
                let keyFits = DisplayWidth.of(key) <= keyWidth
                let wrapped = Markdown.wrap([StyledSpan(text: text, style: CellStyle(.text))], width: max(10, width - keyWidth - 3))
                let keySpan = StyledSpan(text: " " + DisplayWidth.pad(keyFits ? key : "", to: keyWidth) + "  ", style: CellStyle(.hintKey, [.bold]))
                if !keyFits { lines.append([StyledSpan(text: " " + key, style: CellStyle(.hintKey, [.bold]))]) }
                for (k, line) in wrapped.enumerated() {
                    lines.append([k == 0 ? keySpan : StyledSpan(text: String(repeating: " ", count: keyWidth + 3), style: CellStyle(.text))] + line)
                }
            }
        }
        return lines
    }

    /// The overlay's box on a screen of `size`.
    static func frame(_ size: Size) -> Rect {
        Rect(size).centred(Size(width: min(size.width - 2, 100), height: size.height - 2))
    }
    static func textWidth(_ size: Size?) -> Int { frame(size ?? ScreenLayout.minimum).width - 4 }
    static func visibleRows(_ size: Size?) -> Int { frame(size ?? ScreenLayout.minimum).height - 2 }

    static func draw(into grid: inout CellGrid, _ state: AppState) {
        let rect = frame(grid.size)
        let inner = rect.inset(by: 1)
        let text = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        let lines = lines(state, width: text.width)
        let top = min(state.helpScroll, max(0, lines.count - text.height))
        let range = lines.count > text.height ? " · \(top + 1)–\(min(lines.count, top + text.height)) of \(lines.count) · j/k pgup/pgdn" : ""
        grid.fill(rect)
        grid.drawBox(rect, state.glyphs.strongBox, style: CellStyle(.focusedBorder, [.bold]),
                     title: "Help\(range) · esc or ? closes", titleStyle: CellStyle(.title, [.bold]))
        Markdown.draw(lines, into: &grid, text, from: top)
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
