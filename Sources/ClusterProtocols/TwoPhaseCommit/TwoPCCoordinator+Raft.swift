import ClusterSim

/// A decision as a Raft log entry carries it. The first entry for a
/// transaction in log order is its decision; later ones (a new leader's
/// abort racing an old leader's commit) change nothing.
public struct TwoPCDecisionEntry: Sendable, Hashable, CustomStringConvertible {
    public var txn: TwoPCTxnID
    public var commit: Bool
    public var participants: [NodeID]

    static let marker = "2pc"

    /// Carried as the key of a logged read, as etcd's members carry their operations.
    var encoded: String {
        "\(Self.marker) \(txn) \(commit ? "commit" : "abort") " + participants.map { String($0.index) }.joined(separator: ",")
    }

    init(txn: TwoPCTxnID, commit: Bool, participants: [NodeID]) {
        self.txn = txn; self.commit = commit; self.participants = participants
    }

    init?(_ command: RaftCommand) {
        guard case .client(.read(let text), _, _) = command else { return nil }
        let w = text.split(separator: " ").map(String.init)
        guard w.count == 4, w[0] == Self.marker, w[2] == "commit" || w[2] == "abort" else { return nil }
        txn = w[1]; commit = w[2] == "commit"
        participants = w[3].split(separator: ",").compactMap { Int($0) }.map(NodeID.init)
    }

    public var description: String { "\(commit ? "commit" : "abort") \(txn)" }
}

/// The replicated coordinator: Raft composed in, not changed. Each handler
/// runs the Raft server with a context of its own, applies newly applied
/// decisions, then passes Raft's effects on (messages wrapped, timers tagged).
extension TwoPCCoordinator {
    mutating func propose(_ entry: TwoPCDecisionEntry, _ context: inout TwoPCContext) {
        let me = id
        context.log("\(entry.txn): proposing \(entry.commit ? "commit" : "abort") to the Raft log")
        withRaft(&context) { r, c in
            r.receive(.clientRequest(request: r.log.lastIndex + 1, op: .read(entry.encoded)), from: me, &c)
        }
    }

    mutating func withRaft(_ context: inout TwoPCContext, _ body: (inout RaftServer, inout RaftContext) -> Void) {
        guard raft != nil else { return }
        let wasLeader = leads
        var inner = RaftContext(id: id, layout: ClusterLayout(servers: config.coordinators,
                                                               clients: layout.count - config.coordinators))
        body(&raft!, &inner)
        if wasLeader, !leads {
            // Its transactions may still be decided by the next leader, through the log.
            active = [:]; proposedAborts = []
            version += 1
        }
        applyCommitted(&context)
        pass(inner, &context)
    }

    /// Applies the decisions Raft has applied since the last look; the leader
    /// tells the participants and the client.
    mutating func applyCommitted(_ context: inout TwoPCContext) {
        guard let r = raft else { return }
        if r.lastApplied < applied { log = TwoPCCoordinatorLog(); applied = 0 }  // restarted: replay
        while applied < r.lastApplied {
            applied += 1
            guard r.log.contains(applied), let e = TwoPCDecisionEntry(r.log[applied].command) else { continue }
            guard log.decisions[e.txn] == nil else { continue }
            log.decisions[e.txn] = TwoPCDecision(commit: e.commit, participants: e.participants)
            version += 1
            let a = active.removeValue(forKey: e.txn)
            guard leads else { continue }
            context.log("\(e.txn): \(e.commit ? "commit" : "abort") committed in the Raft log")
            context.stateChanged("\(e.txn) \(e.commit ? "commit" : "abort")")
            if let c = a?.client { context.send(.outcome(txn: e.txn, committed: e.commit), to: c) }
            send(e.txn, &context)
        }
    }

    private func pass(_ inner: RaftContext, _ context: inout TwoPCContext) {
        for s in inner.sends {
            if case .clientReply = s.message { continue }  // replies to this replica's own proposals
            context.send(.raft(s.message), to: s.to)
        }
        for t in inner.timersSet { context.setTimer(.raft(t.tag), after: t.delay, jitter: t.jitter) }
        for t in inner.timersCancelled { context.cancelTimer(.raft(t)) }
        for line in inner.logLines where !line.contains(TwoPCDecisionEntry.marker + " ") { context.log(line) }
        for note in inner.stateChanges { context.stateChanged(note) }
        if let d = inner.persisted { context.persist(.replica(d)) }
    }
}
