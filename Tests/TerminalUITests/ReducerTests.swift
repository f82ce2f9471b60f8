import ClusterProtocols
import ClusterSim
import Testing
@testable import TerminalUI

/// One test (or more) per action: what the reducer does to the state and,
/// through `perform`, to the run.
@Suite struct ReducerTests {
    let run = floodRun()
    var state = AppState()

    @Test mutating func spaceStartsAndStopsPlaying() {
        reduce(&state, .spaceKeyPressed, run)
        #expect(state.isPlaying)
        reduce(&state, .spaceKeyPressed, run)
        #expect(!state.isPlaying)
    }

    @Test mutating func wallTimeAdvancesVirtualTimeBySpeedWhilePlaying() {
        reduce(&state, .wallClockAdvanced(seconds: 0.1), run)
        #expect(state.displayedTime == 0, "paused: time stands still")
        state.isPlaying = true
        state.speed = 0.01
        reduce(&state, .wallClockAdvanced(seconds: 0.1), run)
        #expect(state.displayedTime == 1_000)
        #expect(run.now.microseconds <= 1_000)
        #expect(run.stepCount >= 5, "the start events at time 0 ran")
    }

    @Test mutating func aStalledLoopDoesNotJumpFarAhead() {
        state.isPlaying = true
        state.speed = 1
        reduce(&state, .wallClockAdvanced(seconds: 30), run)
        #expect(state.displayedTime == 250_000)
    }

    @Test mutating func nStepsOneEventAndPauses() {
        state.isPlaying = true
        reduce(&state, .stepForwardPressed, run)
        #expect(run.stepCount == 1)
        #expect(!state.isPlaying)
    }

    @Test mutating func bStepsOneEventBack() {
        for _ in 0..<10 { reduce(&state, .stepForwardPressed, run) }
        let before = run.now.microseconds
        reduce(&state, .stepBackPressed, run)
        #expect(run.stepCount == 9)
        #expect(state.displayedTime == run.now.microseconds)
        #expect(run.now.microseconds <= before)
    }

    @Test mutating func bAtTheStartSaysSo() {
        reduce(&state, .stepBackPressed, run)
        #expect(state.message?.text == "already at the start of the run")
    }

    @Test mutating func speedMovesOnALogScaleWithinBounds() {
        state.speed = 0.01
        reduce(&state, .speedUpPressed, run)
        #expect(state.speed == 0.02)
        reduce(&state, .slowDownPressed, run)
        reduce(&state, .slowDownPressed, run)
        #expect(state.speed == 0.005)
        for _ in 0..<30 { reduce(&state, .speedUpPressed, run) }
        #expect(state.speed == 10)
        for _ in 0..<30 { reduce(&state, .slowDownPressed, run) }
        #expect(state.speed == 0.001)
    }

    @Test mutating func tabCyclesPanelsAndFZooms() {
        reduce(&state, .panelFocusCycled, run)
        #expect(state.focus == .log)
        reduce(&state, .panelFocusCycled, run)
        reduce(&state, .panelFocusCycled, run)
        #expect(state.focus == .cluster)
        reduce(&state, .panelZoomToggled, run)
        #expect(state.isZoomed)
    }

    @Test mutating func arrowsSelectNodesAndWrap() {
        reduce(&state, .selectionMoved(.left), run)
        #expect(state.selectedNode == NodeID(4))
        reduce(&state, .selectionMoved(.right), run)
        reduce(&state, .selectionMoved(.down), run)
        #expect(state.selectedNode == NodeID(1))
    }

    @Test mutating func arrowsScrollTheLogWhenItHasFocus() {
        state.focus = .log
        reduce(&state, .selectionMoved(.up), run)
        reduce(&state, .selectionMoved(.up), run)
        reduce(&state, .selectionMoved(.down), run)
        #expect(state.logScroll == 1)
        reduce(&state, .logScrolled(pages: -1), run)
        #expect(state.logScroll == 0)
        reduce(&state, .logScrolled(pages: 1), run)
        #expect(state.logScroll == 10)
    }

    @Test mutating func cCrashesAndRestartsTheSelectedNodeThroughPerform() {
        state.selectedNode = NodeID(2)
        reduce(&state, .nodeCrashToggled, run)
        #expect(run.status(of: NodeID(2)) == .crashed)
        #expect(run.userActions.last?.action == .crash(NodeID(2)))
        reduce(&state, .nodeCrashToggled, run)
        #expect(run.status(of: NodeID(2)) == .up)
        #expect(state.message?.text == "restart n3")
    }

    @Test mutating func userActionsHappenAtTheDisplayedTime() {
        state.displayedTime = 5_000
        reduce(&state, .nodeCrashToggled, run)
        #expect(run.userActions.last?.time == 5_000)
    }

