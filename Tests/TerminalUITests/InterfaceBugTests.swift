import ClusterProtocols
import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// Issue 13's bugs, each with the behaviour that was wrong.
@Suite struct InterfaceBugTests {
    static let small = Size(width: 80, height: 24)

    /// A state that knows its terminal, as the run loop's does.
    static func state(_ size: Size = small) -> AppState {
        var s = AppState(); s.terminalSize = size; return s
    }

    static func press(_ keys: [Key], _ state: inout AppState, _ run: ClusterRun) {
        for k in keys { reduce(&state, .keyPressed(k), run) }
    }

    // MARK: 1. help scrolls, fits, depends on the context, closes with esc or ?

    @Test func helpScrollsAndClosesOnlyWithEscapeOrQuestionMark() {
        let run = floodRun()
        var state = Self.state()
        Self.press([.char("?")], &state, run)
        let first = render(state, run, Self.small).text
        #expect(first.contains("Help · 1–"), "the title says which lines show")
        Self.press([.char("j"), .char("j")], &state, run)
        #expect(state.helpScroll == 2)
        #expect(render(state, run, Self.small).text != first)
        Self.press([.pageDown], &state, run)
        #expect(state.helpScroll == 12)
        Self.press([.char("x"), .char("c"), .enter], &state, run)
        #expect(state.mode == .help, "other keys leave help open")
        #expect(run.status(of: NodeID(0)) == .up, "and do nothing behind it")
        Self.press([.escape], &state, run)
        #expect(state.mode == .normal)
        Self.press([.char("?"), .char("?")], &state, run)
        #expect(state.mode == .normal)
    }

    @Test func helpNeverScrollsPastItsEnd() {
        let run = floodRun()
        var state = Self.state()
        Self.press([.char("?"), .end], &state, run)
        let total = HelpOverlay.lines(state, width: HelpOverlay.textWidth(Self.small)).count
        #expect(state.helpScroll == total - HelpOverlay.visibleRows(Self.small))
        Self.press([.char("k")], &state, run)
        #expect(state.helpScroll == total - HelpOverlay.visibleRows(Self.small) - 1, "one k scrolls back at once")
    }

    @Test(arguments: [small, Size(width: 120, height: 40)])
    func helpLinesAreWrappedNotCut(size: Size) {
        for screen in [Screen.cluster, .home, .placement] {
            var state = Self.state(size)
            state.screen = screen
            state.guide = GuideState(labID: "x", instructor: true)
            let width = HelpOverlay.textWidth(size)
            for line in HelpOverlay.lines(state, width: width) {
                let text = line.map(\.text).joined()
                #expect(DisplayWidth.of(text) <= width, "cut at \(size): \(text)")
            }
        }
    }

    @Test func helpDependsOnTheContext() {
        var home = Self.state(); home.screen = .home
        #expect(HelpOverlay.sections(home).first?.title == "Home")
        var timeline = Self.state(); timeline.showsTimeline = true
        #expect(HelpOverlay.sections(timeline).first?.title == "Timeline (t)")
        var lab = Self.state(); lab.guide = GuideState(labID: "x", instructor: false)
        #expect(HelpOverlay.sections(lab).first?.title == "Lab")
        #expect(HelpOverlay.sections(Self.state()).first?.title == "Cluster")
    }

    // MARK: 3. the log strip shows terms unambiguously and marks truncation

    static func summary(terms: [Int], committed: Int, length: Int? = nil) -> NodeSummary {
        let log = terms.enumerated().map { NodeSummary.LogEntry(term: $1, committed: $0 < committed, text: "") }
        return NodeSummary(role: "follower", epoch: terms.last, log: log, logLength: length ?? terms.count, committedCount: committed)
    }

