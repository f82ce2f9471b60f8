/// The workloads `-w` names, and how each is made from the options.
///
/// echo and lin-kv are complete here. The others (their generators and
/// checkers) plug in by adding a case: a struct conforming to
/// `MaelstromWorkload` whose `check` calls the checker in
/// ClusterSim/Checkers/Workloads or Checkers/Transactions.
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
        default: return nil
        }
    }
}
