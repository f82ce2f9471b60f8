import ClusterSim

/// Predicate functions over a shopping-cart run (`workload: {cart: …}` on the
/// Raft or the quorum store), read with `CartChecker`: what became of the
/// acknowledged adds and removes in each cart's final read, and how many
/// changes the store refused. A run with no carts gives 0. Each call reads
/// the whole history: use them in predictions and after runs.
extension PredicateEvaluator {
    static let cartFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "cart_lost_adds": ([], 0, .number,
                           "cart_lost_adds(): items whose acknowledged add is missing from their cart's final read, with no remove that could explain it"),
        "cart_resurrected": ([], 0, .number,
                             "cart_resurrected(): items whose acknowledged remove is undone in their cart's final read, with no add that could explain it"),
        "cart_ops_ok": ([.number], 1, .number,
                        "cart_ops_ok(since): cart adds and removes invoked at or after virtual time since (default: all) that were acknowledged"),
        "cart_ops_failed": ([.number], 1, .number,
                            "cart_ops_failed(since): the same adds and removes that were refused or timed out; pending ones count in neither"),
        "carts_read": ([], 0, .number, "carts_read(): carts with a final read so far (what the cart checks judge)"),
    ]

    static func callCart(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        let history = SessionHistory(trace: world.run.trace)
        switch name {
        case "cart_lost_adds": return .number(Double(CartChecker.check(history).count(.lostAdd)))
        case "cart_resurrected": return .number(Double(CartChecker.check(history).count(.resurrected)))
        case "carts_read": return .number(Double(CartChecker.check(history).cartsRead))
        case "cart_ops_ok", "cart_ops_failed":
            guard let since = args.isEmpty ? -.infinity : number(evaluate(args[0], in: world, node: node)) else { return .none }
            let changes = history.operations.filter { ($0.f == "add" || $0.f == "remove") && Double($0.invokeTime ?? -1) >= since }
            let counted = changes.filter { name == "cart_ops_ok" ? $0.outcome == .ok : ($0.outcome == .fail || $0.outcome == .info) }
            return .number(Double(counted.count))
        default:
            return .none
        }
    }
}
