import ClusterSim

/// Counts and latencies of a run, per operation type (`read`, `broadcast`…).
public struct RunStatistics: Sendable {
    public struct PerOperation: Sendable {
        public var ok = 0, fail = 0, info = 0
        /// Microseconds from invoke to completion, of ok operations.
        public var latencies: [Int64] = []
    }
    public var operations: [String: PerOperation] = [:]
    /// Messages between nodes, and between clients and nodes.
    public var serverMessages = 0
    public var clientMessages = 0
    public var serviceCalls = 0
    public var unknownDestinations = 0
    /// Replies that came after their request had timed out.
    public var lateReplies = 0
    public var malformedReplies = 0
    /// Moments the rate asked for a request while every client was busy.
    public var skippedRequests = 0
    public var nemesisMoves = 0
    public var workloadStartedAt: Int64 = 0
    public var workloadEndedAt: Int64 = 0

    mutating func record(f: String, _ type: HistoryOperation.Kind, latency: Int64) {
        var p = operations[f] ?? PerOperation()
        switch type {
        case .ok: p.ok += 1; p.latencies.append(latency)
        case .fail: p.fail += 1
        case .info: p.info += 1
        case .invoke: break
        }
        operations[f] = p
    }

    /// Completed operations of every type.
    public var completed: Int { operations.values.reduce(0) { $0 + $1.ok + $1.fail + $1.info } }

    /// The `q` quantile (0…1) of sorted values, nearest rank.
    public static func quantile(_ sorted: [Int64], _ q: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// How a run ended and what it found.
public struct MaelstromResult {
    public enum Outcome: Equatable, Sendable {
        /// The checker found the history valid.
        case valid
        /// The checker found anomalies (in `verdict`).
        case anomalies
        /// A node misbehaved (non-JSON output, no init_ok, crashed, flooded): the run stopped.
        case nodeError(NodeFailure)
        /// The runner was told to stop (SIGINT, SIGTERM): the signal.
        case interrupted(Int32)
    }
    public var outcome: Outcome
    public var verdict: MaelstromVerdict?
    /// Every op with its JSON value, node and `final?` mark.
    public var history: [MaelstromOperation]
    /// The same ops as the register checkers and `lincheck` read them.
    public var historyOperations: [HistoryOperation] { history.map(\.historyOperation) }
    public var statistics: RunStatistics
    public var warnings: [String]
    /// The recorded run: trace, messages, stderr per node, pids.
    public var recorder: RunRecorder
    public var workload: String
    public var options: MaelstromOptions

    /// 0 valid, 1 anomalies, 2 a node error or bad input, 128+signal when interrupted.
    public var exitCode: Int32 {
        switch outcome {
        case .valid: return 0
        case .anomalies: return 1
        case .nodeError: return 2
        case .interrupted(let s): return 128 + s
        }
    }
}

extension MaelstromRunner {
    func finish(interruptedBy signal: Int32?) -> MaelstromResult {
        stopAll()
        if stats.workloadEndedAt == 0 { stats.workloadEndedAt = now }
        let history = recorder.operations
        var outcome: MaelstromResult.Outcome
        var verdict: MaelstromVerdict?
        if let signal {
            outcome = .interrupted(signal)
        } else if let failure {
            outcome = .nodeError(failure)
        } else {
            var v = workload.check(history, context: CheckContext(networkMessages: stats.serverMessages,
                                                                  consistencyModels: options.consistencyModels,
                                                                  operationTimes: recorder.operationTimes))
            if options.availabilityTotal {
                let failed = history.filter { $0.type == .fail || $0.type == .info }
                if !failed.isEmpty {
                    v.valid = false
                    v.anomalies.append("availability: \(failed.count) completed operations did not succeed (--availability total), first: \(failed[0].jsonLine)")
                }
            }
            verdict = v
            outcome = v.valid ? .valid : .anomalies
        }
        return MaelstromResult(outcome: outcome, verdict: verdict, history: history, statistics: stats,
                               warnings: warnings, recorder: recorder, workload: workload.name, options: options)
    }
}