    @Test mutating func zPausesAndResumesButNotACrashedNode() {
        reduce(&state, .nodePauseToggled, run)
        #expect(run.status(of: NodeID(0)) == .paused)
        reduce(&state, .nodePauseToggled, run)
        #expect(run.status(of: NodeID(0)) == .up)
        reduce(&state, .nodeCrashToggled, run)
        reduce(&state, .nodePauseToggled, run)
        #expect(state.message?.isError == true)
        #expect(run.status(of: NodeID(0)) == .crashed)
    }

    @Test mutating func mSelectsMessagesInFlightAndDDropsOne() {
        reduce(&state, .messageSelectionCycled, run)
        #expect(state.selectedMessage == nil, "nothing in flight before the start events")
        reduce(&state, .stepForwardPressed, run)
        reduce(&state, .messageSelectionCycled, run)
        let first = try! #require(state.selectedMessage)
        reduce(&state, .messageSelectionCycled, run)
        #expect(state.selectedMessage != first)
        let chosen = state.selectedMessage!
        reduce(&state, .selectedMessageDropPressed, run)
        #expect(!run.inFlight.contains { $0.id == chosen })
        #expect(state.selectedMessage == nil)
        reduce(&state, .selectedMessageDropPressed, run)
        #expect(state.message?.isError == true)
    }

    @Test mutating func hHealsOnlyWhenSomethingIsSplit() {
        reduce(&state, .healAllPressed, run)
        #expect(state.message?.text == "nothing to heal: the network is whole")
        run.perform(.partition([[NodeID(0)]]), at: nil)
        reduce(&state, .healAllPressed, run)
        #expect(!run.network.isPartitioned)
    }

    @Test mutating func oFiltersTheLogToTheSelectedNode() {
        state.selectedNode = NodeID(3)
        reduce(&state, .logFilterByNodeToggled, run)
        #expect(state.logFilter.node == NodeID(3))
        reduce(&state, .logFilterByNodeToggled, run)
        #expect(state.logFilter.node == nil)
    }

    @Test mutating func thePartitionEditorAssignsGroupsAndApplies() {
        reduce(&state, .partitionEditorOpened, run)
        state.selectedNode = NodeID(3)
        reduce(&state, .partitionGroupAssigned(1), run)
        reduce(&state, .selectionMoved(.right), run)
        reduce(&state, .partitionGroupAssigned(1), run)
        reduce(&state, .partitionApplied, run)
        #expect(state.mode == .normal)
        #expect(run.network.partitionGroups == [[NodeID(0), NodeID(1), NodeID(2)], [NodeID(3), NodeID(4)]])
    }

    @Test mutating func cancellingThePartitionEditorChangesNothing() {
        reduce(&state, .partitionEditorOpened, run)
        reduce(&state, .partitionGroupAssigned(2), run)
        reduce(&state, .partitionEditorCancelled, run)
        #expect(state.mode == .normal)
        #expect(!run.network.isPartitioned)
    }

    @Test mutating func applyingOneGroupSplitsNothing() {
        reduce(&state, .partitionEditorOpened, run)
        reduce(&state, .partitionApplied, run)
        #expect(!run.network.isPartitioned)
        #expect(run.userActions.isEmpty)
    }

    @Test mutating func rSendsAClientCommandToTheSelectedNode() throws {
        let raft = try ProtocolCatalog.sandbox("raft", servers: 3, seed: 1)  // flood takes no commands
        state.selectedNode = NodeID(1)
        reduce(&state, .clientCommandPromptOpened, raft)
        apply("write x 3".map { .promptTyped($0) } + [.promptSubmitted], to: &state, raft)
        #expect(raft.userActions.last?.action == .command(NodeID(1), "write x 3"))
    }

    @Test mutating func slashSearchesTheLog() {
        reduce(&state, .searchPromptOpened, run)
        apply([.promptTyped("h"), .promptTyped("o"), .promptBackspaced, .promptTyped("i"), .promptSubmitted], to: &state, run)
        #expect(state.logFilter.search == "hi")
        reduce(&state, .searchPromptOpened, run)
        #expect(state.mode == .prompt(Prompt(purpose: .search, text: "hi")))
        apply([.promptBackspaced, .promptBackspaced, .promptSubmitted], to: &state, run)
        #expect(state.logFilter.search == nil)
    }

    @Test mutating func backspaceOnAnEmptyPromptOrEscapeCloseIt() {
        reduce(&state, .commandPromptOpened, run)
        reduce(&state, .promptBackspaced, run)
        #expect(state.mode == .normal)
        reduce(&state, .commandPromptOpened, run)
        reduce(&state, .promptCancelled, run)
        #expect(state.mode == .normal)
    }

    @Test mutating func questionMarkTogglesHelpAndOnlyEscapeOrQuestionMarkCloseIt() {
        reduce(&state, .helpToggled, run)
        #expect(state.mode == .help)
        reduce(&state, .keyPressed(.char("n")), run)
        #expect(state.mode == .help, "a key that is not esc or ? leaves help open")
        #expect(run.stepCount == 0, "and does nothing behind it")
        reduce(&state, .keyPressed(.escape), run)
        #expect(state.mode == .normal)
    }

