import ClusterSim

/// One node in the cluster view: name, role in its tone's colour, epoch, and
/// a field or the tail of its replicated log. Crashed and paused nodes say so
/// in words, in their own border.
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
            if look.selected { return (glyphs.strongBox, .highlight) }
            switch look.status {
            case .crashed: return (glyphs.brokenBox, .crashed)
            case .paused: return (glyphs.box, .paused)
            case .up: return (glyphs.box, look.group ?? .border)
            }
        }()
        grid.fill(rect.inset(by: 1))
        grid.drawBox(rect, box, style: CellStyle(borderRole, look.selected ? [.bold] : []))
        let inner = rect.inset(by: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        var lines: [(String, CellStyle)] = []
        let nameStyle = CellStyle(.title, [.bold])
        switch look.status {
        case .crashed:
            lines = [("\(look.name) \(glyphs.crashed)", nameStyle), ("CRASHED", CellStyle(.crashed, [.bold])),
                     ("c restarts", CellStyle(.dim))]
        case .paused:
            lines = [("\(look.name) \(glyphs.paused)", nameStyle), ("PAUSED", CellStyle(.paused, [.bold])),
                     (look.summary?.role ?? "", CellStyle(.dim))]
        case .up:
            let s = look.summary
            let epoch = s.flatMap { s in s.epoch.map { " \(ClusterSummaryLine.epochName(s)) \($0)" } } ?? ""
            lines = [(look.name + epoch, nameStyle), (s?.role ?? "?", CellStyle(ColorRole.tone(s?.tone ?? .neutral), [.bold]))]
            // The epoch is on the name line already: show the first other field.
            let fields = (s?.fields ?? []).filter { s?.epoch == nil || ($0.name != "term" && $0.name != "epoch") }
            if let f = fields.first { lines.append(("\(f.name) \(f.value)", CellStyle(.text))) }
        }
        if inner.height == 1 {  // one line: name and the condition or role together
            lines = [(lines[0].0 + " " + lines[1].0, lines[1].1)]
        }
        // A replicated log replaces the field line: its latest entries, one
        // cell each, showing the term's last digit in the term's colour,
        // bright when committed and dim when not.
        let log = look.status == .up ? (look.summary?.log ?? []) : []
        let logRow = !log.isEmpty && inner.height >= 3 ? 2 : nil
        for (i, (text, style)) in lines.prefix(inner.height).enumerated() where i != logRow {
            grid.draw(DisplayWidth.truncate(text, to: inner.width, ellipsis: glyphs.ellipsis),
                      at: Point(x: inner.x, y: inner.y + i), clip: inner, style: style)
        }
        if let row = logRow {
            let shown = log.suffix(inner.width)
            var x = inner.x
            for e in shown {
                let digit = Unicode.Scalar(UInt8(48 + ((e.term % 10) + 10) % 10))
                grid.put(digit, at: Point(x: x, y: inner.y + row), clip: inner,
                         style: CellStyle(ColorRole.group(e.term), e.committed ? [.bold] : [.dim]))
                x += 1
            }
        }
    }
}
