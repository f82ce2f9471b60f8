import ClusterSim

/// The top line: what is running, where in virtual time, how fast.
enum StatusBar {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        let bar = CellStyle(.statusBar, background: .statusBar)
        grid.fill(rect, with: Cell(" ", bar))
        let g = state.glyphs
        let playing = state.isPlaying ? "\(g.playing) RUNNING" : "\(g.stopped) PAUSED"
        var parts = [" ClusterLab", "\(run.protocolName) · seed \(run.seed)", playing,
                     "t=\(DurationText.format(state.displayedTime))", "speed \(Speed.label(state.speed))",
                     "step \(run.stepCount)"]
        if run.network.isPartitioned { parts.append("PARTITIONED") }
        if let live = run as? WallClockRun {  // no seed, no speed: declared, not hidden
            parts[1] = run.protocolName
            parts[4] = "real time"
            if live.viewedStep != nil { parts[3] = "recorded · viewing " + parts[3] }
            parts.append(live.notice)
        }
        if state.pausesAtScripted { parts.append("stops at script") }
        if state.guide != nil { parts[1] = "lab · " + parts[1] }
        if run.violation != nil { parts.append("INVARIANT BROKEN") }
        // "? help" always shows: on a narrow screen the least needed parts go
        // or shorten first, so the run's condition (PARTITIONED, a broken
        // invariant) after them is never the part that is cut.
        let help = "? help "
        let room = rect.width - DisplayWidth.of(help) - 1
        var text = parts.joined(separator: " \(g.separator) ")
        let shorter = [(0, ""), (5, ""), (4, run is WallClockRun ? "" : Speed.label(state.speed)), (2, state.isPlaying ? g.playing : g.stopped),
                       (1, (state.guide != nil ? "lab · " : "") + run.protocolName)]
        for (i, short) in shorter where DisplayWidth.of(text) > room {
            parts[i] = short
            text = parts.filter { !$0.isEmpty }.joined(separator: " \(g.separator) ")
            if !text.hasPrefix(" ") { text = " " + text }
        }
        if let live = run as? WallClockRun, DisplayWidth.of(text) > room, let i = parts.lastIndex(of: live.notice) {
            // "LIVE, recorded" survives a narrow screen; the start message and help say the rest.
            parts[i] = String(live.notice.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
            if live.viewedStep != nil, DisplayWidth.of(parts.filter { !$0.isEmpty }.joined(separator: " \(g.separator) ")) + 1 > room {
                parts[1] = ""  // viewing the record: where and that the processes are not rewound come first
            }
            text = parts.filter { !$0.isEmpty }.joined(separator: " \(g.separator) ")
            if !text.hasPrefix(" ") { text = " " + text }
        }
        text = DisplayWidth.truncate(text, to: room, ellipsis: g.ellipsis)
        grid.draw(text, at: Point(x: rect.x, y: rect.y), clip: rect, style: bar.with(.bold))
        grid.draw(help, at: Point(x: rect.maxX - DisplayWidth.of(help), y: rect.y), clip: rect, style: bar)
    }
}

/// The line above the hints: the prompt being typed, or the latest message.
enum MessageLine {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun?) {
        let at = Point(x: rect.x, y: rect.y)
        switch state.mode {
        case .prompt(let p):
            let x = grid.draw(run.map { p.lead($0.layout) } ?? (p.purpose == .search ? "/" : ":"), at: at, clip: rect, style: CellStyle(.prompt, [.bold]))
            let room = rect.maxX - x - 1
            var text = p.text
            while DisplayWidth.of(text) > room, !text.isEmpty { text.removeFirst() }  // keep the end in view
            let end = grid.draw(text, at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.text))
            grid.put("_", at: Point(x: end, y: rect.y), clip: rect, style: CellStyle(.prompt, [.bold]))
            if case .clientCommand = p.purpose, let run {
                // The protocol's commands, so nobody has to guess the syntax.
                let hint = PromptCompletion.commandHint(p, run)
                grid.draw(DisplayWidth.truncate("  " + hint, to: max(0, rect.maxX - end - 1), ellipsis: state.glyphs.ellipsis),
                          at: Point(x: end + 1, y: rect.y), clip: rect, style: CellStyle(.dim))
            }
        case .partitionEditor:
            grid.draw("Partition editor: pick a node, press a group number, enter applies", at: at, clip: rect, style: CellStyle(.prompt))
        case .confirm(let question):
            grid.draw(DisplayWidth.truncate(question.question, to: rect.width, ellipsis: state.glyphs.ellipsis), at: at, clip: rect,
                      style: CellStyle(.prompt, [.bold]))
        case .linkEditor:
            grid.draw("Link editor: ↑↓ pick a field, ←→ change it, enter applies (recorded in the run)", at: at, clip: rect, style: CellStyle(.prompt))
        default:
            guard let m = state.message else { return }
            grid.draw(DisplayWidth.truncate(m.text, to: rect.width, ellipsis: state.glyphs.ellipsis), at: at, clip: rect,
                      style: CellStyle(m.isError ? .error : .highlight))
        }
    }
}

/// The bottom line: the keys that do something now, generated from `KeyMap`.
enum HintBar {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState) {
        var x = rect.x
        for (keys, hint) in KeyMap.hints(for: state) {
            let width = DisplayWidth.of(keys) + 1 + DisplayWidth.of(hint) + 2
            if x + width > rect.maxX + 2 { break }  // whole entries only
            x = grid.draw(keys, at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.hintKey, [.bold]))
            x = grid.draw(" " + hint + "  ", at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.hintText))
        }
    }

    /// The hint bar's text for a mode, as drawn at a width (for tests).
    static func text(for mode: InputMode, width: Int) -> String {
        var g = CellGrid(Size(width: width, height: 1))
        var s = AppState(); s.mode = mode
        draw(into: &g, g.bounds, s)
        return g.text
    }
}