    @Test mutating func qQuits() {
        reduce(&state, .keyPressed(.char("q")), run)
        #expect(state.shouldQuit)
    }

    @Test mutating func anUnboundKeySaysSoInsteadOfFailing() {
        reduce(&state, .keyPressed(.char("Q")), run)
        #expect(state.message?.text.contains("press ? for help") == true)
    }

    @Test mutating func resizingOnlyRecordsTheSize() {
        var before = state
        reduce(&state, .terminalResized(Size(width: 100, height: 30)), run)
        before.terminalSize = Size(width: 100, height: 30)
        #expect(state == before)
    }
}

/// The `:` command line, through the prompt.
@Suite struct CommandLineTests {
    let run = floodRun()
    var state = AppState()

    mutating func command(_ text: String) {
        reduce(&state, .commandPromptOpened, run)
        apply(text.map { .promptTyped($0) } + [.promptSubmitted], to: &state, run)
    }

    @Test mutating func partitionAndHeal() {
        command("partition n1 n2 | n3 n4 n5")
        #expect(run.network.partitionGroups == [[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]])
        command("heal")
        #expect(!run.network.isPartitioned)
    }

    @Test mutating func unnamedServersFormOneMoreGroup() {
        command("partition n1")
        #expect(run.network.partitionGroups.count == 2)
    }

    @Test mutating func crashRestartPauseResume() {
        command("crash n3")
        #expect(run.status(of: NodeID(2)) == .crashed)
        command("restart n3")
        #expect(run.status(of: NodeID(2)) == .up)
        command("pause n2")
        #expect(run.status(of: NodeID(1)) == .paused)
        command("resume n2")
        #expect(run.status(of: NodeID(1)) == .up)
    }

    @Test mutating func speedSetsAnyValueInRange() {
        command("speed 0.1")
        #expect(state.speed == 0.1)
        command("speed 50")
        #expect(state.speed == 0.1)
        #expect(state.message?.isError == true)
    }

    @Test mutating func stepGoesToAStep() {
        command("step 20")
        #expect(run.stepCount == 20)
        command("step 5")
        #expect(run.stepCount == 5)
        #expect(state.displayedTime == run.now.microseconds)
    }

    @Test mutating func filterByNodeKindOrClear() {
        command("filter n2")
        #expect(state.logFilter.node == NodeID(1))
        command("filter send deliver")
        #expect(state.logFilter.kinds == [.send, .deliver])
        command("filter clear")
        #expect(!state.logFilter.isActive)
    }

    @Test mutating func saveAsksTheWorkbenchToWriteTheSession() {
        state.scenario = .sandbox("flood", servers: 5, seed: 1)
        command("save session.json")
        #expect(state.effects == [.saveSession(path: "session.json")])
    }

    @Test mutating func saveWithoutAScenarioSaysSo() {
        command("save session.json")
        #expect(state.effects.isEmpty)
        #expect(state.message?.isError == true)
    }

    @Test mutating func seedAsksForTheSameScenarioAfresh() {
        state.scenario = .sandbox("flood", servers: 5, seed: 1)
        command("seed 42")
        #expect(state.effects == [.restart(seed: 42)])
        state.effects = []
        command("seed forty")
        #expect(state.effects.isEmpty)
        #expect(state.message?.isError == true)
    }

    @Test mutating func cutAndUncutShareTheLabSyntax() {
        command("cut n1 n2")
        #expect(run.network.settings(from: NodeID(0), to: NodeID(1)).cut)
        #expect(!run.network.settings(from: NodeID(1), to: NodeID(0)).cut)
        command("uncut n1 n2")
        #expect(!run.network.settings(from: NodeID(0), to: NodeID(1)).cut)
    }

    @Test mutating func badLinesGiveAMessageNeverACrash() {
        for bad in ["frobnicate", "crash", "crash n9", "partition n1 | n1", "partition n7", "partition n1 n2 n3 n4 n5",
                    "speed fast", "step -1", "drop x", "filter nope", "request n1", "   "] {
            state.message = nil
            command(bad)
            if bad.allSatisfy({ $0 == " " }) { continue }
            #expect(state.message?.isError == true, "\(bad)")
        }
        #expect(run.userActions.isEmpty)
    }

    @Test mutating func helpAndQuit() {
        command("help")
        #expect(state.mode == .help)
        reduce(&state, .helpToggled, run)
        command("q")
        #expect(state.shouldQuit)
    }

    @Test func unknownCommandsNameThemselves() {
        let r = ConsoleCommand.parse("frobnicate now", layout: ClusterLayout(servers: 3))
        #expect(r == .failure(ConsoleError("unknown command 'frobnicate' (try :help)")))
    }
}
