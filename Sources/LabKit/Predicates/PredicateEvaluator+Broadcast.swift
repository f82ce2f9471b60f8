import ClusterSim

/// Predicate functions over a broadcast run's client history (Maelstrom's
/// `broadcast` workload on real processes): which broadcasts were
/// acknowledged, and which of them each server's latest read left out. A
/// run that is not a broadcast run gives them no value. Each call reads
/// the whole history: use them in predictions and after runs.
extension PredicateEvaluator {
    static let broadcastFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "broadcasts_acked": ([.number], 1, .number,
                             "broadcasts_acked(before): broadcasts acknowledged at or before virtual time before (default: now)"),
        "broadcasts_missing": ([.number], 0, .number,
                               "broadcasts_missing(since): broadcasts acknowledged at or before since that are missing from "
                               + "each server's latest read invoked at or after since, summed over the servers "
                               + "(no value while no server has such a read)"),
        "server_messages": ([], 0, .number,
                            "server_messages(): messages sent from one server to another so far (clients' requests and replies left out): "
                            + "server_messages() / broadcasts_acked() is the cost of a broadcast"),
        "broadcast_readers": ([.number], 0, .number,
                              "broadcast_readers(since): servers with a completed read invoked at or after since"),
    ]

    static func callBroadcast(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        if name == "server_messages" {
            let servers = 0..<Int32(world.run.layout.serverCount)  // servers come first in a layout
            return .number(Double(world.run.trace.events.filter { $0.kind == .send && servers.contains($0.node) && servers.contains($0.peer) }.count))
        }
        guard let run = world.run as? BroadcastReadings else { return .none }
        let time = args.isEmpty ? world.run.now.microseconds
            : number(evaluate(args[0], in: world, node: node)).map { Int64($0) } ?? world.run.now.microseconds
        switch name {
        case "broadcasts_acked":
            return .number(Double(run.acknowledgedBroadcasts(before: time).count))
        case "broadcasts_missing":
            let reads = run.latestReads(since: time)
            guard !reads.isEmpty else { return .none }
            let acked = run.acknowledgedBroadcasts(before: time)
            return .number(Double(reads.values.reduce(0) { $0 + acked.subtracting($1).count }))
        case "broadcast_readers":
            return .number(Double(run.latestReads(since: time).count))
        default:
            return .none
        }
    }
}
