/// The workloads `-w` names, and how each is made from the options.
///
/// echo and lin-kv check themselves (lin-kv with ClusterSim's
/// linearizability checker). unique-ids, broadcast, g-set, g-counter,
/// pn-counter, kafka, txn-rw-register and txn-list-append have their
/// generators here and take their checker from `checker(for:)`: the shared
/// checkers of ClusterSim/Checkers/Workloads (`WorkloadCheck`), which
/// `clusterlab txncheck` and the transactions labs use too.
public enum WorkloadCatalog {
    /// Every workload Maelstrom has, as `-w` spells it.
    public static let maelstromNames = ["echo", "unique-ids", "broadcast", "g-set", "g-counter", "pn-counter",
                                        "lin-kv", "kafka", "txn-rw-register", "txn-list-append"]

    /// The workloads this build can run.
    public static var available: [String] { maelstromNames.filter { make($0, MaelstromOptions(executable: "")) != nil } }

    public static func make(_ name: String, _ options: MaelstromOptions) -> MaelstromWorkload? {
        switch name {
        case "echo": return EchoWorkload()
        case "lin-kv": return LinKVWorkload(keyCount: options.keyCount ?? 3)
        case "unique-ids": return checker(for: name).map(UniqueIDsWorkload.init(checker:))
        case "broadcast": return checker(for: name).map { BroadcastWorkload(topology: options.topology, checker: $0) }
        case "g-set": return checker(for: name).map { AddReadWorkload(.gSet, checker: $0) }
        case "g-counter": return checker(for: name).map { AddReadWorkload(.gCounter, checker: $0) }
        case "pn-counter": return checker(for: name).map { AddReadWorkload(.pnCounter, checker: $0) }
        case "kafka": return checker(for: name).map { KafkaWorkload(keyCount: options.keyCount ?? 2, checker: $0) }
        case "txn-rw-register": return checker(for: name).map { TransactionWorkload(.rwRegister, keyCount: options.keyCount ?? 3, checker: $0) }
        case "txn-list-append": return checker(for: name).map { TransactionWorkload(.listAppend, keyCount: options.keyCount ?? 3, checker: $0) }
        default: return nil
        }
    }

    /// The checker of a workload whose checker lives in ClusterSim; nil until it is wired in here.
    public static func checker(for name: String) -> MaelstromChecker? {
        checkers[name]
    }

    /// The shared checker of every workload that does not check itself.
    static let checkers: [String: MaelstromChecker] = Dictionary(uniqueKeysWithValues:
        ["unique-ids", "broadcast", "g-set", "g-counter", "pn-counter", "kafka", "txn-rw-register", "txn-list-append"]
            .map { ($0, SharedCheckers.checker($0)) })
}
