import ClusterSim

/// A space-time (Lamport) diagram: a lane per node, time flowing down, one
/// row per trace event. A send draws an arrow toward its receiver's lane, a
/// delivery an arrow arriving from the sender's, both tagged with the
/// message number; drops are crossed out. With an event selected, its causal
/// past and future (from vector clocks) are coloured and the events
/// concurrent with it dimmed.
///
/// Only the visible window is drawn: rows map to trace indices directly and
/// the window's vector clocks come from one replay (`clocks(in:)`), so a
/// frame costs the same on a trace of a hundred events or a million.
enum TimelinePanel {
    enum Relation { case selected, past, future, concurrent, none }

    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height >= 3, rect.width >= 20 else { return }
        let trace = run.trace
        let layout = run.layout
        let lanes = layout.count
        let g = state.glyphs
        let unicode = g == .unicode
        let gap = max(2, min(5, (rect.width / 2) / max(1, lanes)))
        let laneX = { (k: Int) in rect.x + 1 + k * gap }
        let labelX = rect.x + 1 + lanes * gap + 1
        let header = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        for k in 0..<lanes {
            let name = layout.name(NodeID(k))
            grid.draw(name, at: Point(x: laneX(k) - (name.count > 2 ? 1 : 0), y: rect.y), clip: header, style: CellStyle(.title, [.bold]))
        }
        // The legend for the glyphs and colours, right of the lanes (help has it too).
        let legend = unicode ? "●send ◆recv ✕drop ○timer ✖crash ▲start ‖pause ┄network"
            : "*send #recv xdrop otimer Xcrash ^start =pause -network"
        let legendClip = Rect(x: labelX, y: rect.y, width: max(0, rect.maxX - labelX), height: 1)
        grid.draw(DisplayWidth.truncate(legend, to: legendClip.width, ellipsis: g.ellipsis), at: Point(x: labelX, y: rect.y),
                  clip: legendClip, style: CellStyle(.dim))
        let rows = rect.height - 2
        let footerY = rect.maxY - 1
        guard trace.count > 0 else {
            grid.draw("no events yet: press space or n", at: Point(x: rect.x, y: rect.y + 1), clip: rect, style: CellStyle(.dim))
            return
        }
        let selected = state.timelineSelection.map { min($0, trace.count - 1) }
        let top = Self.windowTop(count: trace.count, rows: rows, selected: selected)
        let window = top..<min(trace.count, top + rows)

        // Causal relations to the selected event, for the visible window only.
        var relation = [Relation](repeating: .none, count: window.count)
        var counts = (past: 0, future: 0, concurrent: 0)
        var selectedClock: VectorClock?
        if let selected {
            selectedClock = run.clockIndex.clock(at: selected, in: trace)
            let clocks = run.clockIndex.clocks(in: window, in: trace)
            for (r, i) in window.enumerated() {
                if i == selected { relation[r] = .selected; continue }
                guard let s = selectedClock, let c = clocks[r] else { continue }
                if c < s { relation[r] = .past; counts.past += 1 }
                else if s < c { relation[r] = .future; counts.future += 1 }
                else { relation[r] = .concurrent; counts.concurrent += 1 }
            }
        }

        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rows)
        for (r, i) in window.enumerated() {
            let y = body.y + r
            let e = trace.events[i]
            let rel = relation[r]
            let dim = selected != nil && (rel == .concurrent || rel == .none)
            for k in 0..<lanes { grid.put(unicode ? "│" : "|", at: Point(x: laneX(k), y: y), clip: body, style: CellStyle(.link)) }
            let style: CellStyle = {
                switch rel {
                case .selected: return CellStyle(.selection, background: .selection, [.bold])
                case .past: return CellStyle(.good, [.bold])
                case .future: return CellStyle(.warning, [.bold])
                case .concurrent, .none: return dim ? CellStyle(.dim) : CellStyle(EventLogPanel.role(of: e.kind))
                }
            }()
            if e.node < 0 {  // the whole cluster: a partition, a heal, a link change
                grid.horizontalLine(unicode ? "┄" : "-", row: y, from: laneX(0), to: laneX(lanes - 1) + 1, style: dim ? CellStyle(.dim) : CellStyle(.warning))
            } else if e.peer >= 0 && (e.kind == .send || e.kind == .deliver || e.kind == .drop) {
                let (from, to) = e.kind == .send ? (Int(e.node), Int(e.peer)) : (Int(e.peer), Int(e.node))
                let (a, b) = (laneX(from), laneX(to))
                let line: Unicode.Scalar = unicode ? "─" : "-"
                grid.horizontalLine(line, row: y, from: min(a, b) + 1, to: max(a, b), style: dim ? CellStyle(.dim) : CellStyle(.link))
                let head: Unicode.Scalar
                switch e.kind {
                case .send: head = unicode ? (b > a ? "▷" : "◁") : (b > a ? ">" : "<")
                case .deliver: head = unicode ? (b > a ? "▶" : "◀") : (b > a ? ">" : "<")
                default: head = unicode ? "✕" : "x"
                }
                grid.put(head, at: Point(x: b + (b > a ? -1 : 1), y: y), clip: body, style: style)
            }
            if e.node >= 0 { grid.put(glyph(e.kind, unicode), at: Point(x: laneX(Int(e.node)), y: y), clip: body, style: style) }
            let who = e.node >= 0 ? layout.name(NodeID(Int(e.node))) : "*"
            let tag = e.message >= 0 ? " #\(e.message)" : ""
            let text = "\(DurationText.format(e.time)) \(who) \(run.describe(event: i))\(tag)"
            let clip = Rect(x: labelX, y: y, width: rect.maxX - labelX, height: 1)
            grid.draw(DisplayWidth.truncate(text, to: clip.width, ellipsis: g.ellipsis), at: Point(x: labelX, y: y), clip: clip,
                      style: rel == .selected ? style : (dim ? CellStyle(.dim) : CellStyle(.text)))
        }

        let footer = Rect(x: rect.x, y: footerY, width: rect.width, height: 1)
        if let selected {
            let e = trace.events[selected]
            let clock = selectedClock.map { " · L\(e.lamport) V\($0)" } ?? " · ticks no clock"
            let text = "\(counts.past) before (green) · \(counts.future) after (yellow) · \(counts.concurrent) concurrent (dim) · event \(selected)\(clock)"
            grid.draw(DisplayWidth.truncate(text, to: footer.width, ellipsis: g.ellipsis), at: Point(x: footer.x, y: footerY),
                      clip: footer, style: CellStyle(.highlight))
        } else {
            grid.draw("↑↓ select an event: its past, its future, and what is concurrent", at: Point(x: footer.x, y: footerY),
                      clip: footer, style: CellStyle(.dim))
        }
    }

    /// The first trace index shown: the newest events, or the selection centred.
    static func windowTop(count: Int, rows: Int, selected: Int?) -> Int {
        let last = max(0, count - rows)
        guard let selected else { return last }
        return min(max(0, selected - rows / 2), last)
    }

    static func glyph(_ kind: TraceEvent.Kind, _ unicode: Bool) -> Unicode.Scalar {
        switch kind {
        case .send: return unicode ? "●" : "*"
        case .deliver: return unicode ? "◆" : "#"
        case .drop: return unicode ? "✕" : "x"
        case .timer: return unicode ? "○" : "o"
        case .crash: return unicode ? "✖" : "X"
        case .restart, .start: return unicode ? "▲" : "^"
        case .pause, .resume: return unicode ? "‖" : "="
        default: return unicode ? "•" : "."
        }
    }
}