    @Test func theLogStripGroupsRunsOfTermsAndMarksWhatIsCut() {
        let distinct = NodeBox.logStrip(Self.summary(terms: [2, 5, 12], committed: 3), width: 12)
        #expect(distinct.runs.map(\.text) == ["2", "5", "12"] && !distinct.cut, "terms [2, 5, 12] no longer read 252")
        let long = Array(repeating: 1, count: 30) + Array(repeating: 3, count: 34)
        let strip = NodeBox.logStrip(Self.summary(terms: long, committed: 64, length: 79), width: 12)
        #expect(strip.runs.map(\.text) == ["1×30", "3×34"])
        #expect(strip.cut, "79 entries of which 64 are shown: marked as cut")
        let narrow = NodeBox.logStrip(Self.summary(terms: [1, 2, 3, 4, 5, 6, 7, 8], committed: 8), width: 6)
        #expect(narrow.runs.map(\.text) == ["6", "7", "8"] && narrow.cut, "…6 7 8 in six columns")
        var grid = CellGrid(Size(width: 14, height: 5))
        NodeBox.draw(into: &grid, grid.bounds, .init(name: "n1", status: .up, summary: Self.summary(terms: [2, 5, 12, 12, 12], committed: 4),
                                                     selected: false, group: nil), .unicode)
        #expect(grid.text.contains("2 5 12×2 12"), "the uncommitted entry is a run of its own:\n\(grid.text)")
    }

    // MARK: 4. node boxes show term, role, commit and last log index; the inspector wraps

    @Test func raftBoxesShowTermCommitAndLastIndexAndTheInspectorWraps() throws {
        let run = try ProtocolCatalog.sandbox("raft", servers: 5, seed: 2)
        run.run(until: .ms(600))
        run.perform(.command(NodeID(0), "write x 3"), at: nil)
        run.run(until: .ms(900))
        var state = Self.state()
        state.displayedTime = run.now.microseconds
        let wide = render(state, run, Size(width: 120, height: 40)).text
        #expect(wide.contains("term 1 commit 2/2"), "\(wide)")
        let text = render(state, run, Self.small).text
        #expect(text.contains("t1 c2/2"), "\(text)")
        #expect(text.contains("applied"), "the inspector wraps the field line instead of cutting 'appl…'")
        #expect(!text.contains("appl…"))
    }

    // MARK: 5. q and esc go back to Home from anything opened there

    static func home() throws -> (Workbench, AppState) {
        let dir = try HomeTests.temporaryDirectory()
        let workbench = Workbench(progressStore: ProgressStore(directory: dir), labsRoot: HomeTests.labsRoot)
        var state = Self.state()
        workbench.openHome(&state)
        return (workbench, state)
    }

    static func press(_ keys: [Key], _ state: inout AppState, _ workbench: Workbench) {
        for k in keys { reduce(&state, .keyPressed(k), workbench.stage); workbench.drain(&state) }
    }

    @Test func qAndEscapeGoBackToHomeFromASandboxOpenedThere() throws {
        var (workbench, state) = try Self.home()
        let sandbox = try #require(state.home.items.firstIndex { $0.target == .sandbox(protocolName: "gossip") })
        state.home.selected = sandbox
        Self.press([.enter], &state, workbench)
        #expect(state.screen == .cluster && workbench.stage != nil)
        Self.press([.char("q")], &state, workbench)
        #expect(state.screen == .home && !state.shouldQuit, "q went back to Home")
        #expect(state.home.selected == sandbox, "with the same item selected")
        Self.press([.enter, .escape], &state, workbench)
        #expect(state.screen == .home && !state.shouldQuit, "esc went back to Home")
        Self.press([.char("q")], &state, workbench)
        #expect(state.shouldQuit, "q on Home quits")
    }

