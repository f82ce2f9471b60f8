import ClusterSim

/// Every node's Lamport clock and vector clock, with what changed in the
/// latest engine step highlighted.
enum ClocksPanel {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height > 0, rect.width > 0 else { return }
        let layout = run.layout
        let changes = ClockChanges(run)
        let nameWidth = layout.all.map { DisplayWidth.of(layout.name($0)) }.max() ?? 2
        let clocks = layout.all.map { run.vectorClock(of: $0) }
        let entryWidth = max(1, clocks.flatMap(\.entries).map { String($0).count }.max() ?? 1)
        let lamportWidth = max(2, layout.all.map { String(run.lamport(of: $0)).count }.max() ?? 1)
        let headerStyle = CellStyle(.dim)
        var x = grid.draw(DisplayWidth.pad("", to: nameWidth) + "  " + DisplayWidth.pad("L", to: lamportWidth + 1) + "   ",
                          at: Point(x: rect.x, y: rect.y), clip: rect, style: headerStyle)
        for n in layout.all {
            let name = String(layout.name(n).suffix(entryWidth))
            x = grid.draw(String(repeating: " ", count: max(0, entryWidth - name.count)) + name + " ", at: Point(x: x, y: rect.y), clip: rect, style: headerStyle)
        }
        for (row, n) in layout.all.enumerated() where row + 1 < rect.height {
            let y = rect.y + 1 + row
            let selected = n == state.selectedNode
            var x = grid.draw(DisplayWidth.pad(layout.name(n), to: nameWidth) + "  ", at: Point(x: rect.x, y: y), clip: rect,
                              style: CellStyle(selected ? .highlight : .title, [.bold]))
            let lamport = String(run.lamport(of: n))
            let lamportChanged = changes.lamport.contains(n.index)
            x = grid.draw(String(repeating: " ", count: lamportWidth - lamport.count) + lamport, at: Point(x: x, y: y), clip: rect,
                          style: lamportChanged ? CellStyle(.selection, background: .selection, [.bold]) : CellStyle(.text))
            x = grid.draw(lamportChanged ? "*  [" : "   [", at: Point(x: x, y: y), clip: rect, style: CellStyle(.dim))
            for (k, v) in clocks[n.index].entries.enumerated() {
                let text = String(v)
                let changed = changes.entries[n.index]?.contains(k) == true
                x = grid.draw(String(repeating: " ", count: entryWidth - text.count), at: Point(x: x, y: y), clip: rect)
                x = grid.draw(text, at: Point(x: x, y: y), clip: rect,
                              style: changed ? CellStyle(.selection, background: .selection, [.bold]) : CellStyle(k == n.index ? .text : .dim))
                x = grid.draw(k == clocks[n.index].entries.count - 1 ? "]" : " ", at: Point(x: x, y: y), clip: rect, style: CellStyle(.dim))
            }
            if run.status(of: n) == .crashed { grid.draw(" crashed", at: Point(x: x, y: y), clip: rect, style: CellStyle(.crashed)) }
        }
        // The legend wraps onto a second line when the panel is narrow, rather than losing its end.
        let legend = Markdown.wrap([StyledSpan(text: "highlighted: changed in the latest step · * Lamport ticked", style: CellStyle(.dim))],
                                   width: rect.width)
        if layout.count + legend.count < rect.height {
            Markdown.draw(legend, into: &grid, Rect(x: rect.x, y: rect.maxY - legend.count, width: rect.width, height: legend.count))
        }
    }
}

/// Which clocks the latest engine step changed: the nodes whose events it
/// produced, compared with their clocks at their previous event.
struct ClockChanges {
    var lamport: Set<Int> = []
    /// Changed vector entries, by node.
    var entries: [Int: Set<Int>] = [:]

    init(_ run: ClusterRun) {
        let trace = run.trace
        guard trace.count > 0 else { return }
        let lastStep = trace.events[trace.count - 1].step
        var first = trace.count - 1
        while first > 0, trace.events[first - 1].step == lastStep { first -= 1 }
        var touched = Set<Int32>()
        for i in first..<trace.count where trace.events[i].ticksClock { touched.insert(trace.events[i].node) }
        for p in touched {
            let node = NodeID(Int(p))
            let now = run.vectorClock(of: node)
            var before = VectorClock(count: now.entries.count)
            var lamportBefore: Int64 = 0
            // The node's previous event, looking back a bounded way.
            var i = first - 1
            while i >= 0, first - i < 100_000 {
                let e = trace.events[i]
                if e.node == p, e.ticksClock {
                    before = run.clockIndex.clock(at: i, in: trace) ?? before
                    lamportBefore = e.lamport
                    break
                }
                i -= 1
            }
            if run.lamport(of: node) != lamportBefore { lamport.insert(node.index) }
            let changed = Set(now.entries.indices.filter { k in k >= before.entries.count || now.entries[k] != before.entries[k] })
            if !changed.isEmpty { entries[node.index] = changed }
        }
    }
}
