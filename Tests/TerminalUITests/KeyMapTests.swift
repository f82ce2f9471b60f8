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
        let expected = KeyMap.bindings(for: mode).compactMap { b in b.hint.map { "\(b.keys[0].label) \($0)" } }
        #expect(bar == expected.joined(separator: "  "))
        for (keys, _) in KeyMap.hints(for: mode) {
            let key = KeyMap.bindings(for: mode).first { $0.keys[0].label == keys }
            #expect(key != nil, "hint for an unbound key \(keys)")
        }
    }

    @Test func theHintBarKeepsHelpAndQuitAt80Columns() {
        let bar = HintBar.text(for: .normal, width: 80)
        #expect(bar.hasPrefix("? help  q quit  space play"))
        #expect(DisplayWidth.of(bar) <= 80)
    }

    @Test func helpListsEveryBindingAndCommand() {
        let lines = HelpOverlay.columns().flatMap { $0 }
        for b in KeyMap.normal + KeyMap.partitionEditor {
            #expect(lines.contains { $0.key == b.keyLabel && $0.text == b.help }, "\(b.keyLabel)")
        }
        for c in ConsoleCommand.catalogue { #expect(lines.contains { $0.key == ":" + c.usage }) }
    }

    @Test func helpOnScreenShowsTheBindings() {
        let run = floodRun()
        var state = AppState()
        state.mode = .help
        let text = render(state, run, Size(width: 120, height: 40)).text
        for b in KeyMap.normal { #expect(text.contains(b.keyLabel) && text.contains(b.help), "\(b.keyLabel)") }
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
