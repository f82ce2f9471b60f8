import ClusterSim
import Foundation
import LabKit
import Testing
@testable import TerminalUI

/// The home screen, the notes reader, Markdown, and the workbench that
/// opens things, writes sessions and restarts runs.
@Suite struct HomeTests {
    static let items = [
        HomeItem(target: .lab(path: "Labs/clocks/x.yaml"), section: "Labs · clocks", title: "Lamport timestamps versus vector clocks",
                 detail: "20 min · step 2 · 1/4"),
        HomeItem(target: .sandbox(protocolName: "echo"), section: "Sandboxes", title: "echo", detail: "Request and reply"),
        HomeItem(target: .sandbox(protocolName: "gossip"), section: "Sandboxes", title: "gossip", detail: "Broadcast by gossip"),
    ]

    static func homeState() -> AppState {
        var s = AppState()
        s.screen = .home
        s.home = HomeState(items: items)
        return s
    }

    @Test func arrowsSelectAndEnterAsksToOpen() {
        var state = Self.homeState()
        reduce(&state, .keyPressed(.down), nil)
        reduce(&state, .keyPressed(.down), nil)
        reduce(&state, .keyPressed(.down), nil)
        #expect(state.home.selected == 2, "stops at the last item")
        reduce(&state, .keyPressed(.enter), nil)
        #expect(state.effects == [.open(.sandbox(protocolName: "gossip"))])
        reduce(&state, .keyPressed(.char("q")), nil)
        #expect(state.shouldQuit)
    }

    @Test func tabJumpsFromSectionToSectionAndWraps() {
        var state = Self.homeState()
        reduce(&state, .keyPressed(.tab), nil)
        #expect(state.home.selected == 1, "from the clocks lab to the first sandbox")
        reduce(&state, .keyPressed(.tab), nil)
        #expect(state.home.selected == 0, "past the last section, back to the first")
        reduce(&state, .keyPressed(.backTab), nil)
        #expect(state.home.selected == 1, "shift-tab from the first section goes to the last")
        reduce(&state, .keyPressed(.down), nil)
        reduce(&state, .keyPressed(.backTab), nil)
        #expect(state.home.selected == 1, "shift-tab inside a section goes to its start")
        reduce(&state, .keyPressed(.backTab), nil)
        #expect(state.home.selected == 0)
    }

    @Test func theReaderScrollsAndClosesBackToTheList() {
        var state = Self.homeState()
        state.home.reader = NotesReader(title: "Clocks", markdown: "# Clocks\n\ntext")
        reduce(&state, .keyPressed(.down), nil)
        reduce(&state, .keyPressed(.pageDown), nil)
        #expect(state.home.reader?.scroll == 11)
        reduce(&state, .keyPressed(.escape), nil)
        #expect(state.home.reader == nil)
    }

    @Test func homeScreens() {
        let state = Self.homeState()
        assertSnapshot(render(state, nil, Size(width: 80, height: 24)), named: "home-80x24")
        var reading = state
        reading.home.reader = NotesReader(title: "Clocks", markdown: Self.notes)
        assertSnapshot(render(reading, nil, Size(width: 80, height: 24)), named: "notes-reader-80x24")
        #expect(render(state, nil, Size(width: 80, height: 24)).text.contains("no notes yet"))
    }

    static let notes = """
        # Logical clocks

        A **Lamport clock** is one counter; a *vector clock* keeps one per node.
        Use `happened_before(a, b)` in predicates.

        ## Rules

        - tick on every local event and send
        - on receive, take the max, then tick
          1. nested numbered item

        > Clocks order events, not wall time.

        ```
        L(e) = max(L(local), L(msg)) + 1
        ```

        | clock   | size | detects concurrency |
        |---------|------|---------------------|
        | Lamport | 1    | no                  |
        | vector  | n    | **yes**             |
        """

