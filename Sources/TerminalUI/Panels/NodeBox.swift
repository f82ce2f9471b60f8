import ClusterSim

/// One node in the cluster view: name, role in its tone's colour, epoch and a
/// field. Crashed and paused nodes say so in words, in their own border.
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
            let epoch = s?.epoch.map { " e\($0)" } ?? ""
            lines = [(look.name + epoch, nameStyle), (s?.role ?? "?", CellStyle(ColorRole.tone(s?.tone ?? .neutral), [.bold]))]
            if let f = s?.fields.first { lines.append(("\(f.name) \(f.value)", CellStyle(.text))) }
        }
        if inner.height == 1 {  // one line: name and the condition or role together
            lines = [(lines[0].0 + " " + lines[1].0, lines[1].1)]
        }
        for (i, (text, style)) in lines.prefix(inner.height).enumerated() {
            grid.draw(DisplayWidth.truncate(text, to: inner.width, ellipsis: glyphs.ellipsis),
                      at: Point(x: inner.x, y: inner.y + i), clip: inner, style: style)
        }
    }
}
