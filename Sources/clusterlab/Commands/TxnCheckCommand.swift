import ArgumentParser
import ClusterSim
import Foundation

/// `clusterlab txncheck HISTORY`: does a transactional history (Maelstrom's
/// txn-list-append or txn-rw-register) hold a consistency model?
///
/// Prints `valid: MODEL` (exit 0) or `invalid: not MODEL (...)` with each
/// anomaly, its smallest cycle and the operations in it (exit 1). A bad file
/// gets `FILE:LINE:COLUMN: message` on stderr (exit 2).
struct TxnCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "txncheck",
        abstract: "Check a transactional history for dependency cycles (G0, G1, G-single, G2), as Elle does.",
        discussion: """
            The history is JSON Lines, one Jepsen-shaped op a line, the value a list of micro-ops: \
            {"process":0,"type":"ok","f":"txn","value":[["append","x",1],["r","y",[1,2]]]} for \
            list-append, [["w","x",1],["r","y",1]] for rw-register (values unique per key). An ok \
            transaction committed; a fail one did not (reading its writes is G1a); an info one may \
            have. Ops of a non-integer process (the nemesis) are skipped. A file ending in .edn is \
            read as Jepsen's and Elle's EDN ({:type :ok, :value [[:append :x 1] [:r :y [1]]]}).

            Models, weakest first: read-uncommitted, read-committed, snapshot-isolation, \
            serializable, strict-serializable (adds real-time order).

            Exit status: 0 valid for the model; 1 invalid (the anomalies follow); 2 the file \
            cannot be read or has a bad line.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "A transactional history: JSON Lines, or EDN if the name ends in .edn.") var history: String
    @Option(name: [.customLong("model"), .customLong("consistency-models")],
            help: ArgumentHelp("The consistency model to check, or Maelstrom's comma-separated list (all must hold); default: the strongest.",
                               valueName: "MODEL"))
    var model = "strict-serializable"
    @Option(help: "text or json.") var format: Format = .text
    @Option(help: ArgumentHelp("list-append or rw-register (default: from the micro-ops).", valueName: "WORKLOAD"))
    var workload: String?
    @Flag(help: "rw-register: a transaction's write of a key follows its own read of it (Elle's writes-follow-reads inference).")
    var writesFollowReads = false

    /// The strongest of the named models: each implies the weaker ones, so it holding means all hold.
    var strongest: ConsistencyModel? {
        let models = model.split(separator: ",").map { ConsistencyModel(name: $0.trimmingCharacters(in: .whitespaces)) }
        return models.contains(nil) || models.isEmpty ? nil : models.compactMap { $0 }.max()
    }

    func validate() throws {
        guard strongest != nil else {
            throw ValidationError("unknown model '\(model)'; models: " + ConsistencyModel.allCases.map(\.description).joined(separator: ", "))
        }
        if let workload, TxnWorkload(rawValue: workload) == nil {
            throw ValidationError("unknown workload '\(workload)'; workloads: list-append, rw-register")
        }
    }

    func run() throws {
        let text = try LincheckCommand.readText(history)
        let options = TxnChecker.Options(model: strongest!, writesFollowReads: writesFollowReads,
                                         workload: workload.flatMap(TxnWorkload.init(rawValue:)))
        let result: TxnCheckResult
        do { result = try TxnChecker.check(ClientHistoryFile.read(text, path: history), options: options) } catch let error as HistoryError {
            printError("\(history):\(error.line):\(error.column): \(error.message)")
            throw ExitCode(2)
        }
        print(format == .json ? result.json : result.text, terminator: "")
        if !result.isValid { throw ExitCode(1) }
    }
}
