import ClusterSim

/// How a range server looks in the interface: the ranges it leads and holds,
/// the intents and PENDING records in them, the transactions it coordinates.
extension RangeServer {
    public var intentCount: Int { replicas.values.reduce(0) { $0 + $1.data.intents.count } }
    public var pendingRecordCount: Int { replicas.values.reduce(0) { $0 + $1.data.pendingRecords } }

    public var summary: NodeSummary {
        let held = replicas.values.sorted { $0.id < $1.id }
        let leads = led.map { "r\($0.id)" }
        var fields: [NodeSummary.Field] = [
            .init("leads", leads.isEmpty ? "—" : leads.joined(separator: " ")),
            .init("holds", held.map { "r\($0.id)" }.joined(separator: " ")),
            .init("intents", String(intentCount)),
            .init("pending", String(pendingRecordCount)),
        ]
        fields.append(.init("txns", String(txns.count)))
        fields.append(.init("last_txn", lastTxn))
        var details = ["n\(id.index + 1): \(held.count) range replica(s), gateway of \(txns.count) open transaction(s), clock \(clock)"]
        for r in held {
            let d = r.data
            details.append("r\(r.id) \(d.span) on " + d.span.replicas.map { "n\($0.index + 1)" }.joined(separator: ",")
                + ": \(r.raft.role.rawValue) t\(r.raft.currentTerm), commit \(r.raft.commitIndex)")
            let values = d.versions.keys.sorted().map { k in "k\(k)=" + list(d.versions[k]!.last!.value) }
            if !values.isEmpty { details.append("  values " + values.joined(separator: " ")) }
            for k in d.intents.keys.sorted() {
                let i = d.intents[k]!
                details.append("  intent k\(k)=\(list(i.value)) of T\(i.txn)@\(i.ts) (record on k\(i.anchor))")
            }
            for id in d.records.keys.sorted() where d.records[id]!.status == .pending {
                details.append("  record T\(id) PENDING@\(d.records[id]!.ts)")
            }
        }
        for slot in txns.keys.sorted() {
            let t = txns[slot]!
            details.append("coordinating \(t.meta) attempt \(t.attempt): " + t.ops.map(\.description).joined(separator: ", "))
        }
        return NodeSummary(role: leads.isEmpty ? "replica" : "leader", tone: leads.isEmpty ? .follower : .leader,
                           fields: fields, details: details)
    }

    func list(_ v: [Int]) -> String { "[" + v.map(String.init).joined(separator: " ") + "]" }
}
