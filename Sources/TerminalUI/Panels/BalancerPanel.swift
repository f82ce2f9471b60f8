import ClusterSim

/// Live measurements a node publishes (`NodeSummary.metrics`), one row per
/// thing measured: a load balancer's backends with load and queue as bars,
/// p50/p99 as numbers, and the last metric with a history as a sparkline.
/// It knows no protocol: it draws whatever rows the summary carries.
enum BalancerPanel {
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ summary: NodeSummary) {
        guard rect.height > 0, rect.width > 0, let first = summary.metrics.first else { return }
        let ascii = state.glyphs == .ascii
        let layout = Columns(first, summary.metrics, width: rect.width)
        var y = rect.y
        func line(_ text: String, _ style: CellStyle) {
            guard y < rect.maxY else { return }
            grid.draw(DisplayWidth.truncate(text, to: rect.width, ellipsis: state.glyphs.ellipsis),
                      at: Point(x: rect.x, y: y), clip: rect, style: style)
            y += 1
        }
        line(layout.header(first), CellStyle(.dim, [.bold]))
        for row in summary.metrics {
            guard y < rect.maxY else { break }
            var x = rect.x
            func put(_ s: String, _ style: CellStyle) { x = grid.draw(s, at: Point(x: x, y: y), clip: rect, style: style) }
            if layout.status > 0 {
                put(pad(row.label, layout.label) + " ", CellStyle(row.label == "all" ? .title : .text, [.bold]))
                put(pad(String(row.status.prefix(layout.status)), layout.status) + " ", CellStyle(ColorRole.tone(row.tone)))
            } else {
                put(pad(row.label, layout.label) + " ", CellStyle(ColorRole.tone(row.tone), [.bold]))  // the colour says it
            }
            for m in row.metrics {
                put(pad(format(m), layout.value, right: true) + " ", CellStyle(.text))
                if m.scale != nil, layout.bar > 0 {
                    put(Sparkline.bar(m.value, scale: m.scale!, width: layout.bar, ascii: ascii) + " ",
                        CellStyle(m.unit == .fraction && m.value > 0.9 ? .warning : .good))
                }
            }
            if layout.spark > 0, let h = row.metrics.last(where: { !$0.history.isEmpty }) {
                put(Sparkline.text(h.history, width: layout.spark, ascii: ascii), CellStyle(.highlight))
            }
            y += 1
        }
        // Details wrap at the panel's width instead of being cut.
        let details = summary.details.flatMap { Markdown.wrap([StyledSpan(text: $0, style: CellStyle(.dim))], width: rect.width) }
        Markdown.draw(details, into: &grid, Rect(x: rect.x, y: y, width: rect.width, height: max(0, rect.maxY - y)))
    }

    /// How wide each part of a row is at this panel width: bars and the
    /// sparkline shrink (and go) before the numbers do.
    struct Columns {
        var label: Int, status: Int, value = 5, bar = 0, spark = 0, sparkName = ""
        init(_ first: MetricRow, _ rows: [MetricRow], width: Int) {
            label = max(3, rows.map { DisplayWidth.of($0.label) }.max() ?? 3)
            // Too narrow for the state column: drop it (the label's colour still tells).
            status = label + 1 + 6 + first.metrics.count * (value + 1) <= width ? 5 : 0
            let fixed = label + 1 + (status > 0 ? status + 1 : 0) + first.metrics.count * (value + 1)
            let bars = first.metrics.filter { $0.scale != nil }.count
            sparkName = first.metrics.last(where: { !$0.history.isEmpty })?.name ?? ""
            // Bars first (3…10 cells each, leaving 6 for the sparkline), then the sparkline.
            let room = width - fixed
            if bars > 0 { bar = min(10, max(0, (room - 6) / bars - 1)); if bar < 3 { bar = 0 } }
            if !sparkName.isEmpty { spark = min(24, room - (bar > 0 ? bars * (bar + 1) : 0)); if spark < 4 { spark = 0 } }
        }
        func header(_ first: MetricRow) -> String {
            var h = BalancerPanel.pad("", label) + " " + (status > 0 ? BalancerPanel.pad("state", status) + " " : "")
            for m in first.metrics {
                h += BalancerPanel.pad(m.name, value, right: true) + " "
                if m.scale != nil, bar > 0 { h += String(repeating: " ", count: bar + 1) }
            }
            // Narrow, the sparkline is "trend": its metric's name alone read as a second p99 column.
            if spark > 0 { h += spark >= sparkName.count + 8 ? sparkName + " history" : "trend" }
            return h
        }
    }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let gap = max(0, width - DisplayWidth.of(s))
        return right ? String(repeating: " ", count: gap) + s : s + String(repeating: " ", count: gap)
    }

    /// 850us, 1.2ms, 35ms, 2.1s; 93%; 12, 3.4k.
    static func format(_ m: MetricRow.Metric) -> String {
        let v = m.value
        switch m.unit {
        case .fraction: return "\(Int((v * 100).rounded()))%"
        case .count: return v >= 10_000 ? "\(Int((v / 1000).rounded()))k" : "\(Int(v.rounded()))"
        case .micros:
            if v < 1_000 { return "\(Int(v))us" }
            if v < 10_000 { return "\(Double(Int(v / 100)) / 10)ms" }
            if v < 1_000_000 { return "\(Int(v / 1000))ms" }
            return "\(Double(Int(v / 100_000)) / 10)s"
        }
    }
}
