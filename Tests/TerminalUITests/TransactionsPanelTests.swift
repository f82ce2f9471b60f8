import ClusterSim
import Testing
@testable import TerminalUI

/// A test-only protocol whose nodes are transaction clients of an imagined
/// store, recording list-append transactions in the run's history as
/// Jepsen's clients do. n1 and n2 each read x and y and append to one of
/// them; with `concurrent`, both read the empty snapshot (write skew: a
/// G2-item cycle, T1 -rw(y)-> T2 -rw(x)-> T1); without, n2 starts after n1
/// committed and sees its append (serializable). n3 reads both at the end.
struct TxnClientNode: NodeStateMachine {
    static let protocolName = "txn-clients-test"
    struct Config: Sendable { var concurrent: Bool }
    enum Message: ProtocolMessage, Hashable {
        case none
        var kind: String { "None" }
        var description: String { "None" }
    }
    enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case begin, commit
        var description: String { rawValue }
    }
    let id: NodeID
    let concurrent: Bool
    var committed = false

    init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) {
        self.id = id; concurrent = config.concurrent
    }

    /// n1 begins at 10 ms, n2 at 20 ms (or 40 ms, after n1's commit at 30 ms), n3 at 60 ms; each commits 20 ms later.
    mutating func start(_ context: inout NodeContext<TxnClientNode>) {
        let begin: Int64 = [10_000, concurrent ? 20_000 : 40_000, 60_000][id.index]
        context.setTimer(.begin, after: begin)
    }

    func ops(filled: Bool) -> [HistoryValue] {
        let seesX = !concurrent && id.index == 1
        func read(_ key: String, _ list: [Int64]) -> HistoryValue {
            HistoryOperation.microOp(.read, key, filled ? .list(list.map(HistoryValue.int)) : .null)
        }
        switch id.index {
        case 0: return [read("x", []), read("y", []), HistoryOperation.microOp(.append, "x", .int(1))]
        case 1: return [read("x", seesX ? [1] : []), read("y", []), HistoryOperation.microOp(.append, "y", .int(1))]
        default: return [read("x", [1]), read("y", [1])]
        }
    }

    mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<TxnClientNode>) {
        switch tag {
        case .begin:
            context.record(.txn(process: id.index, type: .invoke, ops(filled: false)))
            context.setTimer(.commit, after: 20_000)
        case .commit:
            context.record(.txn(process: id.index, type: .ok, ops(filled: true)))
            committed = true
        }
    }

    mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<TxnClientNode>) {}
    var summary: NodeSummary { NodeSummary(role: committed ? "committed" : "client", fields: []) }
}

@Suite struct TransactionsPanelTests {
    static func run(concurrent: Bool) -> Simulation<TxnClientNode> {
        Simulation<TxnClientNode>(layout: ClusterLayout(servers: 3), config: .init(concurrent: concurrent), seed: 1)
    }

    func screen(_ run: ClusterRun, _ size: Size = Size(width: 80, height: 24), presenting: Bool = false) -> CellGrid {
        var state = AppState()
        state.presenting = presenting
        reduce(&state, .keyPressed(.char("T")), run)
        #expect(state.mainPanel == .transactions && state.focus == .transactions)
        return render(state, run, size)
    }

