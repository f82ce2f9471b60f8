import ClusterSim
import Foundation
import Maelstrom

/// A real run without the interface, for scripts and CI: start the cluster,
/// run the workload for the time limit with the nemesis, end the faults,
/// stop the clients, check the history, tear everything down.
public enum RealHeadlessRun {
    public struct Plan: Sendable {
        public var timeLimit: Double
        public var nemesis: [RealNemesisKind]
        public var nemesisInterval: Double
        public var seed: UInt64
        /// Each client's pause between operations, microseconds (0: as fast as the cluster answers).
        public var think: Int64
        public init(timeLimit: Double = 30, nemesis: [RealNemesisKind] = [], nemesisInterval: Double = 5, seed: UInt64 = 1,
                    think: Int64 = 20_000) {
            self.timeLimit = timeLimit; self.nemesis = nemesis; self.nemesisInterval = nemesisInterval; self.seed = seed
            self.think = think
        }
    }

    public struct Summary: Sendable {
        public var verdict: RealVerdict
        /// The whole client history (invocations and completions).
        public var history: [HistoryOperation]
        public var faults: [String: Int]
        /// Microseconds from the start to a cluster that can serve.
        public var readyAfter: Int64
        /// Microseconds of workload.
        public var workload: Int64
        /// Microseconds the teardown took.
        public var teardown: Int64

        /// Completed operations by outcome.
        public func count(_ type: HistoryOperation.Kind) -> Int { history.count { $0.type == type } }

        /// The summary as printed: the verdict's word first.
        public func lines(system: String, nodes: Int, clients: Int) -> [String] {
            let ok = count(.ok), fail = count(.fail), info = count(.info)
            let total = ok + fail + info
            let seconds = Double(workload) / 1_000_000
            var out = ["\(verdict.word): \(total) operations (\(ok) ok, \(fail) fail, \(info) info) by \(clients) clients in "
                       + String(format: "%.1f s", seconds) + String(format: " (%.0f ok/s)", seconds > 0 ? Double(ok) / seconds : 0)]
            let faultText = faults.isEmpty ? "none" : faults.keys.sorted().map { "\(faults[$0]!) \($0)" }.joined(separator: ", ")
            out.append("faults: \(faultText)")
            out.append("\(system), \(nodes) nodes: ready after " + DurationText.format(readyAfter)
                       + ", teardown " + DurationText.format(teardown))
            out += verdict.lines
            return out
        }
    }

    /// Runs `plan` against `system`; `progress` hears each stage as it happens.
    /// `beforeTeardown` may read the runner's record (to export the trace) before everything is removed.
    public static func run(_ system: RealSystem, plan: Plan, progress: (String) -> Void = { _ in },
                           beforeTeardown: (RealClusterRunner) -> Void = { _ in }) throws -> Summary {
        let runner = RealClusterRunner(system: system, seed: plan.seed)
        runner.thinkMicroseconds = plan.think
        try runner.start(progress: progress)
        let readyAfter = runner.readyAt ?? runner.elapsed
        var nemesis = RealNemesis(kinds: plan.nemesis, seed: plan.seed)
        do {
            runner.startClients()
            let begin = runner.elapsed
            let end = begin + Int64(plan.timeLimit * 1_000_000)
            let step = Int64(plan.nemesisInterval * 1_000_000)
            var nextMove = begin + step
            while runner.elapsed < end {
                runner.pump(maxWait: min(100_000, max(0, end - runner.elapsed)))
                if !plan.nemesis.isEmpty, runner.elapsed >= nextMove, runner.elapsed < end {
                    try nemesis.move(runner)
                    nextMove += step
                }
            }
            try runner.recoverAll()
            progress("faults ended; waiting for the cluster to serve again")
            let deadline = runner.elapsed + 60_000_000
            while !system.isReady(runner.views) && runner.elapsed < deadline { runner.pump(maxWait: 100_000) }
            runner.pump(maxWait: 1_000_000)
            runner.stopClients()
            let workload = runner.elapsed - begin
            progress("checking \(runner.history.count) history entries")
            let verdict = runner.check()
            let history = runner.history
            let faults = runner.faults
            beforeTeardown(runner)
            let t0 = RunClock.monotonic()
            runner.teardown()
            return Summary(verdict: verdict, history: history, faults: faults,
                           readyAfter: readyAfter, workload: workload, teardown: RunClock.monotonic() - t0)
        } catch {
            runner.teardown()
            throw error
        }
    }
}
