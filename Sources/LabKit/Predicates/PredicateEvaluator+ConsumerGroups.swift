import ClusterSim
import ClusterProtocols

/// Predicate functions over a consumer group's history (`protocol:
/// kafka-groups`), read with `GroupDeliveryChecker`: how many records were
/// processed more than once, or never, so far. A run of another protocol
/// gives 0. Each call reads the whole history: use them in predictions, not
/// in `until` or a task's goal (refused there, as `linearizable()` is).
extension PredicateEvaluator {
    static let consumerGroupFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "records_processed_twice": ([.string], 1, .number,
                                    "records_processed_twice(), records_processed_twice('t0p1'): consumer-group records processed more than once so far (in that partition)"),
        "records_never_processed": ([.string], 1, .number,
                                    "records_never_processed(), records_never_processed('t0p1'): records below their partition's committed offset (or a later processed record) that no consumer processed"),
    ]

    static func callConsumerGroups(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        let report = GroupDeliveryChecker.check(world.run.trace.history)
        var partition: GroupPartition?
        if let a = args.first {
            guard let p = GroupDeliveryChecker.partition(evaluate(a, in: world, node: node).description) else { return .none }
            partition = p
        }
        let twice = partition.map { report.duplicates[$0]?.count ?? 0 } ?? report.duplicateCount
        let never = partition.map { report.lost[$0]?.count ?? 0 } ?? report.lostCount
        return .number(Double(name == "records_processed_twice" ? twice : never))
    }
}
