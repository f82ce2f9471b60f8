import ClusterSim

/// The event log: the run's trace as readable lines, newest at the bottom,
/// filtered by node, kind and search text, scrollable.
enum EventLogPanel {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height > 0, rect.width > 0 else { return }
        let trace = run.trace
        let filter = state.logFilter
        let needle = filter.search?.lowercased()
        var shown: [(index: Int, line: String)] = []
        var skip = state.logScroll
        var i = trace.count - 1
        while i >= 0, shown.count < rect.height {
            let e = trace.events[i]
            defer { i -= 1 }
            if let n = filter.node, Int(e.node) != n.index, Int(e.peer) != n.index { continue }
            if !filter.kinds.isEmpty, !filter.kinds.contains(e.kind) { continue }
            var line: String?
            if let needle {
                line = run.eventLine(i)
                if !line!.lowercased().contains(needle) { continue }
            }
            if skip > 0 { skip -= 1; continue }
            shown.append((i, line ?? run.eventLine(i)))
        }
        if shown.isEmpty {
            let why = filter.isActive ? "no events match the filter (:filter clear)" : "no events yet: press space or n"
            grid.draw(DisplayWidth.truncate(why, to: rect.width), at: Point(x: rect.x, y: rect.y), clip: rect, style: CellStyle(.dim))
            return
        }
        // Newest at the bottom, like a terminal.
        let top = rect.maxY - shown.count
        for (row, item) in shown.reversed().enumerated() {
            let e = trace.events[item.index]
            var style = CellStyle(role(of: e.kind))
            if e.isByUser { style = CellStyle(.highlight, [.bold]) }
            let text = DisplayWidth.truncate(item.line, to: rect.width, ellipsis: state.glyphs.ellipsis)
            grid.draw(text, at: Point(x: rect.x, y: top + row), clip: rect, style: style)
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
