import ClusterSim

/// A lab's `protocol: maelstrom` scenario as a live run of real node
/// processes: the scenario says the workload and the cluster, the person
/// says the program (`--bin`). The lab engine cannot depend on this module,
/// so the executable hands it this factory.
///
/// ```yaml
/// scenario:
///   protocol: maelstrom
///   nodes: 3
///   clients: 3
///   workload: {name: broadcast, rate: 30, topology: total}
/// ```
public enum MaelstromScenario {
    public static let protocolName = "maelstrom"
    /// Keys of the scenario's `workload:` mapping.
    static let workloadKeys = ["name", "rate", "topology", "time_limit"]

    /// Options for `scenario` run with `executable` (its faults come from the lab's steps, never a nemesis).
    public static func options(_ scenario: Scenario, executable: String, seed: UInt64? = nil) throws -> (MaelstromOptions, String) {
        guard let field = scenario.workload else {
            throw scenario.protocolField.error("a maelstrom scenario needs 'workload: {name: broadcast}'")
        }
        let map = try field.mapping(allowed: workloadKeys)
        let nameField = try map.required("name")
        let name = try nameField.string()
        var o = MaelstromOptions(executable: executable)
        o.nodeCount = scenario.servers
        guard scenario.clients >= 1 else { throw scenario.protocolField.error("a maelstrom scenario needs at least one client ('clients: 3')") }
        o.concurrency = scenario.clients
        o.link = scenario.network
        o.seed = seed ?? scenario.seed
        if let r = map["rate"] { o.rate = try r.double(in: 0.1...1_000) }
        // A lab decides how long it runs: the workload goes on until the lab ends it.
        o.timeLimit = try map["time_limit"]?.double(in: 1...3_600) ?? 3_600
        if let t = map["topology"] {
            let text = try t.string()
            guard let topology = Topology(rawValue: text) else {
                throw t.error("unknown topology '\(text)'; expected \(Topology.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            o.topology = topology
        }
        guard workload(name, o) != nil else {
            throw nameField.error("unknown workload '\(name)'; this build runs \(WorkloadCatalog.available.joined(separator: ", "))")
        }
        return (o, name)
    }

    /// Starts the node processes of `scenario` running `bin` (a path, or a name on PATH).
    public static func makeRun(_ scenario: Scenario, bin: String, seed: UInt64? = nil) throws -> LiveMaelstromRun {
        guard let executable = ChildProcess.resolve(bin) else {
            throw scenario.protocolField.error("--bin \(bin): no such executable program (a path to a file with a #! line and chmod +x)")
        }
        let (o, name) = try options(scenario, executable: executable, seed: seed)
        return LiveMaelstromRun(runner: MaelstromRunner(options: o, workload: workload(name, o)!), workload: name)
    }

    /// The workload: the catalog's, or (broadcast in a build whose catalog
    /// has no broadcast checker yet) the generator alone. A lab judges the
    /// run with its own predicates, never with the workload's final verdict.
    static func workload(_ name: String, _ o: MaelstromOptions) -> MaelstromWorkload? {
        if let w = WorkloadCatalog.make(name, o) { return w }
        guard name == "broadcast" else { return nil }
        return BroadcastWorkload(topology: o.topology) { _, _ in
            MaelstromVerdict(valid: true, figures: [("checked", "by the lab's predicates only")])
        }
    }
}