    @Test func leavingALabPartWayAsksFirst() throws {
        var (workbench, state) = try Self.home()
        let lab = try #require(state.home.items.firstIndex { $0.target == .lab(path: LabGuideTests.labPath) })
        state.home.selected = lab
        Self.press([.enter], &state, workbench)
        #expect(state.guide != nil)
        Self.press([.char("]")], &state, workbench)  // a lab opens at its start: on to the first question
        Self.press([.enter] + typed("b") + [.enter], &state, workbench)  // one answer: part-way
        Self.press([.char("q")], &state, workbench)
        #expect(state.mode == .confirm(.leaveLab(toHome: true)))
        Self.press([.char("n")], &state, workbench)
        #expect(state.mode == .normal && state.screen == .cluster, "n stays")
        Self.press([.escape, .char("y")], &state, workbench)
        #expect(state.screen == .home && !state.shouldQuit)
        #expect(workbench.progressStore.load().progress.labs["clocks-lamport-vs-vector"] != nil, "progress saved on the way out")
    }

    @Test func escapeInARunNotOpenedFromHomeSaysSoAndQQuits() {
        let run = floodRun()
        var state = Self.state()
        Self.press([.escape], &state, run)
        #expect(!state.shouldQuit && state.message?.text.contains("q quits") == true)
        Self.press([.char("q")], &state, run)
        #expect(state.shouldQuit)
    }

    // MARK: 6. only resize and quit act behind "terminal too small"

    @Test func keysDoNothingBehindTheTooSmallScreen() {
        let run = floodRun()
        var state = Self.state(Size(width: 70, height: 20))
        Self.press([.space, .char("n"), .char("c"), .char("x"), .char("?")], &state, run)
        #expect(!state.isPlaying && run.stepCount == 0 && run.status(of: NodeID(0)) == .up && state.mode == .normal)
        reduce(&state, .terminalResized(Self.small), run)
        Self.press([.space], &state, run)
        #expect(state.isPlaying, "keys work again once the terminal is big enough")
        reduce(&state, .terminalResized(Size(width: 70, height: 20)), run)
        Self.press([.char("q")], &state, run)
        #expect(state.shouldQuit)
    }

    // MARK: 7. the search: esc clears it, n/N jump, the title shows it only while on

    @Test func searchJumpsBetweenMatchesAndEscapeClearsIt() {
        let run = floodRun()
        var state = Self.state()
        Self.press(typed(":step 40") + [.enter], &state, run)
        Self.press([.char("/")] + typed("n3") + [.enter], &state, run)
        let first = try! #require(state.searchMatch)
        #expect(EventLogPanel.Line(first, run.trace.events[first], run).text.contains("n3"))
        #expect(render(state, run, Self.small).text.contains("· /n3"))
        let hints = KeyMap.hints(for: state).map(\.keys)
        #expect(hints.filter { $0 == "n" }.count == 1, "n is hinted once, for the search: \(hints)")
        Self.press([.char("n")], &state, run)
        let second = try! #require(state.searchMatch)
        #expect(second < first, "n goes to an older match")
        #expect(run.stepCount == 40, "n jumps instead of stepping while a search is on")
        Self.press([.char("N")], &state, run)
        #expect(state.searchMatch == first)
        Self.press([.escape], &state, run)
        #expect(state.logFilter.search == nil && state.searchMatch == nil && state.logScroll == 0)
        #expect(!render(state, run, Self.small).text.contains("/n3"), "the title drops the search once cleared")
        Self.press([.char("n")], &state, run)
        #expect(run.stepCount == 41, "n steps again")
    }

    @Test func anEmptySearchClearsIt() {
        let run = floodRun()
        var state = Self.state()
        Self.press([.char("/")] + typed("n2") + [.enter], &state, run)
        #expect(state.logFilter.search == "n2")
        Self.press([.char("/")] + [.backspace, .backspace, .enter], &state, run)
        #expect(state.logFilter.search == nil)
    }

    // MARK: 10. layout by width

    @Test func theStatusBarKeepsHelpAt80Columns() {
        let run = floodRun()
        var state = Self.state()
        state.guide = nil
        state.isPlaying = true
        let top = render(state, run, Self.small).line(0)
        #expect(top.hasSuffix("? help "), "\(top)")
    }

