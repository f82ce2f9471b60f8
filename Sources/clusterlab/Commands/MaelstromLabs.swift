import Foundation
import LabKit
import Maelstrom

/// Labs whose scenario is `protocol: maelstrom` run a person's own node
/// program as real processes: the lab commands take it as `--bin` and hand
/// LabKit the factory that starts it.
enum MaelstromLabs {
    /// The reference node a lab runs when no `--bin` is given (so `lab validate` checks the lab itself).
    static func defaultProgram() -> String {
        LabLibrary.defaultRoot().appendingPathComponent("Maelstrom/broadcast.py").path
    }

    /// Lets labs start `bin` (default: the reference broadcast node) as their node processes.
    static func register(bin: String?) {
        let program = bin ?? defaultProgram()
        ExternalRuns.register(MaelstromScenario.protocolName) { scenario, seed in
            EmergencyStop.install()  // a signal that ends the program ends the node processes first
            return try MaelstromScenario.makeRun(scenario, bin: program, seed: seed)
        }
    }
}
