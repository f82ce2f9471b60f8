import ClusterSim

/// What each running replica of a store holds, item by item, and which
/// replicas should hold each item: the input of `ReplicaAgreement`, read
/// from the protocols that replicate data.
///
/// - `quorum`: each key's versions on the key's N replicas, as the servers'
///   summaries list them (`k0 = 1000003@7@n2  replicas n1,n3,n2`).
/// - `crdt`: the counter, the set and the register, on every server.
/// - `raft`: each key's applied value, on every server.
public struct ReplicaHoldings {
    public var holdings: [NodeID: [String: AnyHashable]]
    public var holders: (String) -> [NodeID]

    /// The items on which replicas disagree now (empty: converged).
    public var disagreements: [String] { ReplicaAgreement.disagreements(holdings, holders: holders) }

    /// The holdings of `run`, or nil for a protocol that replicates no data.
    public static func of(_ run: ClusterRun) -> ReplicaHoldings? {
        let servers = run.layout.servers
        if run.protocolName == QuorumProcess.protocolName {
            // Read from the summaries' detail lines, `KEY = VERSIONS  replicas n1,n2,n3`,
            // so the store's internals (stored values, siblings, storage engine) can change freely.
            var held: [NodeID: [String: AnyHashable]] = [:]
            var holders: [String: [NodeID]] = [:]
            for s in servers {
                guard let summary = run.summary(of: s) else { continue }
                var items: [String: AnyHashable] = [:]
                for line in summary.details {
                    guard let row = replicaRow(line, layout: run.layout) else { continue }
                    items[row.key] = row.versions
                    holders[row.key] = row.replicas
                }
                held[s] = items
            }
            return ReplicaHoldings(holdings: held) { holders[$0] ?? [] }
        }
        if let sim = run as? Simulation<CRDTNode> {
            var held: [NodeID: [String: AnyHashable]] = [:]
            for s in servers {
                guard let state = sim.node(s)?.state else { continue }
                held[s] = ["counter": state.counter, "set": state.set, "register": state.register]
            }
            return ReplicaHoldings(holdings: held) { _ in servers }
        }
        if let sim = run as? Simulation<RaftProcess> {
            var held: [NodeID: [String: AnyHashable]] = [:]
            for s in servers {
                guard let server = sim.node(s)?.server else { continue }
                held[s] = server.store.data.mapValues { AnyHashable($0) }
            }
            return ReplicaHoldings(holdings: held) { _ in servers }
        }
        return nil
    }

    /// `k0 = 1000003@7@n2  replicas n1,n3,n2` as key, versions text and replicas; nil for other lines.
    static func replicaRow(_ line: String, layout: ClusterLayout) -> (key: String, versions: String, replicas: [NodeID])? {
        guard let split = line.range(of: "  replicas "), let equals = line.range(of: " = "),
              equals.upperBound <= split.lowerBound else { return nil }
        let replicas = line[split.upperBound...].split(separator: ",").map { layout.node(named: String($0)) }
        guard !replicas.isEmpty, !replicas.contains(nil) else { return nil }
        return (String(line[..<equals.lowerBound]), String(line[equals.upperBound..<split.lowerBound]), replicas.map { $0! })
    }
}