    /// Issue 13, left over from bug 10: at 80 columns, with a lab's name, a
    /// slow speed and "stops at script", the bar cut "PARTITIONED"; the other
    /// fields shorten first.
    @Test func theStatusBarShortensItsOtherFieldsBeforeThePartitionState() {
        let run = floodRun()
        var state = Self.state()
        state.isPlaying = true
        state.pausesAtScripted = true
        state.guide = GuideState(labID: "x", instructor: true)
        state.speed = 0.01
        Self.press(typed(":step 400") + [.enter] + typed(":partition n1 n2 | n3 n4 n5") + [.enter], &state, run)
        let top = render(state, run, Self.small).line(0)
        #expect(top.contains("PARTITIONED") && top.contains("stops at script"), "\(top)")
        #expect(top.contains("t=") && top.contains("1/100×") && top.hasSuffix("? help "), "\(top)")
    }

    // MARK: 11. minor

    @Test func logTimesShareOnePrecision() {
        let column = EventLogPanel.TimeColumn(longest: 1_102_000)
        #expect(column.format(1_100_000) == "1.100s" && column.format(1_102_000) == "1.102s" && column.format(5_000) == "0.005s")
        #expect(EventLogPanel.TimeColumn(longest: 900).format(12) == "0.012ms")
    }

    @Test func hintsNameBothArrowsOfAPair() {
        var state = Self.state(); state.screen = .home
        #expect(KeyMap.hints(for: state).contains { $0.keys == "↑↓" && $0.hint == "select" })
    }

    @Test func aShortLogStartsAtTheTopOfTheZoomedPanel() {
        let run = floodRun()
        var state = Self.state()
        Self.press([.char("n"), .tab, .char("f")], &state, run)
        let grid = render(state, run, Self.small)
        #expect(grid.line(2).contains("n1"), "the first event is on the panel's first line:\n\(grid.text)")
    }
}

/// Issue 13's bugs 8 and 9: the request prompt and who did what.
@Suite struct RequestPromptAndActorTests {
    static func press(_ keys: [Key], _ state: inout AppState, _ run: ClusterRun) {
        for k in keys { reduce(&state, .keyPressed(k), run) }
    }

    @Test func theRequestPromptShowsCompletesAndChecksTheProtocolsCommands() throws {
        let run = try ProtocolCatalog.sandbox("raft", servers: 3, seed: 1)
        var state = InterfaceBugTests.state()
        Self.press([.char("r")], &state, run)
        let shown = render(state, run, InterfaceBugTests.small).line(22)
        #expect(shown.contains("write KEY VALUE") && shown.contains("read KEY"), "the syntax is on the prompt line: \(shown)")
        Self.press(typed("wr") + [.tab], &state, run)
        #expect(state.mode == .prompt(Prompt(purpose: .clientCommand(NodeID(0)), text: "write ")), "tab completed the verb")
        #expect(render(state, run, InterfaceBugTests.small).line(22).contains("e.g. write x 3"))
        Self.press(typed("x 3") + [.enter], &state, run)
        #expect(run.userActions.last?.action == .command(NodeID(0), "write x 3"))
        let before = run.userActions.count
        Self.press([.char("r")] + typed("foo") + [.enter], &state, run)
        #expect(run.userActions.count == before, "a bad command is not sent")
        #expect(state.message?.isError == true && state.message?.text.contains("unknown command 'foo'") == true, "\(state.message?.text ?? "")")
        Self.press([.char("r")] + typed("write x") + [.enter], &state, run)
        #expect(state.message?.text.contains("usage: write KEY VALUE, for example write x 3") == true)
        Self.press(typed(":request n2 bogus") + [.enter], &state, run)
        #expect(run.userActions.count == before && state.message?.isError == true, ":request is checked the same way")
    }

