import ClusterSim
import ClusterProtocols
import Testing
@testable import TerminalUI

/// The live metrics panel: sparklines and bars, a row layout that gives up
/// bars before numbers, and the inspector's place taken only by a node that
/// publishes metrics.
@Suite struct BalancerPanelTests {
    @Test func sparklineScalesToTheLargestShownValue() {
        #expect(Sparkline.text([0, 1, 2, 3, 4, 5, 6, 7], width: 8, ascii: false) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.text([100, 0, 7], width: 2, ascii: false) == "▁█")   // only the last two, rescaled
        #expect(Sparkline.text([0, 0, 0], width: 5, ascii: false) == "▁▁▁")
        #expect(Sparkline.text([0, 7], width: 4, ascii: true) == "_#")
        #expect(Sparkline.text([1, 2], width: 0, ascii: false) == "")
    }

    @Test func barsFillInProportionAndStopAtFull() {
        #expect(Sparkline.bar(0.5, scale: 1, width: 4, ascii: false) == "██░░")
        #expect(Sparkline.bar(7, scale: 1, width: 3, ascii: false) == "███")
        #expect(Sparkline.bar(1, scale: 0, width: 3, ascii: true) == "...")
    }

    static let summary = NodeSummary(role: "balancer", details: ["strategy round_robin"], metrics: [
        MetricRow(label: "n2", status: "live", tone: .good, metrics: [
            .init("load", 0.93, unit: .fraction, scale: 1, history: [0.2, 0.5, 0.93]),
            .init("queue", 12, scale: 12),
            .init("p50", 1_234, unit: .micros),
            .init("p99", 38_000, unit: .micros, history: [1_000, 20_000, 38_000]),
        ]),
        MetricRow(label: "all", metrics: [
            .init("load", 0.4, unit: .fraction, scale: 1),
            .init("queue", 12, scale: 24),
            .init("p50", 640, unit: .micros),
            .init("p99", 2_500_000, unit: .micros, history: [5]),
        ]),
    ])

    static func drawn(width: Int, height: Int = 5) -> CellGrid {
        var grid = CellGrid(Size(width: width, height: height))
        BalancerPanel.draw(into: &grid, grid.bounds, AppState(), summary)
        return grid
    }

    @Test func aWidePanelShowsNumbersBarsAndSparklines() {
        let g = Self.drawn(width: 70)
        #expect(g.line(0).contains("load") && g.line(0).contains("p99 history"), "\(g.line(0))")
        let n2 = g.line(1)
        #expect(n2.hasPrefix("n2  live") && n2.contains("93%") && n2.contains("1.2ms") && n2.contains("38ms"), "\(n2)")
        #expect(n2.contains("███") && n2.contains("▁▅█"), "\(n2)")
        #expect(g.line(2).contains("640us") && g.line(2).contains("2.5s"), "\(g.line(2))")
        #expect(g.line(3).contains("strategy round_robin"))
    }

    @Test func aNarrowPanelDropsBarsAndSparklinesButKeepsTheNumbers() {
        let g = Self.drawn(width: 34)
        let n2 = g.line(1)
        #expect(n2.contains("live") && n2.contains("93%") && n2.contains("38ms"), "\(n2)")
        #expect(!n2.contains("█") && !n2.contains("░"), "\(n2)")
        // The 80-column screen's panel: the state column goes, every number stays whole.
        let narrow = Self.drawn(width: 32)
        #expect(narrow.line(1).hasPrefix("n2  ") && !narrow.line(1).contains("live"), "\(narrow.line(1))")
        #expect(narrow.line(1).contains("1.2ms  38ms"), "\(narrow.line(1))")
        #expect(narrow.line(0).contains("p50   p99"), "\(narrow.line(0))")
    }

    @Test func theBalancerShowsLiveMetricsWhereTheInspectorWasAndABackendItsInspector() throws {
        let run = try ProtocolCatalog.sandbox("balancer", seed: 1)
        run.run(until: .ms(500))
        let (grid, _) = screen(after: [], run: run, size: Size(width: 120, height: 40))
        #expect(grid.text.contains("Live metrics · n1") && grid.text.contains("│all "), "\(grid.text)")
        let (other, _) = screen(after: [.right], run: run, size: Size(width: 120, height: 40))
        #expect(other.text.contains("Inspector · n2") && !other.text.contains("Live metrics"))
    }
}
