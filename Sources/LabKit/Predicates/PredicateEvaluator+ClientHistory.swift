import ClusterSim

/// Predicate functions over the clients' history so far, read with the same
/// checkers `clusterlab cap` and `lincheck` use: which operations a server
/// answered, stale reads, linearizability. They let a lab ask what a store
/// did for its clients (was the minority side available? did a read go
/// back in time?) and decide it from the live run. Each call reads the whole
/// history: use them in predictions and after runs, not in a `run.until`
/// or a task goal, which are checked after every event.
extension PredicateEvaluator {
    static let clientHistoryFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "ops_ok": ([.node, .number], 1, .number,
                   "ops_ok(n1, since): client operations invoked at or after virtual time since (default: all) and first sent to server n1 that succeeded"),
        "ops_failed": ([.node, .number], 1, .number,
                       "ops_failed(n1, since): the same operations that failed or timed out (refused, or no answer in time); pending ones count in neither"),
        "stale_reads": ([.number], 1, .number,
                        "stale_reads(since): reads invoked at or after since (default: all) that returned a value older than a write completed before they began"),
        "linearizable": ([], 0, .bool,
                         "linearizable(): the clients' history so far is linearizable (no value if the checker runs out of budget)"),
    ]

    /// Search steps the linearizability checker may take before giving no value (as `clusterlab cap`).
    static let linearizabilityBudget = 1_000_000

    /// A condition checked after every event (`run.until`, a task's goal)
    /// may not search the whole history each time: `linearizable()` or the
    /// transaction checker's `txn_anomaly()` / `txn_anomalies()` there
    /// would make a run take hours. The other functions only count.
    static func checkEveryEvent(_ expr: PredicateExpr) throws {
        switch expr {
        case .call(let name, _, let at) where name == "linearizable" || name == "txn_anomaly" || name == "txn_anomalies"
                                      || consumerGroupFunctions[name] != nil:
            throw PredicateError(offset: at, message: "\(name)() searches the whole history: use it in a prediction ('when' or 'number'), not in 'until' or a task goal, which are checked after every event")
        case .call(_, let args, _): try args.forEach(checkEveryEvent)
        case .member(let base, _, _): try checkEveryEvent(base)
        case .unary(_, let x, _): try checkEveryEvent(x)
        case .binary(_, let l, let r, _): try checkEveryEvent(l); try checkEveryEvent(r)
        default: break
        }
    }

    static func callClientHistory(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        let run = world.run
        let arg = { (i: Int) in evaluate(args[i], in: world, node: node) }
        func since(_ i: Int) -> Double? { args.count > i ? number(arg(i)) : -.infinity }
        switch name {
        case "ops_ok", "ops_failed":
            guard case .node(let server) = arg(0), let since = since(1) else { return .none }
            let sent = SessionHistory(trace: run.trace).operations.filter {
                $0.firstContact == server.index && Double($0.invokeTime ?? -1) >= since
            }
            let counted = sent.filter { name == "ops_ok" ? $0.outcome == .ok : ($0.outcome == .fail || $0.outcome == .info) }
            return .number(Double(counted.count))
        case "stale_reads":
            guard let since = since(0) else { return .none }
            let history = SessionHistory(trace: run.trace)
            var invokedAt: [Int: Int64] = [:]  // completion line (1-based, as anomalies name it) -> invoke time
            for op in history.operations { if let c = op.completion, let t = op.invokeTime { invokedAt[c + 1] = t } }
            let stale = StaleReads.find(in: history).filter { Double(invokedAt[$0.readLine] ?? -1) >= since }
            return .number(Double(stale.count))
        case "linearizable":
            guard let verdict = try? LinearizabilityChecker.check(run.trace.history, budget: linearizabilityBudget) else {
                return .none
            }
            return .bool(verdict == .linearizable)
        default:
            return .none
        }
    }
}
