import ClusterSim
import ClusterProtocols

/// Predicate functions over a Kafka run (`protocol: kafka`): what the
/// producers were told, read with `KafkaLogChecker` against each partition's
/// final read, and the ISR the controller keeps. A run of another protocol
/// gives 0. The checker's calls read the whole history: use them in
/// predictions and after runs.
extension PredicateEvaluator {
    static let kafkaFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "kafka_lost_acked": ([], 0, .number,
                             "kafka_lost_acked(): acknowledged sends missing from their partition's latest committed read, which reaches past their offset"),
        "kafka_duplicates": ([], 0, .number, "kafka_duplicates(): records (producer, sequence) read twice in a partition"),
        "kafka_acked": ([], 0, .number, "kafka_acked(): sends acknowledged with an offset so far"),
        "kafka_refused": ([], 0, .number, "kafka_refused(): sends refused with NOT_ENOUGH_REPLICAS so far (nothing appended)"),
        "kafka_isr": ([.string], 0, .number, "kafka_isr('t0-0'): the size of the partition's in-sync replica set, as the controller (n1) has it"),
    ]

    static func callKafka(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        let history = world.run.trace.history
        switch name {
        case "kafka_lost_acked": return .number(Double(KafkaLogChecker.check(history).count(.lostAcknowledged)))
        case "kafka_duplicates": return .number(Double(KafkaLogChecker.check(history).count(.duplicate)))
        case "kafka_acked":
            return .number(Double(history.filter { $0.f == "send" && $0.type == .ok }.count))
        case "kafka_refused":
            let refused = HistoryValue.string(KafkaError.notEnoughReplicas.rawValue)
            return .number(Double(history.filter { $0.f == "send" && $0.type == .fail && $0.error == refused }.count))
        case "kafka_isr":
            guard let sim = world.run as? Simulation<KafkaProcess>, let controller = sim.node(NodeID(0))?.controller,
                  let p = sim.config.partition(named: evaluate(args[0], in: world, node: node).description) else { return .none }
            return .number(Double(controller.partitions[p].isr.count))
        default:
            return .none
        }
    }
}