    /// Issue 13 bug 8, left over: a client of raft, quorum or redis runs its
    /// own workload and only logs that it ignores a typed command, so the
    /// prompt refuses it where it was typed and says which node to select.
    @Test(arguments: ["raft", "quorum", "redis"])
    func aCommandAtAClientIsRefusedInTheStatusLineNotSentToBeIgnored(_ name: String) throws {
        let run = try ProtocolCatalog.sandbox(name, seed: 1)
        let client = try #require(run.layout.clients.first, "\(name)'s sandbox has a client")
        let servers = "a server (n1–\(run.layout.name(run.layout.servers.last!)))"
        var state = InterfaceBugTests.state()
        state.selectedNode = client
        // A quorum client takes its own `read KEY via SERVER` (issue 18), so the command it must refuse is one
        // only a server takes: `flush`.
        let example = name == "quorum" ? "flush" : try #require(run.commandUsages.first?.example)
        let before = run.userActions.count
        Self.press([.char("r")], &state, run)
        if name == "quorum" {  // its clients take their level and via-server operations: the prompt opens, the server's command is refused
            Self.press(typed(example) + [.enter], &state, run)
        } else {
            #expect(state.mode == .normal, "no prompt opens at \(run.layout.name(client))")
        }
        let shown = state.message?.text ?? ""
        #expect(state.message?.isError == true && shown.contains(servers) && shown.count <= 80, "\(shown)")
        Self.press(typed(":request \(run.layout.name(client)) \(example)") + [.enter], &state, run)
        #expect(run.userActions.count == before && state.message?.text.contains("send it to \(servers)") == true,
                ":request is checked the same way: \(state.message?.text ?? "")")
        #expect(state.message?.text.contains("not sent") == true)
        state.selectedNode = NodeID(0)
        Self.press([.char("r")] + typed(example) + [.enter], &state, run)
        #expect(run.userActions.last?.action == .command(NodeID(0), example), "a server still takes it")
    }

    @Test func aQuorumClientStillTakesItsConsistencyLevel() throws {
        let run = try ProtocolCatalog.sandbox("quorum", seed: 1)
        let client = try #require(run.layout.clients.first)
        var state = InterfaceBugTests.state()
        state.selectedNode = client
        Self.press([.char("r")] + typed("consistency read all") + [.enter], &state, run)
        #expect(run.userActions.last?.action == .command(client, "consistency read all"), "\(state.message?.text ?? "")")
    }

    @Test func theBalancerPromptOpensOnlyAtTheBalancer() throws {
        let run = try ProtocolCatalog.sandbox("balancer", seed: 1)
        var state = InterfaceBugTests.state()
        state.selectedNode = NodeID(1)
        Self.press([.char("r")], &state, run)
        #expect(state.mode == .normal && state.message?.text.contains("select n1 with ←→") == true, "\(state.message?.text ?? "")")
    }

    @Test func aProtocolWithoutCommandsSaysSoInsteadOfAPrompt() {
        var state = InterfaceBugTests.state()
        let run = floodRun()
        Self.press([.char("r")], &state, run)
        #expect(state.mode == .normal && state.message?.text.contains("take no commands") == true)
    }

    @Test func aLabsActionsAreLabelledTheLabsAndOnlyWhatHappenedIsReported() throws {
        let text = """
            id: actor-test
            title: Actors
            topic: examples
            summary: s
            prerequisites: []
            minutes: 1
            scenario: {protocol: gossip, seed: 1, nodes: 3}
            steps:
              - run: {for: 50ms}
              - do: ["crash n2", "restart n3"]
              - id: q
                ask: {prompt: "?", number: 1}
            """
        let lab = try LabLoader.load(SourceText(name: "actors.yaml", text: text))
        let runner = try LabRunner(lab: lab)
        let events = runner.advance().map(\.event)
        let did = events.compactMap { if case .performed(let t) = $0 { return t } else { return nil } }
        #expect(did == ["crash n2"], "n3 was never down: its restart did nothing and is not reported")
        let crash = try #require(runner.run.trace.events.lastIndex { $0.kind == .crash })
        #expect(runner.run.trace.events[crash].isByLab)
        #expect(runner.run.eventLine(crash).hasSuffix("[lab]") && !runner.run.eventLine(crash).contains("[user]"))
        var lines: [String] = []
        TraceExport.jsonLines(runner.run) { lines.append($0) }
        #expect(lines.contains { $0.contains("\"kind\":\"crash\"") && $0.contains("\"by_lab\":true") }, "JSON Lines say so too")
        runner.run.stepBack(1)
        runner.run.goTo(step: runner.run.stepCount + 1)
        let again = try #require(runner.run.trace.events.lastIndex { $0.kind == .crash })
        #expect(runner.run.trace.events[again].isByLab, "still the lab's after time travel")
        runner.run.perform(.restart(NodeID(1)), at: nil)
        #expect(runner.run.eventLine(runner.run.trace.count - 1).hasSuffix("[user]"))
    }
}

