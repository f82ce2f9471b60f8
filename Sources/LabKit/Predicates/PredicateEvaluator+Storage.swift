import ClusterSim
import ClusterProtocols

/// Predicate functions over the quorum store's deletes, read with
/// `ResurrectionChecker`: keys whose deleted value a client read back (a
/// tombstone purged after `gc_grace` before a replica that missed the delete
/// was repaired). A run with no deletes gives 0. Each call reads the whole
/// history (`trace.history`, which a run keeps when it forgets old events):
/// use them in predictions and after runs.
extension PredicateEvaluator {
    static let storageFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "resurrected_keys": ([], 0, .number,
                             "resurrected_keys(): keys a client read back with a value written before a delete that completed before the read began"),
    ]

    static func callStorage(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        switch name {
        case "resurrected_keys":
            return .number(Double(ResurrectionChecker.keys(SessionHistory(world.run.trace.history)).count))
        default:
            return .none
        }
    }
}
