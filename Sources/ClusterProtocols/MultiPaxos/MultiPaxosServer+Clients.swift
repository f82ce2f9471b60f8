import ClusterSim

/// Client requests: redirects to the leader, a slot per command, the answer
/// once the slot executes, and commands typed by a person.
extension MultiPaxosServer {
    mutating func clientRequest(_ op: KVOperation, request: Int, from client: NodeID, _ context: inout MultiPaxosContext) {
        guard role == .leader else {
            return context.send(.client(.clientReply(request: request, outcome: .redirect(leader))), to: client)
        }
        // A duplicated message must not take two slots at once.
        if pending.values.contains(RaftServer.PendingRequest(client: client, request: request)) { return }
        submit(.client(op, client: client, request: request), &context)
    }

    /// Gives the command the next slot and proposes it (phase 2 only: phase 1 is done).
    mutating func submit(_ command: RaftCommand, _ context: inout MultiPaxosContext) {
        let slot = nextSlot
        nextSlot += 1
        if case .client(_, let client, let request) = command {
            pending[slot] = RaftServer.PendingRequest(client: client, request: request)
        }
        propose(command, at: slot, &context)
    }

    /// Slot `slot` executed with `result` (nil: a repeat of an older request).
    mutating func answerClient(_ slot: Int, _ result: KVResult?, _ context: inout MultiPaxosContext) {
        guard let p = pending.removeValue(forKey: slot) else { return }
        guard case .client(let op, _, _) = decidedCommand(slot) else { return }
        if p.client == id {
            context.log("slot \(slot): \(op) → \(result.map(\.description) ?? "already applied")")
        } else if let result {
            context.send(.client(.clientReply(request: p.request, outcome: .result(result))), to: p.client)
        }
    }

    /// On losing leadership: the slots may still be decided, so their clients
    /// learn the outcome is unknown.
    mutating func abandonClientRequests(_ context: inout MultiPaxosContext) {
        for (_, p) in pending.sorted(by: { $0.key < $1.key }) where p.client != id {
            context.send(.client(.clientReply(request: p.request, outcome: .result(.error(.timeout)))), to: p.client)
        }
        pending = [:]
        acks = [:]
    }

    /// `put KEY VALUE`, `get KEY` (or Raft's `write`, `read`, `cas`) typed
    /// at this server: the leader gives it a slot and logs the result once executed.
    public mutating func command(_ text: String, _ context: inout MultiPaxosContext) {
        beginHandler()
        guard let op = KVOperation(parsing: Self.kvSyntax(text)) else {
            return context.log("unknown command '\(text)': try put KEY VALUE, get KEY, cas KEY FROM TO")
        }
        guard role == .leader else {
            return context.log("\(op): not the leader" + (leader.map { "; the leader is \(name($0))" } ?? "; no leader known"))
        }
        // Each command is its own request, numbered above any of this server's earlier ones.
        submit(.client(op, client: id, request: nextSlot), &context)
    }

    /// `put k v` → `write k v`, `get k` → `read k`; anything else unchanged.
    static func kvSyntax(_ text: String) -> String {
        let words = text.split(separator: " ").map(String.init)
        switch words.first?.lowercased() {
        case "put": return (["write"] + words.dropFirst()).joined(separator: " ")
        case "get": return (["read"] + words.dropFirst()).joined(separator: " ")
        default: return words.joined(separator: " ")
        }
    }
}
