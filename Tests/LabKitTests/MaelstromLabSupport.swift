import Foundation
import LabKit
import Maelstrom
import TestSupport

/// Lets the tests play labs whose scenario is `protocol: maelstrom`, as the
/// clusterlab executable does, with the reference broadcast node. Needs
/// python3 on PATH; without it those labs are skipped with a printed reason.
enum MaelstromLabSupport {
    static let reference = BuiltBinary.packageRoot.appendingPathComponent("Labs/Maelstrom/broadcast.py").path

    /// True once the factory is registered (once per test process; a static let is initialised once, safely).
    static let ready: Bool = {
        guard ChildProcess.resolve("python3") != nil else { return false }
        ExternalRuns.register(MaelstromScenario.protocolName) { scenario, seed in
            try MaelstromScenario.makeRun(scenario, bin: reference, seed: seed)
        }
        return true
    }()

    /// Whether the lab at `path` can be played here; prints why not when it cannot.
    static func canPlay(_ path: String) -> Bool {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), text.range(of: #"protocol: real-"#) != nil {
            // Only the clusterlab program starts real clusters: Real*LabTests play these through it, as root.
            print("skipped \(path) here: it runs a real cluster (protocol: real-…), played through clusterlab by its own test")
            return false
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              text.contains("protocol: \(MaelstromScenario.protocolName)") else { return true }
        if ready { return true }
        print("skipped \(path): it runs real node processes (protocol: maelstrom) and python3 is not on PATH")
        return false
    }
}
