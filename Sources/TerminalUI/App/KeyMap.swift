/// One key binding: the keys, what pressing them means, and how help and the
/// hint bar describe it.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    public var action: AppAction
    /// A sentence for the `?` overlay.
    public var help: String
    /// A word or two for the hint bar; nil keeps the binding out of the bar.
    public var hint: String?

    init(_ keys: [Key], _ action: AppAction, _ help: String, hint: String? = nil) {
        self.keys = keys; self.action = action; self.help = help; self.hint = hint
    }

    /// The keys as help and the hint bar write them: `+/-`, `←↑→↓ hjkl`.
    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

/// Every key of the interface, in one place. The hint bar and the `?` help
/// overlay are generated from these tables, so they cannot disagree with
/// what the keys do.
public enum KeyMap {
    public static let normal: [KeyBinding] = [
        KeyBinding([.char("?")], .helpToggled, "show or hide this help", hint: "help"),
        KeyBinding([.char("q")], .quitPressed, "back to Home if opened there, else quit", hint: "quit"),
        KeyBinding([.escape], .backPressed, "clear the search or filter; else back to Home (like q)"),
        KeyBinding([.space], .spaceKeyPressed, "play or pause the run", hint: "play"),
        KeyBinding([.char("n")], .stepForwardPressed, "step one event forward", hint: "step"),
        KeyBinding([.char("b")], .stepBackPressed, "step one event back (time travel)", hint: "back"),
        KeyBinding([.char("u")], .runUntilPressed, "run until leader/network change or script step"),
        KeyBinding([.char("U")], .pauseAtScriptedToggled, "pause play at every scripted action (on/off)"),
        KeyBinding([.char("+"), .char("=")], .speedUpPressed, "faster (log scale, up to 10× real time)"),
        KeyBinding([.char("-"), .char("_")], .slowDownPressed, "slower (down to 1/1000× real time)"),
        KeyBinding([.char("c")], .nodeCrashToggled, "crash or restart the selected node", hint: "crash"),
        KeyBinding([.char("z")], .nodePauseToggled, "pause or resume the selected node", hint: "pause"),
        KeyBinding([.char("x")], .partitionEditorOpened, "open the partition editor", hint: "partition"),
        KeyBinding([.char("H")], .healAllPressed, "heal every partition and cut link", hint: "heal"),
        KeyBinding([.char("r")], .clientCommandPromptOpened, "send a client command to the selected node", hint: "request"),
        KeyBinding([.char("m")], .messageSelectionCycled, "select the next message in flight", hint: "msg"),
        KeyBinding([.char("d")], .selectedMessageDropPressed, "drop the selected message", hint: "drop"),
        KeyBinding([.tab], .panelFocusCycled, "focus the next panel", hint: "panel"),
        KeyBinding([.char("f")], .panelZoomToggled, "zoom the focused panel to full screen", hint: "zoom"),
        KeyBinding([.left, .char("h")], .selectionMoved(.left), "select the previous node"),
        KeyBinding([.right, .char("l")], .selectionMoved(.right), "select the next node"),
        KeyBinding([.up, .char("k")], .selectionMoved(.up), "previous node; in the event log, scroll up"),
        KeyBinding([.down, .char("j")], .selectionMoved(.down), "next node; in the event log, scroll down"),
        KeyBinding([.pageUp], .logScrolled(pages: 1), "scroll the event log a page up"),
        KeyBinding([.pageDown], .logScrolled(pages: -1), "scroll the event log a page down"),
        KeyBinding([.char("o")], .logFilterByNodeToggled, "event log: only the selected node (again: all)", hint: "only"),
        KeyBinding([.char("/")], .searchPromptOpened, "search the event log (then n/N jump, esc clears)", hint: "search"),
        KeyBinding([.char(":")], .commandPromptOpened, "command line (:help lists commands)", hint: "cmd"),
        KeyBinding([.char("t")], .timelineToggled, "timeline: the space-time diagram", hint: "timeline"),
        KeyBinding([.char("v")], .clocksToggled, "clocks: Lamport and vector, per node", hint: "clocks"),
        KeyBinding([.char("L")], .linkEditorOpened, "edit a link of the selected node", hint: "link"),
        KeyBinding([.char("M")], .membershipToggled, "membership: each node's view of its peers", hint: "members"),
        KeyBinding([.char("T")], .transactionsToggled, "transactions: the run's history, checked for serializability", hint: "txns"),
        KeyBinding([.char("P")], .presentToggled, "projector layout: big nodes, one log (on/off)"),
    ]

    /// Keys added in a lab (the cluster keys still work during tasks).
    public static let lab: [KeyBinding] = [
        KeyBinding([.enter], .guideEnterPressed, "answer the question, or check the task", hint: "answer"),
        KeyBinding([.char("]")], .guideNextPressed, "next step (after answering)", hint: "next"),
        KeyBinding([.char("[")], .guideBackPressed, "back to the previous question (the cluster goes back too)", hint: "prev"),
        KeyBinding([.char("R")], .guideRerunPressed, "run the current step again from its start"),
        KeyBinding([.char("S")], .taskSkipped, "skip the current task (no points)"),
        KeyBinding([.pageUp], .guideScrolled(pages: 1), "scroll the guide up (whatever has focus)"),
        KeyBinding([.pageDown], .guideScrolled(pages: -1), "scroll the guide down"),
    ]

