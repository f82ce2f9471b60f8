import ClusterSim

/// What a Byzantine replica does instead of the protocol. It can say
/// anything to anyone, but only under its own name: the network reports the
/// true sender, as authenticated channels would (§3 of the paper assumes
/// signatures and MACs the faulty nodes cannot forge).
extension PBFTReplica {
    mutating func lie(_ message: PBFTMessage, from j: NodeID, _ context: inout PBFTContext) {
        let behaviour = config.behaviour
        if behaviour == .silent { return }
        switch message {
        case .request(let r):
            guard isPrimary, context.layout.isClient(j), r.client == j.index, !assigned.contains(r), !held.contains(r) else { return }
            context.send(.reply(view: view, timestamp: r.timestamp, result: "forged"), to: j)
            if behaviour == .equivocate { return equivocate(r, &context) }
            // An honest pre-prepare, then split votes.
            assigned.insert(r)
            let n = nextSeq
            nextSeq += 1
            slots[n, default: Slot()].request = r
            context.broadcast(.prePrepare(view: view, seq: n, request: r))
            splitVotes(n, r, prepare: false, &context)
        case let .prePrepare(v, n, r):
            guard v == view, j.index == primary, slots[n]?.request == nil else { return }
            slots[n, default: Slot()].request = r
            context.send(.reply(view: view, timestamp: r.timestamp, result: "forged"), to: NodeID(r.client))
            splitVotes(n, r, prepare: true, &context)
        case .prepare, .commit, .reply:
            return
        }
    }

    /// The other replicas in id order, split in two: the first half is told
    /// the truth, the second half a lie.
    private func halves(_ context: PBFTContext) -> (told: [Int], fooled: [Int]) {
        let others = (0..<config.replicas).filter { $0 != id }
        let cut = (others.count + 1) / 2
        return (Array(others[..<cut]), Array(others[cut...]))
    }

    /// Pairs requests: sequence numbers n and n + 1 get A then B at the
    /// first half of the backups, B then A at the second half, each with a
    /// COMMIT to match, so every backup believes its own order.
    private mutating func equivocate(_ r: PBFTRequest, _ context: inout PBFTContext) {
        held.append(r)
        guard held.count >= 2 else {
            context.log("holds \(r.op) until it has a second request to equivocate with")
            return
        }
        let a = held.removeFirst(), b = held.removeFirst()
        assigned.formUnion([a, b])
        let n = nextSeq
        nextSeq += 2
        slots[n, default: Slot()].request = a
        slots[n + 1, default: Slot()].request = b
        let (told, fooled) = halves(context)
        for (group, first, second) in [(told, a, b), (fooled, b, a)] {
            for k in group {
                context.send(.prePrepare(view: view, seq: n, request: first), to: NodeID(k))
                context.send(.prePrepare(view: view, seq: n + 1, request: second), to: NodeID(k))
                context.send(.commit(view: view, seq: n, digest: first.digest), to: NodeID(k))
                context.send(.commit(view: view, seq: n + 1, digest: second.digest), to: NodeID(k))
            }
        }
        context.log("equivocates: #\(n) = \(a.op) to \(told.map { "n\($0 + 1)" }.joined(separator: " ")), "
                    + "\(b.op) to \(fooled.map { "n\($0 + 1)" }.joined(separator: " "))")
    }

    /// PREPARE (if a backup) and COMMIT for the true digest to the first
    /// half, for another request's digest (or a forged one) to the second.
    private mutating func splitVotes(_ n: Int, _ r: PBFTRequest, prepare: Bool, _ context: inout PBFTContext) {
        let other = slots.values.compactMap(\.request).filter { $0 != r }.min()?.digest ?? .forged
        let (told, fooled) = halves(context)
        for (group, d) in [(told, r.digest), (fooled, other)] {
            for k in group {
                if prepare { context.send(.prepare(view: view, seq: n, digest: d), to: NodeID(k)) }
                context.send(.commit(view: view, seq: n, digest: d), to: NodeID(k))
            }
        }
    }
}