    /// The line of the grid that lists transaction `name` (`T2`).
    func row(_ grid: CellGrid, _ name: String) -> Int? {
        (0..<grid.size.height).first { grid.line($0).contains(" \(name)  p") || grid.line($0).contains("*\(name)  p") }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func writeSkewIsNamedItsCycleListedAndItsTransactionsHighlighted(size: Size) throws {
        let run = Self.run(concurrent: true)
        run.run(until: VirtualTime(microseconds: 100_000))
        let grid = screen(run, size)
        let text = grid.text
        #expect(text.contains((size.width < 100 ? "Txns" : "Transactions") + " (3) · not serializable: G2-item"), "\(text)")
        #expect(text.contains("G2-item cycle: T1 -rw(y)-> T2 -rw(x)-> T1"), "\(text)")
        #expect(text.contains("T1 -rw-> T2: T1 read key \"y\" empty"), "each edge's reason: \(text)")
        for name in ["T1", "T2"] {
            let y = try #require(row(grid, name), "\(name) listed:\n\(text)")
            #expect(grid.line(y).contains("*\(name)"), "\(name) marked: \(grid.line(y))")
            let x = try #require(Array(grid.line(y).unicodeScalars).firstIndex(of: "*"))
            #expect(grid[x + 1, y].style.foreground == .bad && grid[x + 1, y].style.attributes.contains(.reverse), "\(name) highlighted")
        }
        let reader = try #require(row(grid, "T3"), "\(text)")
        #expect(grid.line(reader).contains(" T3  p2  ok      r x [1], r y [1]"), "\(grid.line(reader))")
        #expect(!grid.line(reader).contains("*T3"))
    }

    @Test func aSerialRunIsValid() throws {
        let run = Self.run(concurrent: false)
        run.run(until: VirtualTime(microseconds: 100_000))
        let text = screen(run).text
        #expect(text.contains("Transactions (3) · serializable: valid"), "\(text)")
        #expect(text.contains("no anomaly found (serializable)") && !text.contains("*T"), "\(text)")
        #expect(text.contains("dependencies: 3 wr, 1 rw"), "\(text)")
        #expect(text.contains("T2  p1  ok      r x [1], r y [], append y 1"), "whole at 80 columns: \(text)")
    }

    /// Time travel: the panel reads the history at the event on screen.
    /// Stepped back to before n2's commit, T2 is pending and there is no cycle.
    @Test func steppingBackBeforeTheSecondCommitShowsAValidHistory() throws {
        let run = Self.run(concurrent: true)
        run.run(until: VirtualTime(microseconds: 100_000))
        #expect(screen(run).text.contains("not serializable"))
        while run.trace.history.count > 3 { run.stepBack(1) }
        let text = screen(run).text
        #expect(text.contains("Transactions (2) · serializable: valid"), "\(text)")
        #expect(text.contains("T2  p1  pending"), "\(text)")
        #expect(!text.contains("*T"), "\(text)")
    }

    @Test func longReadsShowTheirEndAndKeysArePlain() {
        #expect(TransactionsPanel.microOpText(MicroOp(.read, .string("x"), .list((1...17).map { .int($0) }))) == "r x […15,16,17]")
        #expect(TransactionsPanel.microOpText(MicroOp(.read, .int(3), .list([.int(1), .int(2)]))) == "r 3 [1,2]")
        #expect(TransactionsPanel.microOpText(MicroOp(.read, .int(3), .null)) == "r 3 ?")
        #expect(TransactionsPanel.microOpText(MicroOp(.read, .int(3), .null), read: true) == "r 3 nil", "a committed read of nothing")
        #expect(TransactionsPanel.microOpText(MicroOp(.write, .string("y"), .int(4))) == "w y 4")
    }

    @Test func aRunWithoutTransactionsSaysSo() {
        let run = floodRun()
        run.run(steps: 50)
        let text = screen(run).text
        #expect(text.contains("no transactions in this run yet"), "\(text)")
        #expect(text.contains("Maelstrom's txn-list-append"), "\(text)")
    }

    @Test func theProjectorLayoutShowsThePanel() {
        let run = Self.run(concurrent: true)
        run.run(until: VirtualTime(microseconds: 100_000))
        let text = screen(run, Size(width: 80, height: 24), presenting: true).text
        #expect(text.contains("not serializable: G2-item") && text.contains("T1 -rw(y)-> T2"), "\(text)")
    }

    /// The checker runs once per history length, not once per frame.
    @Test func theVerdictIsCachedUntilTheHistoryChanges() {
        let run = Self.run(concurrent: true)
        let cache = TxnPanelCache()
        run.run(until: VirtualTime(microseconds: 35_000))
        _ = cache.verdict(for: run); _ = cache.verdict(for: run)
        #expect(cache.checks == 1)
        run.run(until: VirtualTime(microseconds: 45_000))  // n2 commits
        #expect(cache.verdict(for: run).headline == "not serializable: G2-item")
        #expect(cache.checks == 2)
        run.run(until: VirtualTime(microseconds: 55_000))  // nothing recorded
        _ = cache.verdict(for: run)
        #expect(cache.checks == 2)
    }

    @Test func theKeyTogglesBackAndTheTimelineStandsInFront() {
        let run = Self.run(concurrent: true)
        var state = AppState()
        reduce(&state, .keyPressed(.char("T")), run)
        #expect(state.mainPanel == .transactions)
        reduce(&state, .keyPressed(.char("t")), run)
        #expect(state.mainPanel == .timeline)
        reduce(&state, .keyPressed(.char("t")), run)
        #expect(state.mainPanel == .transactions)
        reduce(&state, .keyPressed(.char("M")), run)
        #expect(state.mainPanel == .membership)
        reduce(&state, .keyPressed(.char("T")), run)
        reduce(&state, .keyPressed(.char("T")), run)
        #expect(state.mainPanel == .cluster && state.focus == .cluster)
    }
}
