import ClusterSim
import ClusterProtocols

/// Predicate functions for the replication, membership and sharding labs:
/// items in a text field (`suspected` is `n2 n4`), state changes in the trace
/// (a suspicion that came and went), and where keys land over the servers
/// that are running now. Kept apart from the core functions so each can grow
/// without touching the other.
extension PredicateEvaluator {
    static let listAndPlacementFunctions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "has_item": ([.string, .string], 0, .bool,
                     "has_item(text, 'n4'): the text, split at spaces and commas, contains the item; e.g. any(has_item(suspected, 'n4'))"),
        "item_count": ([.string], 0, .number,
                       "item_count(text): items in the text, split at spaces and commas ('-' and braces ignored); e.g. item_count(field(n1, 'suspected'))"),
        "state_changes": ([.string, .number], 2, .number,
                          "state_changes('text', since): state changes whose note contains the text, at or after virtual time since (default: all), e.g. state_changes('n3 suspected', now - 8s)"),
        "keys_moved": ([.string, .number], 0, .number,
                       "keys_moved('ring:64', 1000): of keys key0…key999, how many the running servers place elsewhere than all servers would"),
        "keys_owned": ([.node, .string, .number], 0, .number,
                       "keys_owned(n1, 'mod', 1000): of keys key0…key999, how many n1 owns when placed over the running servers"),
    ]

    /// The items of a field's text: `n2 n4` → [n2, n4]; `-`, `{}` and empty → none.
    static func items(of text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "{" || $0 == "}" })
            .map(String.init).filter { $0 != "-" }
    }

    /// Checks arguments that must be literals of a known form (a scheme name, a key count).
    static func checkListAndPlacementArguments(_ name: String, _ args: [PredicateExpr]) throws {
        guard name == "keys_moved" || name == "keys_owned" else { return }
        let scheme = args[name == "keys_moved" ? 0 : 1], count = args[name == "keys_moved" ? 1 : 2]
        if case .string(let s, let at) = scheme, PlacementRule(parsing: s) == nil {
            throw PredicateError(offset: at, message: "unknown placement scheme '\(s)': use \(PlacementRule.forms)")
        }
        if case .number(let k, let at) = count, k < 1 || k > 100_000 || k != k.rounded() {
            throw PredicateError(offset: at, message: "\(name) places between 1 and 100000 keys (a whole number)")
        }
    }

    static func callListOrPlacement(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        let run = world.run
        let arg = { (i: Int) in evaluate(args[i], in: world, node: node) }
        switch name {
        case "has_item", "item_count":
            let text = arg(0)
            guard text != .none else { return .none }
            let list = items(of: text.description)
            return name == "item_count" ? .number(Double(list.count)) : .bool(list.contains(arg(1).description))
        case "state_changes":
            let filter: String? = args.isEmpty ? nil : arg(0).description
            let since: Double = args.count > 1 ? (number(arg(1)) ?? .infinity) : -.infinity
            let trace = run.trace
            var n = 0
            for e in trace.events where e.kind == .state && Double(e.time) >= since {
                if let filter, !(trace.text(of: e) ?? "").contains(filter) { continue }
                n += 1
            }
            return .number(Double(n))
        case "keys_moved", "keys_owned":
            let first = name == "keys_moved" ? 0 : 1
            guard let scheme = PlacementRule(parsing: arg(first).description),
                  let k = number(arg(first + 1)), k >= 1, k <= 100_000 else { return .none }
            let keys = PlacementAnalysis.keys(Int(k))
            let all = run.layout.servers.map(run.layout.name)
            let running = run.layout.servers.filter { run.status(of: $0) != .crashed }.map(run.layout.name)
            if name == "keys_moved" {
                guard !running.isEmpty else { return .number(k) }
                return .number(Double(scheme.moved(keys: keys, from: all, to: running)))
            }
            guard case .node(let n) = arg(0) else { return .none }
            let me = run.layout.name(n)
            guard running.contains(me) else { return .number(0) }
            let placement = scheme.placement(over: running)
            return .number(Double(keys.reduce(0) { $0 + (placement.node(forKey: $1) == me ? 1 : 0) }))
        default:
            return .none
        }
    }
}
