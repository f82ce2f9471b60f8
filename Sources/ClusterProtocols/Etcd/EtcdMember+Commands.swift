import ClusterSim

/// Commands typed at a member, in etcdctl's words.
extension EtcdMember {
    static let usage = "try lease grant TTL, lease keepalive ID, lease revoke ID, put KEY VALUE [--lease ID], del KEY"

    /// `lease grant 2s`, `lease keepalive 1`, `lease revoke 1`, `put k v [--lease 1]`,
    /// `del k`: the leader puts it in the log (a keepalive only renews) and logs the result.
    public mutating func command(_ text: String, _ context: inout EtcdContext) {
        guard let op = Self.parse(text) else { return context.log("unknown command '\(text)': \(Self.usage)") }
        guard isLeader else {
            return context.log("\(text): not the leader" + (raft.leader.map { "; the leader is n\($0.index + 1)" } ?? "; no leader known"))
        }
        switch op {
        case .left(let lease):
            let ttl = store.leases[lease].flatMap { lessor.renew(lease, ttl: $0.ttl, now: clock) }
            context.log("keepalive \(lease) → " + (ttl.map { "ttl \(DurationText.format($0))" } ?? "lease not found"))
        case .right(let op):
            propose(op, &context)
        }
    }

    enum Parsed { case left(Int), right(EtcdOp) }

    static func parse(_ text: String) -> Parsed? {
        let w = text.split(separator: " ").map(String.init)
        switch (w.first, w.count) {
        case ("lease", 3) where w[1] == "grant":
            guard let ttl = ttl(w[2]) else { return nil }
            return .right(.grant(ttl: ttl))
        case ("lease", 3) where w[1] == "keepalive":
            return Int(w[2]).map { .left($0) }
        case ("lease", 3) where w[1] == "revoke":
            return Int(w[2]).map { .right(.revoke(lease: $0, expired: false)) }
        case ("put", 3):
            return .right(.put(key: w[1], value: w[2], lease: nil))
        case ("put", 5) where w[3] == "--lease":
            return Int(w[4]).map { .right(.put(key: w[1], value: w[2], lease: $0)) }
        case ("del", 2):
            return .right(.delete(key: w[1]))
        default:
            return nil
        }
    }

    /// A TTL as etcdctl takes it (whole seconds) or as a duration (`1500ms`).
    static func ttl(_ text: String) -> Int64? {
        let t = Int(text).map { Int64($0) * 1_000_000 }
            ?? (DurationSyntax.isStrict(text) ? DurationText.parse(text) : nil)
        guard let t, t >= 1_000, t <= 3_600_000_000 else { return nil }
        return t
    }
}

extension EtcdProcess {
    /// `EtcdMember.command`.
    public static let commands = [
        CommandUsage("lease", ["grant|keepalive|revoke", "TTL|ID"], example: "lease grant 3s", help: "grant a lease (TTL), renew or revoke one (ID)"),
        CommandUsage("put", ["KEY", "VALUE", "[--lease]", "[ID]"], example: "put k v --lease 1", help: "a key, attached to a lease if given"),
        CommandUsage("del", ["KEY"], example: "del k", help: "delete a key"),
    ]
    /// Members only: clients run their workload and the storage server takes writes.
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }
}