    @Test func markdownLaysOutTheSubsetNotesUse() {
        let lines = Markdown.lines(Self.notes, width: 40).map { $0.map(\.text).joined() }
        #expect(lines[0] == "LOGICAL CLOCKS")
        #expect(lines.contains("• tick on every local event and send"))
        #expect(lines.contains { $0.hasPrefix("  1. nested") })
        #expect(lines.contains("│ Clocks order events, not wall time."))
        #expect(lines.contains("  L(e) = max(L(local), L(msg)) + 1"))
        #expect(lines.contains("clock   │ size │ detects concurrency"))
        #expect(lines.contains("vector  │ n    │ yes                "))
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
        let bold = Markdown.inline("a **b** c", CellStyle(.text))
        #expect(bold.map(\.text) == ["a ", "b", " c"] && bold[1].style.attributes.contains(.bold))
    }

    @Test func theWorkbenchListsLabsSandboxesAndNotes() throws {
        let dir = try Self.temporaryDirectory()
        let workbench = Workbench(progressStore: ProgressStore(directory: dir), labsRoot: Self.labsRoot,
                                  coursewareRoot: dir.appendingPathComponent("Courseware"))
        var state = AppState()
        workbench.openHome(&state)
        #expect(state.screen == .home)
        #expect(state.home.items.contains { $0.section == "Labs · clocks" && $0.detail.hasSuffix("not started") })
        #expect(state.home.items.filter { $0.section == "Sandboxes" }.count == ProtocolCatalogNames.count)
        #expect(!state.home.items.contains { $0.section == HomeState.notesSection })
    }

    @Test func notesUnderCoursewareAreListedByTitleAndOpenInTheReader() throws {
        let dir = try Self.temporaryDirectory()
        let notes = dir.appendingPathComponent("Courseware")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Self.notes.write(to: notes.appendingPathComponent("clocks.md"), atomically: true, encoding: .utf8)
        let workbench = Workbench(progressStore: ProgressStore(directory: dir), labsRoot: Self.labsRoot, coursewareRoot: notes)
        var state = AppState()
        workbench.openHome(&state)
        let i = try #require(state.home.items.firstIndex { $0.section == HomeState.notesSection })
        #expect(state.home.items[i].title == "Logical clocks" && state.home.items[i].detail == "clocks.md")
        state.home.selected = i
        reduce(&state, .keyPressed(.enter), workbench.stage)
        workbench.drain(&state)
        #expect(state.home.reader?.title == "Logical clocks")
        #expect(render(state, nil, Size(width: 80, height: 24)).text.contains("LOGICAL CLOCKS"))
    }

    @Test func openingASandboxThenSavingAndReseeding() throws {
        let dir = try Self.temporaryDirectory()
        let workbench = Workbench(progressStore: ProgressStore(directory: dir), labsRoot: Self.labsRoot)
        var state = AppState()
        workbench.perform(.open(.sandbox(protocolName: "gossip")), &state)
        guard let run = workbench.stage?.run else { Issue.record("nothing opened"); return }
        #expect(state.screen == .cluster && run.protocolName == "gossip")
        run.run(steps: 20)
        reduce(&state, .nodeCrashToggled, workbench.stage)
        let file = dir.appendingPathComponent("s.json").path
        workbench.perform(.saveSession(path: file), &state)
        #expect(state.message?.isError == false)
        let session = try Session.decode(try Data(contentsOf: URL(fileURLWithPath: file)), file: file)
        #expect(session.actions.count == 1 && session.seed == 1 && session.scenarioText.contains("protocol: gossip"), "\(session)")
        workbench.perform(.saveSession(path: "/nonexistent-dir/s.json"), &state)
        #expect(state.message?.isError == true, "an unwritable path is a message")
        workbench.perform(.restart(seed: 42), &state)
        #expect(workbench.stage?.run.seed == 42 && workbench.stage?.run.stepCount == 0)
        #expect(state.scenario?.text.contains("protocol: gossip") == true)
    }

    static let labsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Labs")

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

import ClusterProtocols
let ProtocolCatalogNames = ProtocolCatalog.all.map(\.name)