    /// Keys added in a lab opened with --instructor.
    public static let instructor: [KeyBinding] = [
        KeyBinding([.char("g")], .checkpointJumped(forward: true), "jump to the next checkpoint", hint: "checkpoint"),
        KeyBinding([.char("G")], .checkpointJumped(forward: false), "jump back to the previous checkpoint"),
    ]

    /// Keys that take over while a search of the event log is on.
    public static let search: [KeyBinding] = [
        KeyBinding([.char("n")], .searchMatchJumped(older: true), "the next match, up the event log", hint: "next match"),
        KeyBinding([.char("N")], .searchMatchJumped(older: false), "the previous match, down the event log", hint: "prev match"),
        KeyBinding([.escape], .backPressed, "clear the search", hint: "clear search"),
    ]

    /// Keys while the `?` help is open.
    public static let help: [KeyBinding] = [
        KeyBinding([.down, .char("j")], .helpScrolled(lines: 1), "scroll down", hint: "scroll"),
        KeyBinding([.up, .char("k")], .helpScrolled(lines: -1), "scroll up"),
        KeyBinding([.pageDown, .space], .helpScrolled(lines: 10), "a page down", hint: "page"),
        KeyBinding([.pageUp], .helpScrolled(lines: -10), "a page up"),
        KeyBinding([.home], .helpScrolled(lines: -100_000), "to the top"),
        KeyBinding([.end], .helpScrolled(lines: 100_000), "to the end"),
        KeyBinding([.escape, .char("?")], .helpToggled, "close the help", hint: "close"),
    ]

    /// Keys while a yes/no question is up.
    public static let confirm: [KeyBinding] = [
        KeyBinding([.char("y"), .char("q"), .enter], .confirmationAnswered(true), "yes", hint: "yes"),
        KeyBinding([.char("n"), .escape], .confirmationAnswered(false), "no", hint: "no"),
    ]

    /// Keys of the `r`, `:`, `/` and answer prompts.
    public static let prompt: [KeyBinding] = [
        KeyBinding([.enter], .promptSubmitted, "run (or search, or answer)", hint: "run"),
        KeyBinding([.escape], .promptCancelled, "cancel", hint: "cancel"),
        KeyBinding([.tab], .promptCompleted, "complete the command being typed", hint: "complete"),
        KeyBinding([.backspace], .promptBackspaced, "erase (on an empty line: cancel)", hint: "erase"),
    ]

    /// The only key behind the "terminal too small" screen (resizing works too).
    public static let tooSmall: [KeyBinding] = [
        KeyBinding([.char("q")], .quitConfirmed, "quit (a lab's progress is saved)", hint: "quit"),
    ]

