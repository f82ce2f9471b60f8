import ArgumentParser
import ClusterProtocols
import ClusterSim
import TerminalUI

/// `bench render`: the interface's cost per frame, without a terminal.
///
/// Renders frames of a running cluster into the in-memory backend (which
/// diffs each frame against the last, as the ncurses backend does). The
/// cluster is Raft with two clients writing and reading (BENCHMARKS.md); each
/// frame advances the run by 1/30 s of wall time at the interface's default speed.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render frames of a running cluster into the in-memory backend (the interface's cost).")

    @Option(help: "Nodes.") var nodes = 7
    @Option(help: "Frames to render.") var frames = 5_000
    @Option(help: "Screen width.") var width = 120
    @Option(help: "Screen height.") var height = 40
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(name: .customLong("protocol"), help: "The protocol (BENCHMARKS.md measures raft).") var protocolName = "raft"
    @Option(help: "cluster, timeline (with the event half way through the trace selected, so every frame computes causal relations), or transactions (the T panel: Raft records no txn ops, so this is its cost on a run without any).")
    var view: View = .cluster
    @Option(help: "Engine steps to run before the first frame (a long trace).") var warmup: Int64 = 0

    enum View: String, ExpressibleByArgument, CaseIterable { case cluster, timeline, transactions }

    func validate() throws {
        try FlagRange.check("--nodes", nodes, 2...64)
        try FlagRange.check("--frames", frames, 1...10_000_000)
        try FlagRange.check("--width", width, 1...2_000)
        try FlagRange.check("--height", height, 1...1_000)
        try FlagRange.check("--warmup", warmup, 0...1_000_000_000)
    }

    func run() throws {
        let workload = protocolName == "raft" ? "clients: 2\nworkload: {ops: 10000000}\n" : ""
        let text = "protocol: \(protocolName)\nnodes: \(nodes)\nseed: \(seed)\n\(workload)network: {latency: {uniform: [1ms, 10ms]}}\n"
        let sim: ClusterRun
        do { sim = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "bench", text: text))) }
        catch let e as SourceError { printError(e.description); throw Exit.badInput }
        let backend = MemoryBackend(size: Size(width: width, height: height), keepsHistory: false)
        var state = AppState()
        sim.run(steps: warmup)
        state.displayedTime = sim.now.microseconds
        state.isPlaying = true
        if view == .timeline { reduce(&state, .timelineToggled, sim) }
        if view == .transactions { reduce(&state, .transactionsToggled, sim) }
        let start = Wall.now()
        for _ in 0..<frames {
            reduce(&state, .wallClockAdvanced(seconds: AppLoop.frameInterval), sim)
            if view == .timeline { state.timelineSelection = sim.trace.count / 2 }
            backend.present(render(state, sim, backend.size))
        }
        let wall = Wall.now() - start
        print("view=\(view.rawValue) trace_events=\(sim.trace.count) virtual_us=\(sim.now.microseconds) steps=\(sim.stepCount) cells_redrawn_per_frame=\(backend.cellsRedrawn / frames)")
        print("frames=\(frames) wall_s=\(String(format: "%.3f", wall)) fps=\(String(format: "%.0f", wall > 0 ? Double(frames) / wall : 0))")
    }
}