/// Focus (a panel's double border) and selection (the node's name in the
/// selection's colours) never look alike; the timeline explains its glyphs.
@Suite struct FocusSelectionLegendTests {
    @Test func theSelectedNodeIsNotDrawnLikeTheFocusedPanel() {
        let run = floodRun()
        var state = InterfaceBugTests.state()
        state.focus = .log
        state.selectedNode = NodeID(2)
        let grid = render(state, run, InterfaceBugTests.small)
        let text = grid.text
        #expect(text.contains("╔ Events"), "the focused panel has the double border")
        #expect(!text.contains("╔ Cluster"))
        let row = try! #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("▶n3") })
        let line = grid.line(row)
        let column = line.distance(from: line.startIndex, to: line.range(of: "▶n3")!.lowerBound)
        #expect(grid[column + 1, row].style.background == .selection, "the selected node's name is in the selection's colours")
        #expect(grid[column - 1, row].scalar == "│", "its box keeps the single border: double means focus")
    }

    @Test func theTimelineHasALegend() {
        let run = floodRun()
        var state = InterfaceBugTests.state(Size(width: 120, height: 40))
        InterfaceBugTests.press([.char("n"), .char("n"), .char("t")], &state, run)
        let text = render(state, run, Size(width: 120, height: 40)).text
        #expect(text.contains("●send ◆recv ✕drop ○timer"), "\(text)")
        #expect(text.contains("before (green)") && text.contains("concurrent (dim)"), "the footer names the colours")
    }
}

/// The mouse, mapped to the same actions as the keys.
@Suite struct MouseTests {
    @Test func aClickOnAMessageInFlightSelectsItAndOnANodeSelectsTheNode() throws {
        let run = floodRun()
        var state = InterfaceBugTests.state()
        InterfaceBugTests.press(typed(":step 12") + [.enter], &state, run)
        let panel = try #require(ScreenLayout(InterfaceBugTests.small, state).panels[.cluster]).inset(by: 1)
        let boxes = ClusterPanel.placement(panel, state, run).boxes
        let message = try #require(run.inFlight.first { ClusterPanel.point(of: $0, boxes, state) != nil })
        let at = try #require(ClusterPanel.point(of: message, boxes, state))
        reduce(&state, .mouse(.click(at)), run)
        #expect(state.selectedMessage == message.id)
        reduce(&state, .mouse(.click(boxes[3].centre)), run)
        #expect(state.selectedNode == NodeID(3) && state.focus == .cluster)
        let log = try #require(ScreenLayout(InterfaceBugTests.small, state).panels[.log])
        reduce(&state, .mouse(.wheel(up: true, at: Point(x: log.x + 2, y: log.y + 2))), run)
        #expect(state.logScroll == 3)
        reduce(&state, .mouse(.click(Point(x: log.x + 2, y: log.y + 2))), run)
        #expect(state.focus == .log, "a click focuses the panel under it")
    }
}
