import ClusterSim

/// The event log: the run's trace as readable lines, newest at the bottom,
/// filtered by node and kind, scrollable; lines matching the search are
/// marked (the one `n`/`N` jumped to in the selection's colours).
enum EventLogPanel {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height > 0, rect.width > 0 else { return }
        let trace = run.trace
        let filter = state.logFilter
        let needle = filter.search?.lowercased()
        var shown: [(index: Int, line: Line)] = []
        var skip = state.logScroll
        var i = trace.count - 1
        while i >= 0, shown.count < rect.height {
            let e = trace.events[i]
            defer { i -= 1 }
            if !filter.admits(e) { continue }
            if skip > 0 { skip -= 1; continue }
            shown.append((i, Line(i, e, run)))
        }
        if shown.isEmpty {
            let why = filter.node != nil || !filter.kinds.isEmpty ? "no events match the filter (esc clears)" : "no events yet: press space or n"
            grid.draw(DisplayWidth.truncate(why, to: rect.width), at: Point(x: rect.x, y: rect.y), clip: rect, style: CellStyle(.dim))
            return
        }
        // Newest at the bottom, like a terminal; a log shorter than the
        // panel starts at its top. Times share one unit and precision.
        let top = rect.y
        let unit = TimeColumn(longest: shown.map { trace.events[$0.index].time }.max() ?? 0)
        let timeWidth = shown.map { unit.format(trace.events[$0.index].time).count }.max() ?? 0
        if state.presenting { return drawWrapped(into: &grid, rect, shown, timeWidth, run) }
        for (row, item) in shown.reversed().enumerated() {
            let e = trace.events[item.index]
            let stamp = unit.format(e.time)
            var style = CellStyle(role(of: e.kind))
            if e.isByUser { style = CellStyle(.highlight, [.bold]) }
            let marker: String
            if item.index == state.searchMatch {
                style = CellStyle(.selection, background: .selection, [.bold]); marker = state.glyphs.playing
            } else if let needle, item.line.text.lowercased().contains(needle) {
                style = style.with(.underline); marker = state.glyphs == .unicode ? "•" : "*"
            } else { marker = needle == nil ? "" : " " }
            let time = String(repeating: " ", count: timeWidth - stamp.count) + stamp
            let y = top + row
            var x = grid.draw(marker, at: Point(x: rect.x, y: y), clip: rect, style: style)
            x = grid.draw(time + " ", at: Point(x: x, y: y), clip: rect, style: CellStyle(.dim))
            let rest = DisplayWidth.truncate(item.line.rest, to: rect.maxX - x, ellipsis: state.glyphs.ellipsis)
            grid.draw(rest, at: Point(x: x, y: y), clip: rect, style: style)
        }
    }

    /// On a projector nothing is cut: each event wraps under its text, newest
    /// at the bottom, as many whole events as fit.
    static func drawWrapped(into grid: inout CellGrid, _ rect: Rect, _ shown: [(index: Int, line: Line)], _ timeWidth: Int,
                            _ run: ClusterRun) {
        let indent = timeWidth + 1
        guard rect.width > indent + 8 else { return }
        var bottom = rect.maxY
        for item in shown {
            let e = run.trace.events[item.index]
            let style = e.isByUser ? CellStyle(.highlight, [.bold]) : CellStyle(role(of: e.kind))
            let rows = Markdown.wrap([StyledSpan(text: item.line.rest, style: style)], width: rect.width - indent)
            guard bottom - rows.count >= rect.y else { break }
            bottom -= rows.count
            let time = String(repeating: " ", count: timeWidth - item.line.time.count) + item.line.time
            grid.draw(time, at: Point(x: rect.x, y: bottom), clip: rect, style: CellStyle(.dim))
            Markdown.draw(rows, into: &grid, Rect(x: rect.x + indent, y: bottom, width: rect.width - indent, height: rows.count), from: 0)
        }
    }

    /// One event as the log shows it: its time, then who and what.
    struct Line {
        var time: String
        var rest: String
        var text: String { time + " " + rest }
        init(_ i: Int, _ e: TraceEvent, _ run: ClusterRun) {
            time = DurationText.format(e.time)
            let who = e.node >= 0 ? run.layout.name(NodeID(Int(e.node))) : "*"
            rest = DisplayWidth.pad(who, to: 3) + " " + run.describe(event: i) + e.actorLabel
        }
    }

    /// Times in the log's column: all in seconds with three decimals once any
    /// is a second or more, else all in milliseconds with three, so that
    /// `1.100s` and `1.102s` line up instead of ` 1.1s` beside `1.102s`.
    struct TimeColumn {
        var seconds: Bool
        init(longest: Int64) { seconds = longest >= 1_000_000 }
        func format(_ us: Int64) -> String {
            let (unit, suffix): (Int64, String) = seconds ? (1_000_000, "s") : (1_000, "ms")
            let whole = us / unit, frac = (us % unit) / (unit / 1_000)
            let digits = String(frac)
            return "\(whole)." + String(repeating: "0", count: 3 - digits.count) + digits + suffix
        }
    }

    static func role(of kind: TraceEvent.Kind) -> ColorRole {
        switch kind {
        case .send: return .messageRequest
        case .deliver: return .text
        case .drop: return .bad
        case .crash: return .crashed
        case .restart, .resume, .heal: return .good
        case .pause: return .paused
        case .partition, .link: return .warning
        case .timer, .delay: return .dim
        case .state, .command, .invoke, .ok, .fail, .info: return .highlight
        case .start, .log: return .text
        }
    }
}
