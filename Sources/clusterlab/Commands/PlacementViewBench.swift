import ArgumentParser
import ClusterProtocols
import Foundation  // String(format:)
import TerminalUI

/// `bench placement-view`: what a key press on the placement screen costs.
/// Each round is a join then a leave on the screen's reducer (each
/// recomputes load, the next join and leave, and the Zipf hot keys) and a
/// frame rendered into the in-memory backend after each.
struct PlacementViewBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement-view",
        abstract: "Time the placement screen: a join and a leave recomputed and rendered, per scheme.")

    @Option(help: "Scheme: \(PlacementScheme.names).") var scheme = "ring"
    @Option(help: "Nodes.") var nodes = 10
    @Option(help: "Keys.") var keys = 10_000
    @Option(help: "Virtual nodes per node (ring).") var vnodes = 128
    @Option(help: "Zipf exponent (omit for no workload).") var zipf: Double?
    @Option(help: "Rounds of join + leave.") var rounds = 20

    func validate() throws {
        guard PlacementScheme(rawValue: scheme) != nil else { throw ValidationError("unknown scheme '\(scheme)'; schemes: \(PlacementScheme.names)") }
        guard (1...200).contains(nodes), (1...1_000_000).contains(keys), (1...1024).contains(vnodes), rounds >= 1 else {
            throw ValidationError("--nodes 1-200, --keys 1-1000000, --vnodes 1-1024, --rounds at least 1")
        }
        if let zipf, !(zipf >= 0 && zipf <= 5) { throw ValidationError("--zipf must be from 0 to 5") }
    }

    func run() throws {
        var state = AppState()
        state.screen = .placement
        let start = Wall.now()
        state.placement = PlacementState(scheme: PlacementScheme(rawValue: scheme)!, nodes: nodes, keys: keys, virtualNodes: vnodes,
                                         virtualNodesOn: vnodes > 1, zipf: zipf ?? 1, zipfOn: zipf != nil)
        let first = Wall.now() - start
        let backend = MemoryBackend(size: Size(width: 80, height: 24), keepsHistory: false)
        let loop = Wall.now()
        for _ in 0..<rounds {
            for action in [PlacementAction.nodeJoined, .nodeLeft] {
                reduce(&state, .placement(action), nil)
                backend.present(render(state, nil, backend.size))
            }
        }
        let wall = Wall.now() - loop
        let presses = rounds * 2
        print("scheme=\(scheme) nodes=\(nodes) keys=\(keys) vnodes=\(vnodes) zipf=\(zipf.map { String($0) } ?? "off")")
        print("open_ms=\(String(format: "%.1f", first * 1000)) presses=\(presses) wall_s=\(String(format: "%.3f", wall)) ms_per_press=\(String(format: "%.1f", wall * 1000 / Double(presses)))")
    }
}
