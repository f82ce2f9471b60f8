import ClusterSim

/// Which way a selection moved.
public enum Direction: Hashable, Sendable { case up, down, left, right }

/// Everything that can happen to the interface, named for what happened.
/// Keys arrive as `keyPressed` and the key map turns them into the others.
public enum AppAction: Hashable, Sendable {
    case keyPressed(Key)
    case terminalResized(Size)
    /// A click or the wheel (ncurses mouse reports).
    case mouse(MouseEvent)
    /// The run loop saw this much wall time pass while playing.
    case wallClockAdvanced(seconds: Double)

    case spaceKeyPressed
    case stepForwardPressed
    case stepBackPressed
    case speedUpPressed
    case slowDownPressed
    case panelFocusCycled
    case panelZoomToggled
    case selectionMoved(Direction)
    case logScrolled(pages: Int)
    case messageSelectionCycled
    case nodeCrashToggled
    case nodePauseToggled
    case selectedMessageDropPressed
    case healAllPressed
    case logFilterByNodeToggled
    case partitionEditorOpened
    case clientCommandPromptOpened
    case searchPromptOpened
    case commandPromptOpened
    case helpToggled
    /// In help: lines scrolled (negative: up).
    case helpScrolled(lines: Int)
    case quitPressed
    /// esc in the normal mode: clears a search or filter, else goes back (Home) like `q`.
    case backPressed
    /// Leave now, without asking (the too-small screen's `q`, an accepted confirmation).
    case quitConfirmed
    /// `y` or `n` to the question of a `confirm` mode.
    case confirmationAnswered(Bool)
    /// `n`/`N` while a search is on: the next older (or newer) matching event.
    case searchMatchJumped(older: Bool)
    /// tab at a prompt: complete the word being typed.
    case promptCompleted
    case timelineToggled
    case clocksToggled
    case linkEditorOpened
    case membershipToggled
    /// `T`: the transaction history and the isolation checker's verdict.
    case transactionsToggled
    /// `u`: run to the next leader change, partition or heal, scripted action or violation.
    case runUntilPressed
    /// `U`: while playing, pause at each scripted action (for instructors).
    case pauseAtScriptedToggled
    /// `P`: the projector layout on or off.
    case presentToggled
    /// On the placement screen.
    case placement(PlacementAction)

    // In the link editor (arrows pick a field and change its value).
    case linkApplied
    case linkEditorCancelled

    // On the home screen and in the notes reader.
    case homeItemOpened
    case notesClosed
    /// The first item of the next (or previous) section: labs by topic, sandboxes, tools, notes.
    case homeSectionJumped(forward: Bool)
    /// Home or End: the first or the last item.
    case listEndJumped(last: Bool)
    /// `n` after a `/` search: the next item that matches.
    case searchNextPressed

    // In a lab.
    case guideEnterPressed
    case guideNextPressed
    case guideBackPressed
    case guideRerunPressed
    case taskSkipped
    case checkpointJumped(forward: Bool)
    /// PgUp/PgDn in a lab: the guide scrolls, whichever panel has focus.
    case guideScrolled(pages: Int)

    // In the partition editor.
    case partitionGroupAssigned(Int)
    case partitionApplied
    case partitionEditorCancelled

    // At a prompt.
    case promptTyped(Character)
    case promptBackspaced
    case promptSubmitted
    case promptCancelled
}
