/// The two transactional workloads: Maelstrom's txn-list-append and txn-rw-register.
public enum TxnWorkload: String, Sendable, Hashable, CaseIterable {
    case listAppend = "list-append"
    case rwRegister = "rw-register"

    /// The workload a history's micro-ops show: appends mean list-append,
    /// writes mean rw-register (reads alone: list-append if a read returned a
    /// list). Both at once is an error at the first op that mixes them.
    static func detect(_ txns: [Transaction]) throws -> TxnWorkload {
        var firstAppend: Transaction?, firstWrite: Transaction?
        var listRead = false
        for t in txns {
            for op in t.ops {
                if op.f == .append, firstAppend == nil { firstAppend = t }
                if op.f == .write, firstWrite == nil { firstWrite = t }
                if op.f == .read, op.value.list != nil { listRead = true }
            }
        }
        if let a = firstAppend, let w = firstWrite {
            throw HistoryError(line: max(a.line, w.line), message: "the history mixes appends (line \(a.line)) and writes (line \(w.line)): a history is list-append or rw-register, not both")
        }
        return firstAppend != nil || (firstWrite == nil && listRead) ? .listAppend : .rwRegister
    }
}

/// Checks transactional histories for dependency cycles and bad reads in the
/// manner of Elle (Kingsbury & Alvaro, VLDB 2020): infer write-write,
/// write-read and read-write dependencies between transactions from what they
/// read and wrote, add real-time order when checking strict serializability,
/// find strongly connected components and the shortest cycle of each class
/// inside them, and name each anomaly with the weakest model it rules out.
///
///     let result = try TxnChecker.check(jsonLines: text, options: .init(model: .serializable))
///     print(result.text)   // "valid" or "invalid: ...", then the anomalies
public enum TxnChecker {
    public struct Options: Sendable {
        /// The model the verdict is about; real-time edges are added only for strict serializability.
        public var model: ConsistencyModel
        /// Elle's writes-follow-reads inference for rw-register
        /// (`wfr-version-graphs` in rw_register.clj): a transaction's write of a key
        /// follows its own read of it in the version order.
        public var writesFollowReads: Bool
        /// Forces the workload; detected from the micro-ops when nil.
        public var workload: TxnWorkload?

        public init(model: ConsistencyModel = .strictSerializable, writesFollowReads: Bool = false, workload: TxnWorkload? = nil) {
            self.model = model; self.writesFollowReads = writesFollowReads; self.workload = workload
        }
    }

    /// Parses a JSON Lines history and checks it. Throws `HistoryError` (line, column) on bad input.
    public static func check(jsonLines: String, options: Options = Options()) throws -> TxnCheckResult {
        try check(ClientHistoryFile.read(jsonLines), options: options)
    }

    /// Checks a history of Jepsen-shaped ops (`f` "txn" or absent; other calls are ignored).
    public static func check(_ ops: [ClientOp], options: Options = Options()) throws -> TxnCheckResult {
        try check(Transaction.parse(ClientHistoryFile.calls(ops)), options: options)
    }

    /// Checks transactions already paired and parsed.
    public static func check(_ txns: [Transaction], options: Options = Options()) throws -> TxnCheckResult {
        let workload = try options.workload ?? TxnWorkload.detect(txns)
        var graph = DependencyGraph(vertexCount: txns.count)
        var anomalies: [TxnAnomaly] = []
        switch workload {
        case .listAppend: try ListAppendInference.infer(txns, into: &graph, anomalies: &anomalies)
        case .rwRegister: try RegisterInference.infer(txns, writesFollowReads: options.writesFollowReads, into: &graph, anomalies: &anomalies)
        }
        var shapes = CycleSearch.dataShapes
        if options.model == .strictSerializable {
            RealtimeOrder.add(txns, to: &graph)
            shapes += CycleSearch.realtimeShapes
        }
        // Every cycle of any class lies inside a component of the whole graph:
        // with none (a valid history), no class needs searching.
        let cyclic = !CycleSearch.components(graph, allowed: Set(DependencyKind.allCases)).isEmpty
        for shape in shapes where cyclic {
            for cycle in CycleSearch.cycles(graph, shape: shape) {
                anomalies.append(TxnAnomaly(kind: classify(cycle, as: shape.kind), transactions: cycle.map(\.from), cycle: cycle))
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: TxnAnomaly.Kind.allCases.enumerated().map { ($1, $0) })
        anomalies = anomalies.enumerated().sorted {
            ($0.element.kind.weakestViolated.rawValue, rank[$0.element.kind]!, $0.offset) < ($1.element.kind.weakestViolated.rawValue, rank[$1.element.kind]!, $1.offset)
        }.map(\.element)
        return TxnCheckResult(model: options.model, workload: workload, transactions: txns, anomalies: anomalies,
                              dependencies: graph.counts, writesFollowReads: options.writesFollowReads)
    }

    /// A G2 cycle whose read-write edges are never next to each other is
    /// G-nonadjacent, which snapshot isolation also rules out.
    static func classify(_ cycle: [Dependency], as kind: TxnAnomaly.Kind) -> TxnAnomaly.Kind {
        guard kind == .g2 else { return kind }
        let rw = cycle.map { $0.kind == .rw }
        let adjacent = rw.indices.contains { rw[$0] && rw[($0 + 1) % rw.count] }
        return adjacent ? .g2 : .gNonadjacent
    }
}
