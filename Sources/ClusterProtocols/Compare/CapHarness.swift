import ClusterSim

/// Runs a CAP experiment: the Raft store (CP) and the quorum store (AP, or
/// not, by its R and W) under the same workload and the same partition, and
/// measures for each how many operations succeeded, what anomalies the
/// clients saw, whether the history is linearizable, and how long the
/// replicas took to agree after the heal.
///
///     let report = try CapHarness.run(CapSettings())
///     print(report.text)
public enum CapHarness {
    /// Search steps the linearizability checker may take per key before answering `unknown`.
    public static let lincheckBudget = 1_000_000

    public static func run(_ settings: CapSettings) throws -> CapReport {
        try settings.validate()
        let raft = try makeRun(settings.raftScenario, name: "cap:raft")
        raft.run(until: .us(settings.partitionAt))
        let leader = leader(of: raft) ?? NodeID(0)
        let minority = (0..<settings.minority).map { NodeID((leader.index + $0) % settings.servers) }
        let majority = raft.layout.servers.filter { !minority.contains($0) }
        let raftOutcome = measure(raft, groups: [minority, majority], settings, label: "raft")

        let quorum = try makeRun(settings.quorumScenario, name: "cap:quorum")
        quorum.run(until: .us(settings.partitionAt))
        let label = "quorum N=\(settings.replicationFactor) R=\(settings.readConsistency.rawValue) W=\(settings.writeConsistency.rawValue)"
        let quorumOutcome = measure(quorum, groups: [minority, majority], settings, label: label)

        return CapReport(seed: settings.seed, servers: settings.servers, clients: settings.clients,
                         minoritySide: minority.map(raft.layout.name), majoritySide: majority.map(raft.layout.name),
                         partitionAtMicroseconds: settings.partitionAt, healAtMicroseconds: settings.healAt,
                         endMicroseconds: settings.end, raft: raftOutcome, quorum: quorumOutcome)
    }

    static func makeRun(_ text: String, name: String) throws -> ClusterRun {
        try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: name, text: text)))
    }

    /// The running server that calls itself leader in the highest term.
    static func leader(of run: ClusterRun) -> NodeID? {
        run.layout.servers.compactMap { n in run.headline(of: n).map { (n, $0) } }
            .filter { $0.1.role == "leader" }.max { ($0.1.epoch ?? 0) < ($1.1.epoch ?? 0) }?.0
    }

    /// Partitions `run` (already at the partition time), heals it, runs it to the end and reads the outcome.
    static func measure(_ run: ClusterRun, groups: [[NodeID]], _ s: CapSettings, label: String) -> CapOutcome {
        run.perform(.partition(groups), at: .us(s.partitionAt))
        run.run(until: .us(s.healAt))
        run.perform(.heal, at: .us(s.healAt))
        var convergence: Int64?
        if ReplicaHoldings.of(run) != nil {
            convergence = ConvergenceTime.measure(run, since: s.healAt, limit: s.end - s.healAt) {
                ReplicaHoldings.of(run)!.disagreements.isEmpty
            }
        }
        run.run(until: .us(s.end))

        let history = SessionHistory(trace: run.trace)
        let done = history.operations.filter { $0.outcome != .pending }
        let during = done.filter { ($0.invokeTime ?? 0) >= s.partitionAt && ($0.invokeTime ?? 0) < s.healAt }
        let minority = Set(groups[0].map(\.index))
        let cutOff = during.filter { $0.firstContact.map(minority.contains) ?? false }
        let report = ConsistencyReport(history)
        let first = report.all.min { $0.readLine < $1.readLine }
        let verdict: String
        do {
            verdict = try LinearizabilityChecker.check(run.trace.history, budget: lincheckBudget) == .linearizable
                ? "linearizable" : "not linearizable"
        } catch {
            verdict = "unknown"
        }
        return CapOutcome(protocolName: run.protocolName, label: label,
                          operations: done.count, succeeded: done.filter { $0.outcome == .ok }.count,
                          partitionOperations: during.count, partitionSucceeded: during.filter { $0.outcome == .ok }.count,
                          minorityOperations: cutOff.count, minoritySucceeded: cutOff.filter { $0.outcome == .ok }.count,
                          staleReads: report.staleReads.count, readYourWritesViolations: report.readYourWrites.count,
                          monotonicReadsViolations: report.monotonicReads.count,
                          firstAnomaly: first.map { $0.description(session: "client " + run.layout.name(NodeID($0.session))) },
                          linearizability: verdict, convergenceMicroseconds: convergence)
    }
}
