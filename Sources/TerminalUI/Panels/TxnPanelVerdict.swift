import ClusterSim
import Foundation

/// What the transaction panel shows of a run's history: its transactions and
/// `TxnChecker`'s verdict for serializability, with the anomaly to explain
/// (the smallest cycle if there is one) and the transactions to highlight.
struct TxnPanelVerdict: Sendable {
    /// One transaction as listed.
    struct Row: Sendable {
        var id: Int
        var process: Int
        /// ok, fail, info, or pending (invoked, not yet completed at the event on screen).
        var outcomeWord: String
        var outcome: HistoryOperation.Kind
        var ops: [MicroOp]
    }

    static let model: ConsistencyModel = .serializable

    var transactions: [Row] = []
    /// Why the history could not be checked (a malformed txn op), if it could not.
    var error: String?
    var violations: [TxnAnomaly] = []
    /// The anomaly the panel explains: the smallest cycle, else the first violation.
    var shown: TxnAnomaly?
    var highlighted: Set<Int> = []
    /// How many edges of each kind the checker inferred.
    var dependencies: [DependencyKind: Int] = [:]

    init(history: [HistoryOperation]) {
        let result: TxnCheckResult
        do { result = try TxnChecker.check(history: history, options: .run(model: Self.model)) } catch let e as HistoryError {
            error = "txn op \(e.line): \(e.message)"
            return
        } catch {
            self.error = "\(error)"
            return
        }
        transactions = result.transactions.map { t in
            Row(id: t.id, process: t.process, outcomeWord: t.call.completion == nil ? "pending" : t.outcome.rawValue,
                outcome: t.outcome, ops: t.ops)
        }
        violations = result.violations
        dependencies = result.dependencies
        shown = violations.filter { !$0.cycle.isEmpty }.min { $0.cycle.count < $1.cycle.count } ?? violations.first
        highlighted = Set(shown?.transactions ?? [])
    }

    /// `serializable: valid`, or `not serializable: G2-item` (each kind once).
    var headline: String {
        if error != nil { return "cannot check" }
        guard !violations.isEmpty else { return "\(Self.model): valid" }
        var kinds: [String] = []
        for a in violations where !kinds.contains(a.kind.rawValue) { kinds.append(a.kind.rawValue) }
        return "not \(Self.model): " + kinds.joined(separator: ", ")
    }
}

/// The verdict of the history last drawn, kept until its transactions
/// change: the panel checks only while it is on screen, and only when a
/// `txn` op was recorded since the last frame (new ops are scanned, not the
/// whole history; stepping back shortens the history, so time travel
/// starts over), so frames of a run that records none cost no checking.
final class TxnPanelCache: @unchecked Sendable {
    static let shared = TxnPanelCache()

    private let lock = NSLock()
    /// The run last checked, held weakly: a new run at a freed run's address is a new run.
    private weak var run: AnyObject?
    /// History ops scanned so far, the last of them, and the `txn` ops among them.
    private var scanned = 0
    private var lastScanned: HistoryOperation?
    private var txnOps: [HistoryOperation] = []
    private var cached: TxnPanelVerdict?
    /// How many times the checker ran (for tests).
    private(set) var checks = 0

    func verdict(for run: ClusterRun) -> TxnPanelVerdict {
        let history = run.trace.history
        lock.lock(); defer { lock.unlock() }
        let extends = self.run === run && history.count >= scanned && (scanned == 0 || history[scanned - 1] == lastScanned)
        if !extends { self.run = run; scanned = 0; txnOps = []; cached = nil }
        let before = txnOps.count
        for op in history[scanned...] where op.f == "txn" { txnOps.append(op) }
        scanned = history.count; lastScanned = history.last
        if let cached, txnOps.count == before { return cached }
        let fresh = TxnPanelVerdict(history: txnOps)
        checks += 1
        cached = fresh
        return fresh
    }
}
