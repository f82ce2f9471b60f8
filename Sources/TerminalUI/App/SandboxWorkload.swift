/// What a sandbox's clients do when nobody says otherwise: a steady stream
/// of requests that lasts until the person pauses, instead of the protocols'
/// scenario defaults (Raft's clients idle, CRDT replicas wait for typed
/// updates; the quorum store's 20 operations and the balancer's 100
/// requests per client are over within seconds).
public enum SandboxWorkload {
    /// More operations per client than anyone watches: hours of virtual time.
    static let endless = "1000000"

    /// The workload keys a sandbox of this protocol starts with.
    public static func steady(for protocolName: String) -> [(String, String)] {
        switch protocolName {
        case "raft", "quorum", "redis", "multipaxos": return [("ops", endless)]
        case "balancer": return [("requests", endless)]
        case "crdt": return [("update_every", "500ms")]
        default: return []
        }
    }

    /// The steady workload with the person's own `--workload` keys on top.
    public static func merged(_ protocolName: String, with given: [(String, String)]) -> [(String, String)] {
        steady(for: protocolName).filter { key, _ in !given.contains { $0.0 == key } } + given
    }
}
