import ClusterSim

/// How an etcd member looks in the interface: Raft's role and term, the
/// store's revision, leases with what is left of them on the leader's
/// clock, keys with their revisions and lease, and who holds the lock.
extension EtcdMember {
    public var summary: NodeSummary {
        let r = raft.summary
        let holder = lockHolder
        let fields: [NodeSummary.Field] = [
            .init("term", String(raft.currentTerm)),
            .init("rev", String(store.revision)),
            .init("leases", String(store.leases.count)),
            .init("ttl", ttlField),
            .init("keys", String(store.keys.count)),
            .init("holder", holder.map { name($0.owner) } ?? "—"),
            .init("token", holder.map { String($0.token) } ?? "—"),
            .init("leader", raft.leader.map(name) ?? "—"),
            .init("commit", String(raft.commitIndex)),
            .init("clock", DurationText.format(clock)),
        ]
        // What the issue's panel lists comes first: leases with what is left, keys, the lock.
        var details = leaseLines + keyLines
        if let h = holder {
            details.append("lock \(config.workload.prefix)/: held by \(name(h.owner)) with token \(h.token) (key \(h.key))")
        }
        details.append("n\(id.index + 1) \(raft.role.rawValue) in term \(raft.currentTerm); revision \(store.revision); clock "
            + DurationText.format(clock) + (config.rate(of: id) == 1 ? "" : " (runs at ×\(config.rate(of: id)))")
            + (lessor.primary ? "; primary lessor: lease expiry is judged here" : ""))
        // Raft's own lines, without its role line (said above) and its key-value store (unused here).
        details.append(contentsOf: r.details.dropFirst().filter { !$0.hasPrefix("store:") })
        // No `logLength`: the box then shows the revision rather than Raft's log strip;
        // the log's entries are still listed for the inspector.
        return NodeSummary(role: r.role, tone: r.tone, epoch: raft.currentTerm, fields: fields, log: logTail, details: details)
    }

    /// Each lease's time left on this member's clock, `1:620ms 2:1s` (the
    /// primary lessor only: a follower judges no lease), or `—`.
    var ttlField: String {
        let left = store.leases.keys.sorted().compactMap { id in lessor.remaining(id, now: clock).map { "\(id):\(DurationText.format($0))" } }
        return left.isEmpty ? "—" : left.joined(separator: " ")
    }

    public var headline: NodeHeadline { raft.headline }

    /// The lock's holder: the key under the prefix with the lowest create revision.
    public var lockHolder: (key: String, token: Int, owner: NodeID)? {
        guard let first = store.lockQueue(config.workload.prefix).first else { return nil }
        let owner = first.kv.lease.flatMap { store.leases[$0]?.owner } ?? id
        return (first.key, first.kv.createRevision, owner)
    }

    /// `lease 2  ttl 3s  left 1.2s  keys a b`: what is left only on the primary lessor.
    var leaseLines: [String] {
        store.leases.values.sorted { $0.id < $1.id }.map { l in
            let left = lessor.remaining(l.id, now: clock).map { "left \(DurationText.format($0))" }
                ?? "left: judged by the leader"
            return "lease \(l.id) (\(name(l.owner))) ttl \(DurationText.format(l.ttl)) \(left); keys: "
                + (l.keys.isEmpty ? "none" : l.keys.sorted().joined(separator: " "))
        }
    }

    /// `k = v  create 3 mod 5 version 2 lease 1`.
    var keyLines: [String] {
        store.keys.sorted { $0.key < $1.key }.prefix(24).map { k, kv in
            "\(k) = \(kv.value.isEmpty ? "\"\"" : kv.value)  create \(kv.createRevision) mod \(kv.modRevision) version \(kv.version)"
                + (kv.lease.map { " lease \($0)" } ?? "")
        }
    }

    /// The log's tail, with etcd operations shown as etcdctl would write them.
    var logTail: [NodeSummary.LogEntry] {
        let shown = 64
        let first = max(raft.log.snapshotIndex + 1, raft.log.lastIndex - shown + 1)
        guard first <= raft.log.lastIndex else { return [] }
        return (first...raft.log.lastIndex).map { i in
            let e = raft.log[i]
            var text = e.command.description
            if case .client(.read(let t), _, _) = e.command, let op = EtcdOp(decoding: t) { text = op.description }
            return NodeSummary.LogEntry(term: e.term, committed: i <= raft.commitIndex, text: text)
        }
    }

    func name(_ n: NodeID) -> String { layout.name(n) }
}
