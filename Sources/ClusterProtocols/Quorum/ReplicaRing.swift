import ClusterSim

/// A consistent-hash ring of the servers, one token per server (no virtual
/// nodes yet). A key belongs to the first server clockwise from its hash, and
/// its N replicas are that server and the next N−1 distinct ones (Dynamo's
/// preference list; Cassandra's SimpleStrategy).
///
/// The hash is 64-bit FNV-1a over the UTF-8 bytes: server `nK` sits at
/// `fnv1a("nK")`, a key at `fnv1a(key)`. Swift's `Hasher` is not used: it is
/// seeded afresh in every process, so a ring built with it would differ from
/// run to run. (Hashing/HashRing is the placement ring with virtual nodes
/// and MurmurHash3 that the sharding analysis uses; the store moves to it
/// when it gains virtual nodes.)
public struct ReplicaRing: Sendable, Hashable {
    /// Each server's token, sorted by position.
    public let tokens: [(position: UInt64, server: NodeID)]

    public init(servers: Int) {
        tokens = (0..<servers).map { (Self.fnv1a("n\($0 + 1)"), NodeID($0)) }.sorted { ($0.position, $0.server) < ($1.position, $1.server) }
    }

    /// The `count` servers that hold `key`, the key's owner first.
    public func replicas(for key: String, count: Int) -> [NodeID] {
        guard !tokens.isEmpty else { return [] }
        let h = Self.fnv1a(key)
        let start = tokens.firstIndex { $0.position >= h } ?? 0
        return (0..<min(count, tokens.count)).map { tokens[(start + $0) % tokens.count].server }
    }

    /// 64-bit FNV-1a (Fowler–Noll–Vo): offset basis 0xcbf29ce484222325, prime 0x100000001b3.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    public static func == (a: ReplicaRing, b: ReplicaRing) -> Bool {
        a.tokens.elementsEqual(b.tokens) { $0.position == $1.position && $0.server == $1.server }
    }
    public func hash(into hasher: inout Hasher) { for t in tokens { hasher.combine(t.position); hasher.combine(t.server) } }
}
