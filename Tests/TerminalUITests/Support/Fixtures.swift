import ClusterProtocols
import ClusterSim
@testable import TerminalUI

/// A five-node flood cluster, seed 1: the sandbox's run.
func floodRun(nodes: Int = 5, seed: UInt64 = 1) -> Simulation<FloodNode> {
    Simulation<FloodNode>(layout: ClusterLayout(servers: nodes), config: .init(inFlight: 2), seed: seed)
}

/// Plays keys through the real run loop into a memory backend and returns
/// the last screen. A fake wall clock moves 10 ms per reading.
@discardableResult
func screen(after keys: [Key], run: ClusterRun, size: Size = Size(width: 80, height: 24),
            glyphs: Glyphs = .unicode) -> (CellGrid, AppState) {
    let backend = MemoryBackend(size: size, script: keys.map { .key($0) }, supportsUnicode: glyphs == .unicode)
    var t = 0.0
    let loop = AppLoop(run: run, backend: backend, clock: { t += 0.01; return t })
    loop.runUntilQuit()
    return (backend.screen!, loop.state)
}

/// Keys for typing a line at a prompt.
func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }

/// Applies actions to a state, one after another.
func apply(_ actions: [AppAction], to state: inout AppState, _ run: ClusterRun) {
    for a in actions { reduce(&state, a, run) }
}
