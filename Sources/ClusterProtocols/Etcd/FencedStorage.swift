import ClusterSim

/// The storage server of Kleppmann's example: it takes writes from lock
/// holders and, with fencing, rejects any write whose token is lower than the
/// highest it has accepted ("How to do distributed locking", 2016,
/// "Making the lock safe with fencing").
public struct FencedStorage: Sendable {
    public struct Write: Sendable, Hashable {
        public var client: NodeID
        public var token: Int
        public var accepted: Bool
    }

    public let id: NodeID
    let layout: ClusterLayout
    public let fencing: Bool
    public private(set) var highest = 0
    public private(set) var writes: [Write] = []
    /// Accepted writes whose token was below one already accepted: a stale holder's.
    public private(set) var stale = 0

    init(id: NodeID, layout: ClusterLayout, fencing: Bool, highest: Int = 0) {
        self.id = id; self.layout = layout; self.fencing = fencing; self.highest = highest
    }

    public mutating func receive(_ message: EtcdMessage, from: NodeID, _ context: inout EtcdContext) {
        guard case .write(let token, _) = message else { return }
        let ok = !fencing || token >= highest
        if ok, token < highest { stale += 1 }
        if ok, token > highest { highest = token; context.persist(.storage(highest: token)) }
        writes.append(Write(client: from, token: token, accepted: ok))
        context.stateChanged("storage \(ok ? "accepted" : "rejected") \(layout.name(from))'s write, token \(token)")
        context.send(.writeReply(token: token, accepted: ok), to: from)
    }

    public var summary: NodeSummary {
        let accepted = writes.filter(\.accepted).count
        let last = writes.last(where: \.accepted).map { "\(layout.name($0.client))@\($0.token)" } ?? "—"
        return NodeSummary(role: "storage", tone: stale > 0 ? .bad : .neutral, fields: [
            .init("fencing", fencing ? "on" : "off"), .init("highest", String(highest)),
            .init("accepted", String(accepted)), .init("rejected", String(writes.count - accepted)),
            .init("stale", String(stale)), .init("last", last),
        ], details: ["storage server: " + (fencing ? "rejects a token lower than the highest it has seen" : "accepts every write")]
            + writes.suffix(12).map { "  \(layout.name($0.client)) token \($0.token): \($0.accepted ? "accepted" : "rejected")" })
    }
}
