import ClusterSim

/// What each running replica of a store holds, item by item, and which
/// replicas should hold each item: the input of `ReplicaAgreement`, read
/// from the protocols that replicate data.
///
/// - `quorum`: each key's versions (as the interface shows them) on the
///   key's N replicas.
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
        if let sim = run as? Simulation<QuorumProcess> {
            var held: [NodeID: [String: AnyHashable]] = [:]
            var holders: [String: [NodeID]] = [:]
            for s in servers {
                guard let server = sim.node(s)?.server else { continue }
                let rows = server.storage.allRows()
                held[s] = rows.mapValues { AnyHashable(QuorumMessage.show($0)) }
                for key in rows.keys where holders[key] == nil { holders[key] = server.ring.replicas(for: key, count: server.n) }
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
}
