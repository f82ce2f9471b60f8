import Foundation
import Testing
@testable import TerminalUI

/// The hint bar and help are generated from the key map: check they agree.
@Suite struct KeyMapTests {
    static let modes: [InputMode] = [.normal, .partitionEditor(PartitionDraft(servers: 3, from: []))]

    @Test(arguments: modes) func everyBindingsKeysDoWhatItSays(mode: InputMode) {
        for b in KeyMap.bindings(for: mode) {
            for k in b.keys { #expect(KeyMap.action(for: k, in: mode) == b.action, "\(k.label)") }
        }
    }

    @Test(arguments: modes) func noKeyIsBoundTwice(mode: InputMode) {
        let keys = KeyMap.bindings(for: mode).flatMap(\.keys)
        #expect(Set(keys).count == keys.count)
    }

    @Test(arguments: modes) func theHintBarShowsTheKeyMapsHintsInOrder(mode: InputMode) {
        let bar = HintBar.text(for: mode, width: 400)
        let table = KeyMap.bindings(for: mode)
        let expected = table.compactMap { b in b.hint.map { "\(KeyMap.hintLabel(b, in: table)) \($0)" } }
        #expect(bar == expected.joined(separator: "  "))
        for (keys, _) in KeyMap.hints(for: mode) {
            let key = table.first { keys.hasPrefix($0.keys[0].label) }
            #expect(key != nil, "hint for an unbound key \(keys)")
        }
    }

    @Test func theHintBarKeepsHelpAndQuitAt80Columns() {
        let bar = HintBar.text(for: .normal, width: 80)
        #expect(bar.hasPrefix("? help  q quit  space play"))
        #expect(DisplayWidth.of(bar) <= 80)
    }

    @Test func helpListsEveryBindingAndCommand() {
        let lines = HelpOverlay.sections(AppState()).flatMap(\.entries)
        for b in KeyMap.normal + KeyMap.partitionEditor {
            #expect(lines.contains { $0.key == b.keyLabel && $0.text == b.help }, "\(b.keyLabel)")
        }
        for c in ConsoleCommand.catalogue { #expect(lines.contains { $0.key == ":" + c.usage }) }
    }

    /// Scrolled page by page, the help shows every binding whole (none cut), at 80×24 and 120×40.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func helpOnScreenShowsTheBindings(size: Size) {
        let run = floodRun()
        var state = AppState()
        state.terminalSize = size
        reduce(&state, .keyPressed(.char("?")), run)
        var pages = render(state, run, size).text
        for _ in 0..<40 {
            reduce(&state, .keyPressed(.pageDown), run)
            pages += "\n" + render(state, run, size).text
        }
        let flat = pages.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }.joined(separator: " ")
        let frame = Set("║│╔╗╚╝═─╭╮╰╯")
        let normalised = { (s: String) in String(s.map { frame.contains($0) ? " " : $0 }).split(separator: " ").joined(separator: " ") }
        let screen = normalised(flat)
        for b in KeyMap.normal + KeyMap.search + KeyMap.partitionEditor + KeyMap.linkEditor {
            #expect(screen.contains(normalised(b.help)), "\(b.keyLabel): \(b.help)")
        }
        for c in ConsoleCommand.catalogue { #expect(screen.contains(normalised(c.help)), "\(c.usage)") }
    }

    @Test func everyKeyActionIsBound() {
        let bound = Set((KeyMap.normal + KeyMap.partitionEditor).map(\.action))
        let keyActions: [AppAction] = [
            .spaceKeyPressed, .stepForwardPressed, .stepBackPressed, .speedUpPressed, .slowDownPressed,
            .panelFocusCycled, .panelZoomToggled, .messageSelectionCycled, .nodeCrashToggled, .nodePauseToggled,
            .selectedMessageDropPressed, .healAllPressed, .logFilterByNodeToggled, .partitionEditorOpened,
            .clientCommandPromptOpened, .searchPromptOpened, .commandPromptOpened, .helpToggled, .quitPressed,
            .partitionApplied, .partitionEditorCancelled,
        ]
        for a in keyActions { #expect(bound.contains(a), "\(a)") }
    }
}
