import ClusterSim

/// The runner's history as the shared workload checkers of
/// ClusterSim/Checkers read it, and their verdicts as the runner reports
/// them: the glue between `WorkloadCatalog` and `WorkloadCheck`.
enum SharedCheckers {
    /// A checker that runs `WorkloadCheck` for `workload` on the run's history.
    static func checker(_ workload: String) -> MaelstromChecker {
        { history, context in
            let ops = history.enumerated().map { $0.element.clientOp(line: $0.offset + 1) }
            guard let model = strongestModel(context.consistencyModels) else {
                return MaelstromVerdict(valid: false, anomalies: ["unknown consistency model in \(context.consistencyModels)"])
            }
            do {
                guard let verdict = try WorkloadCheck.check(workload: workload, ops, networkMessages: context.networkMessages,
                                                            model: model) else {
                    return MaelstromVerdict(valid: false, anomalies: ["no checker for \(workload)"])
                }
                var figures = verdict.stats.map { (name: $0.name, value: $0.text) }
                if workload.hasPrefix("txn-") { figures.append((name: "consistency-model", value: model.description)) }
                return MaelstromVerdict(valid: verdict.isValid, anomalies: verdict.anomalies.map(\.description), figures: figures)
            } catch {
                return MaelstromVerdict(valid: false, anomalies: ["the history could not be checked: \(error)"])
            }
        }
    }

    /// The strongest of Maelstrom's `--consistency-models` (each implies the
    /// weaker ones); strict-serializable, Maelstrom's default, when none is
    /// named; nil when a name is unknown.
    static func strongestModel(_ names: [String]) -> ConsistencyModel? {
        guard !names.isEmpty else { return .strictSerializable }
        let models = names.map(ConsistencyModel.init(name:))
        return models.contains(nil) ? nil : models.compactMap { $0 }.max()
    }
}

extension MaelstromOperation {
    /// The op as the shared checkers read it; `line` is its position in the history, 1-based.
    func clientOp(line: Int) -> ClientOp {
        ClientOp(process: process, type: type, f: f, value: OpValue(json: value), error: error.map(OpValue.init(json:)),
                 node: node, isFinal: isFinal, line: line)
    }
}

extension OpValue {
    /// A JSON value of a message as a client op carries it (the two enums have the same cases).
    init(json: MessageValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(OpValue.init(json:)))
        case .object(let o): self = .object(o.mapValues(OpValue.init(json:)))
        }
    }
}
