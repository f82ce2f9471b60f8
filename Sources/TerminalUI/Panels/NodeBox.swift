import ClusterSim

/// One node in the cluster view: name and role in its tone's colour, then
/// what the labs talk about — for a replicated log its term, commit index and
/// last log index, and its entries as runs of terms (`2 5 12×3`, committed
/// bright, `…` when older entries are left out); else the epoch and a field.
/// Crashed and paused nodes say so in words, in their own border. The
/// selected node's name is drawn in the selection's colours (focus, on a
/// panel, is its double border: the two never look alike).
enum NodeBox {
    struct Look {
        var name: String
        var status: NodeStatus
        var summary: NodeSummary?
        var selected: Bool
        /// The partition group's colour, if the network is split.
        var group: ColorRole?
    }

    static func draw(into grid: inout CellGrid, _ rect: Rect, _ look: Look, _ glyphs: Glyphs) {
        let (box, borderRole): (BoxGlyphs, ColorRole) = {
            switch look.status {
            case .crashed: return (glyphs.brokenBox, .crashed)
            case .paused: return (glyphs.box, .paused)
            case .up: return (glyphs.box, look.selected ? .highlight : look.group ?? .border)
            }
        }()
        grid.fill(rect.inset(by: 1))
        grid.drawBox(rect, box, style: CellStyle(borderRole, look.selected ? [.bold] : []))
        let inner = rect.inset(by: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        var lines: [(String, CellStyle)] = []
        let nameStyle = look.selected ? CellStyle(.selection, background: .selection, [.bold]) : CellStyle(.title, [.bold])
        let name = (look.selected ? glyphs.playing : "") + look.name
        let s = look.summary
        let hasLog = s?.logLength != nil
        switch look.status {
        case .crashed:
            lines = [("\(name) \(glyphs.crashed)", nameStyle), ("CRASHED", CellStyle(.crashed, [.bold])),
                     ("c restarts", CellStyle(.dim))]
        case .paused:
            lines = [("\(name) \(glyphs.paused)", nameStyle), ("PAUSED", CellStyle(.paused, [.bold])),
                     (s?.role ?? "", CellStyle(.dim))]
        case .up where hasLog:
            lines = [(name, nameStyle), (s?.role ?? "?", CellStyle(ColorRole.tone(s?.tone ?? .neutral), [.bold])),
                     (logFields(s!, width: inner.width), CellStyle(.text))]
        case .up:
            let epoch = s.flatMap { s in s.epoch.map { " \(ClusterSummaryLine.epochName(s)) \($0)" } } ?? ""
            lines = [(name + epoch, nameStyle), (s?.role ?? "?", CellStyle(ColorRole.tone(s?.tone ?? .neutral), [.bold]))]
            // The epoch is on the name line already: show the first other field.
            let fields = (s?.fields ?? []).filter { s?.epoch == nil || ($0.name != "term" && $0.name != "epoch") }
            if let f = fields.first { lines.append(("\(f.name) \(f.value)", CellStyle(.text))) }
        }
        var roleOnNameLine = false
        if inner.height <= 3, hasLog, look.status == .up, DisplayWidth.of(name) + 1 + DisplayWidth.of(lines[1].0) <= inner.width {
            roleOnNameLine = true  // name and role share a line, leaving room for the log
        } else if inner.height == 1 {  // one line: name and the condition or role together
            lines = [(lines[0].0 + " " + lines[1].0, lines[1].1)]
        }
        var y = inner.y
        for (i, (text, style)) in lines.enumerated() where y < inner.maxY {
            if i == 1 && roleOnNameLine {
                grid.draw(" " + text, at: Point(x: inner.x + DisplayWidth.of(name), y: inner.y), clip: inner, style: style)
                continue
            }
            grid.draw(DisplayWidth.truncate(text, to: inner.width, ellipsis: glyphs.ellipsis),
                      at: Point(x: inner.x, y: y), clip: inner, style: style)
            y += 1
        }
        if hasLog, look.status == .up, y < inner.maxY, let s {
            drawLog(into: &grid, Rect(x: inner.x, y: y, width: inner.width, height: 1), s, glyphs)
        }
    }

    /// Term, commit index and last log index in the words that fit.
    static func logFields(_ s: NodeSummary, width: Int) -> String {
        let t = s.epoch ?? 0, c = s.committedCount ?? s.log.filter(\.committed).count, l = s.logLength ?? s.log.count
        if let b = s.fields.first(where: { $0.name == "ballot" })?.value {  // Paxos: a ballot, not a term
            let forms = ["ballot \(b) · commit \(c) · last \(l)", "b\(b) commit \(c)/\(l)", "b\(b) c\(c)/\(l)", "b\(b) c\(c)", "c\(c)/\(l)"]
            return forms.first { DisplayWidth.of($0) <= width } ?? forms.last!
        }
        let forms = ["term \(t) · commit \(c) · last \(l)", "term \(t) commit \(c)/\(l)", "t\(t) commit \(c)/\(l)", "t\(t) c\(c)/\(l)"]
        return forms.first { DisplayWidth.of($0) <= width } ?? forms.last!
    }

    /// A replicated log as runs of equal terms, newest at the right: `2 5 12×3`.
    struct LogRun: Equatable {
        var term: Int
        var count: Int
        var committed: Bool
        var text: String { count > 1 ? "\(term)×\(count)" : "\(term)" }
    }

    static func runs(_ log: [NodeSummary.LogEntry]) -> [LogRun] {
        var runs: [LogRun] = []
        for e in log {
            if let last = runs.last, last.term == e.term, last.committed == e.committed { runs[runs.count - 1].count += 1 }
            else { runs.append(LogRun(term: e.term, count: 1, committed: e.committed)) }
        }
        return runs
    }

    /// The newest runs that fit in `width`, and whether older entries were left out.
    static func logStrip(_ s: NodeSummary, width: Int, ellipsisWidth: Int = 1) -> (runs: [LogRun], cut: Bool) {
        let all = runs(s.log)
        let olderHidden = (s.logLength ?? s.log.count) > s.log.count
        var shown: [LogRun] = []
        var used = 0
        for r in all.reversed() {
            let w = DisplayWidth.of(r.text) + (shown.isEmpty ? 0 : 1)
            let cutAfter = olderHidden || shown.count + 1 < all.count
            if used + w + (cutAfter ? ellipsisWidth : 0) > width { break }
            shown.insert(r, at: 0); used += w
        }
        return (shown, shown.count < all.count || olderHidden)
    }

    static func drawLog(into grid: inout CellGrid, _ rect: Rect, _ s: NodeSummary, _ glyphs: Glyphs) {
        if s.log.isEmpty {
            grid.draw("log empty", at: Point(x: rect.x, y: rect.y), clip: rect, style: CellStyle(.dim))
            return
        }
        let (shown, cut) = logStrip(s, width: rect.width, ellipsisWidth: DisplayWidth.of(glyphs.ellipsis))
        var x = rect.x
        if cut { x = grid.draw(glyphs.ellipsis, at: Point(x: x, y: rect.y), clip: rect, style: CellStyle(.dim)) }
        for (i, r) in shown.enumerated() {
            if i > 0 { x = grid.draw(" ", at: Point(x: x, y: rect.y), clip: rect) }
            x = grid.draw(r.text, at: Point(x: x, y: rect.y), clip: rect,
                          style: CellStyle(ColorRole.group(r.term), r.committed ? [.bold] : [.dim]))
        }
    }
}
