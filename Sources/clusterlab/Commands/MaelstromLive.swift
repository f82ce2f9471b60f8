import ClusterSim
import Foundation
import Maelstrom
import TerminalUI

extension MaelstromTestCommand {
    /// `--ui`: the run in the interface, playing from the start. Quitting
    /// ends it there (every node process stopped) and its report is printed
    /// once the terminal is given back. A signal that ends the program
    /// while the interface is open kills the node processes first.
    func watchLive(_ runner: MaelstromRunner, theme: String) throws -> MaelstromResult {
        EmergencyStop.install()  // before the interface's handlers, which chain to it
        let live = LiveMaelstromRun(runner: runner, workload: workload)
        defer { live.end() }
        try openInterface(theme: theme) { workbench, state in
            workbench.show(Stage(run: live), &state)
            state.speed = 1
            state.isPlaying = true
            state.message = StatusMessage("\(runner.options.nodeCount) processes of \(bin), live: recorded as it happens, "
                                          + "not replayable by seed. space pauses (processes stopped), q quits")
            return nil
        }
        live.end()
        if live.endedEarly {
            printError("ended from the interface at \(DurationText.format(live.now.microseconds)), before the run's end: "
                       + "the checker read the history up to there, without the final reads")
        }
        return live.result!
    }
}
