import ClusterSim

/// The selected node up close: condition, role, fields, clocks, timers and
/// the protocol's own details, each wrapped to the panel's width.
enum InspectorPanel {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height > 0, rect.width > 0 else { return }
        let n = state.selectedNode
        let status = run.status(of: n)
        var lines: [(String, CellStyle)] = []
        let condition: String = { switch status { case .up: return "up"; case .crashed: return "CRASHED"; case .paused: return "PAUSED" } }()
        if let s = run.summary(of: n) {
            let epoch = s.epoch.map { " · \(ClusterSummaryLine.epochName(s)) \($0)" } ?? ""
            lines.append(("\(run.layout.name(n)) · \(condition) · \(s.role)\(epoch)", CellStyle(ColorRole.tone(s.tone), [.bold])))
            if !s.fields.isEmpty { lines.append((s.fields.map { "\($0.name) \($0.value)" }.joined(separator: " · "), CellStyle(.text))) }
        } else {
            lines.append(("\(run.layout.name(n)) · \(condition)", CellStyle(status == .crashed ? .crashed : .text, [.bold])))
        }
        lines.append(("lamport \(run.lamport(of: n)) · vector \(run.vectorClock(of: n))", CellStyle(.text)))
        let timers = run.timerList(of: n)
        if !timers.isEmpty {
            let list = timers.prefix(3).map { "\($0.name) in \(DurationText.format(max(0, $0.deadline - state.displayedTime)))" }
            lines.append(("timers: " + list.joined(separator: ", "), CellStyle(.dim)))
        }
        for d in run.summary(of: n)?.details ?? [] { lines.append((d, CellStyle(.text))) }
        // Lines wrap at the panel's width (at word breaks), never cut.
        let wrapped = lines.flatMap { text, style in Markdown.wrap([StyledSpan(text: text, style: style)], width: rect.width) }
        Markdown.draw(wrapped, into: &grid, rect)
    }
}
