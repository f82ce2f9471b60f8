import ClusterSim

/// Client requests: redirects, writes and reads through the log, ReadIndex
/// reads (dissertation §6.4), and commands typed by a person.
extension RaftServer {
    mutating func clientRequest(_ op: KVOperation, request: Int, from client: NodeID, _ context: inout RaftContext) {
        guard role == .leader else {
            return context.send(.clientReply(request: request, outcome: .redirect(leader)), to: client)
        }
        if op.isRead, config.has(.readFromLocalState) {
            return answer(client, request: request, op: op, with: .result(store.read(op.key)), &context)
        }
        if op.isRead, config.readMode == .readIndex {
            // Everything committed before the read arrived is at or below our
            // last index; a heartbeat round started now confirms we still lead.
            round += 1
            pendingReads.append(PendingRead(client: client, request: request, key: op.key,
                                            readIndex: log.lastIndex, round: round))
            for p in peers { sendAppend(to: p, &context) }
            return serveReads(&context)
        }
        // A duplicated message must not put the request in the log twice at once.
        if pending.values.contains(PendingRequest(client: client, request: request)) { return }
        propose(.client(op, client: client, request: request), &context)
        pending[log.lastIndex] = PendingRequest(client: client, request: request)
        advanceCommitIndex(&context)
    }

    /// Appends a new entry of the current term and sends it out.
    mutating func propose(_ command: RaftCommand, _ context: inout RaftContext) {
        log.append(RaftEntry(term: currentTerm, command: command))
        persist(&context)
        for p in peers { sendAppend(to: p, &context) }
    }

    /// Answers the reads whose heartbeat round a majority acknowledged and
    /// whose read index the state machine has reached.
    mutating func serveReads(_ context: inout RaftContext) {
        guard role == .leader, !pendingReads.isEmpty else { return }
        var waiting: [PendingRead] = []
        for r in pendingReads {
            let confirmed = isMajority(1 + ackedRound.indices.filter { $0 != id.index && ackedRound[$0] >= r.round }.count)
            if confirmed, lastApplied >= r.readIndex {
                answer(r.client, request: r.request, op: .read(r.key), with: .result(store.read(r.key)), &context)
            } else {
                waiting.append(r)
            }
        }
        pendingReads = waiting
    }

    /// Replies to a client, or logs the outcome of a command typed at this server.
    func answer(_ client: NodeID, request: Int, op: KVOperation, with outcome: ClientOutcome,
                _ context: inout RaftContext) {
        if client == id {
            context.log("\(op) → \(outcome)")
        } else {
            context.send(.clientReply(request: request, outcome: outcome), to: client)
        }
    }

    /// On losing leadership: entries in the log may still commit, so their
    /// clients learn the outcome is unknown; waiting reads did nothing and
    /// are sent on.
    mutating func abandonClientRequests(_ context: inout RaftContext) {
        for (_, p) in pending.sorted(by: { $0.key < $1.key }) where p.client != id {
            context.send(.clientReply(request: p.request, outcome: .result(.error(.timeout))), to: p.client)
        }
        for r in pendingReads {
            context.send(.clientReply(request: r.request, outcome: .redirect(nil)), to: r.client)
        }
        pending = [:]
        pendingReads = []
    }

    /// `write KEY VALUE`, `read KEY` or `cas KEY FROM TO` typed at this
    /// server: the leader puts it in the log and logs the result once applied.
    public mutating func command(_ text: String, _ context: inout RaftContext) {
        log.beginHandler()
        guard let op = KVOperation(parsing: text) else {
            return context.log("unknown command '\(text)': try write KEY VALUE, read KEY, cas KEY FROM TO")
        }
        guard role == .leader else {
            return context.log("\(op): not the leader" + (leader.map { "; the leader is \(name($0))" } ?? "; no leader known"))
        }
        // Each command is its own request: the index it will take is larger
        // than any of this server's requests already applied.
        let request = log.lastIndex + 1
        propose(.client(op, client: id, request: request), &context)
        pending[log.lastIndex] = PendingRequest(client: id, request: request)
        advanceCommitIndex(&context)
    }
}