    public static let linkEditor: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .selectionMoved(.up), "previous field", hint: "field"),
        KeyBinding([.down, .char("j")], .selectionMoved(.down), "next field"),
        KeyBinding([.left, .char("h")], .selectionMoved(.left), "previous value (peer, latency, loss, cut)", hint: "value"),
        KeyBinding([.right, .char("l")], .selectionMoved(.right), "next value"),
        KeyBinding([.enter], .linkApplied, "apply to the link (recorded in the run)", hint: "apply"),
        KeyBinding([.escape, .char("x")], .linkEditorCancelled, "close without changing anything", hint: "cancel"),
    ]

    public static let home: [KeyBinding] = [
        KeyBinding([.char("?")], .helpToggled, "show or hide this help", hint: "help"),
        KeyBinding([.char("q")], .quitPressed, "quit", hint: "quit"),
        KeyBinding([.enter], .homeItemOpened, "open the selected lab, sandbox or notes", hint: "open"),
        KeyBinding([.up, .char("k")], .selectionMoved(.up), "previous item", hint: "select"),
        KeyBinding([.down, .char("j")], .selectionMoved(.down), "next item"),
        KeyBinding([.tab], .homeSectionJumped(forward: true), "the next section (a lab topic, sandboxes, tools, notes)", hint: "section"),
        KeyBinding([.backTab], .homeSectionJumped(forward: false), "the previous section"),
        KeyBinding([.home, .char("g")], .listEndJumped(last: false), "the first item"),
        KeyBinding([.end, .char("G")], .listEndJumped(last: true), "the last item"),
        KeyBinding([.pageUp], .logScrolled(pages: 1), "a page up"),
        KeyBinding([.pageDown], .logScrolled(pages: -1), "a page down"),
        KeyBinding([.char("/")], .searchPromptOpened, "search titles, topics and progress", hint: "search"),
        KeyBinding([.char("n")], .searchNextPressed, "the next item that matches the search"),
    ]

    public static let reader: [KeyBinding] = [
        KeyBinding([.escape, .char("q")], .notesClosed, "back to the list", hint: "back"),
        KeyBinding([.up, .char("k")], .selectionMoved(.up), "scroll up", hint: "scroll"),
        KeyBinding([.down, .char("j")], .selectionMoved(.down), "scroll down"),
        KeyBinding([.pageUp], .logScrolled(pages: 1), "a page up"),
        KeyBinding([.pageDown, .space], .logScrolled(pages: -1), "a page down"),
    ]

    public static let partitionEditor: [KeyBinding] = [
        KeyBinding([.char("1")], .partitionGroupAssigned(0), "put the selected node in group 1", hint: "group 1"),
        KeyBinding([.char("2")], .partitionGroupAssigned(1), "put the selected node in group 2", hint: "group 2"),
        KeyBinding([.char("3")], .partitionGroupAssigned(2), "put the selected node in group 3", hint: "group 3"),
        KeyBinding([.char("4")], .partitionGroupAssigned(3), "put the selected node in group 4", hint: "group 4"),
        KeyBinding([.left, .char("h"), .up, .char("k")], .selectionMoved(.left), "select the previous node", hint: "node"),
        KeyBinding([.right, .char("l"), .down, .char("j")], .selectionMoved(.right), "select the next node"),
        KeyBinding([.enter], .partitionApplied, "apply the partition", hint: "apply"),
        KeyBinding([.escape, .char("x")], .partitionEditorCancelled, "close without changing anything", hint: "cancel"),
    ]

    /// The bindings that apply in a mode of the cluster screen (prompts and
    /// help take keys as text or close on any key, so they have none).
    public static func bindings(for mode: InputMode) -> [KeyBinding] {
        switch mode {
        case .normal: return normal
        case .partitionEditor: return partitionEditor
        case .linkEditor: return linkEditor
        case .help: return help
        case .confirm: return confirm
        case .prompt: return prompt
        }
    }

    /// The bindings that apply now: by screen, mode, and whether a lab is open.
    public static func bindings(for state: AppState) -> [KeyBinding] {
        if state.isTerminalTooSmall { return tooSmall }
        if state.screen == .home, state.mode == .normal { return state.home.reader == nil ? home : reader }
        if state.screen == .placement, state.mode == .normal { return placement }
        guard state.mode == .normal else { return bindings(for: state.mode) }
        // While a search is on, n/N and esc work it (the first binding of a key wins).
        let searching = state.screen == .cluster && state.logFilter.search != nil ? search : []
        guard let guide = state.guide else { return searching + normal }
        // The lab's keys come first in the hint bar, after help and quit.
        return searching + Array(normal.prefix(2)) + lab + (guide.instructor ? instructor : []) + normal.dropFirst(2)
    }

    /// What a key means now, if anything.
    public static func action(for key: Key, in state: AppState) -> AppAction? {
        if state.isTerminalTooSmall { return tooSmall.first { $0.keys.contains(key) }?.action }
        switch state.mode {
        case .normal: return bindings(for: state).first { $0.keys.contains(key) }?.action
        default: return action(for: key, in: state.mode)
        }
    }

    /// The hint bar's entries now.
    public static func hints(for state: AppState) -> [(keys: String, hint: String)] {
        switch state.mode {
        case .normal:
            // A key an earlier binding took over (n while searching) is not hinted twice; in a
            // lab the steps move time, so play, step and back are left out of the bar.
            var taken = Set<Key>()
            let table = bindings(for: state).filter { b in defer { taken.formUnion(b.keys) }; return !taken.contains(b.keys[0]) }
                .filter { state.guide == nil || !$0.action.movesTime }
            return table.compactMap { b in b.hint.map { (hintLabel(b, in: table), $0) } }
        default: return hints(for: state.mode)
        }
    }

    /// The keys a hint names: both arrows of a pair (`↑↓`, `←→`) when the
    /// table binds the other one too, else the binding's first key.
    static func hintLabel(_ b: KeyBinding, in table: [KeyBinding]) -> String {
        let pairs: [(Key, Key)] = [(.up, .down), (.left, .right), (.pageUp, .pageDown)]
        for (a, z) in pairs where b.keys[0] == a || b.keys[0] == z {
            let other = b.keys[0] == a ? z : a
            if table.contains(where: { $0.keys.first == other }) { return a.label + (a == .pageUp ? "/" : "") + z.label }
        }
        return b.keys[0].label
    }

    /// What a key means in a mode of the cluster screen, if anything.
    public static func action(for key: Key, in mode: InputMode) -> AppAction? {
        switch mode {
        case .prompt:
            if case .character(let c) = key { return .promptTyped(c) }
            return prompt.first { $0.keys.contains(key) }?.action
        case .normal, .partitionEditor, .linkEditor, .help, .confirm:
            return bindings(for: mode).first { $0.keys.contains(key) }?.action
        }
    }

    /// The hint bar's entries for a mode: (keys, hint), in table order.
    public static func hints(for mode: InputMode) -> [(keys: String, hint: String)] {
        switch mode {
        case .normal, .partitionEditor, .linkEditor, .help, .confirm, .prompt:
            let table = bindings(for: mode)
            return table.compactMap { b in b.hint.map { (hintLabel(b, in: table), $0) } }
        }
    }
}
