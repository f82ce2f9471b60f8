import ClusterSim

/// A consistent-hash ring of the servers with virtual nodes, placed as
/// Cassandra's Murmur3Partitioner places keys: server `nK`'s `v`-th virtual
/// node sits at the token of the text `"nK#v"` (`CassandraToken`, signed
/// 64-bit), a key at the token of its text. A key's N replicas are the first
/// N distinct servers met walking clockwise from the key's token (a token
/// owns the range that ends at it, as in Cassandra; Dynamo's preference list).
///
/// Tokens are computed, never random, so every node and every run builds
/// the same ring. With more virtual nodes each server owns many small ranges,
/// so load evens out and a failed server's ranges spread over all the others.
public struct ReplicaRing: Sendable, Hashable {
    /// Every virtual node's token, sorted by position.
    public let tokens: [(position: Int64, server: NodeID)]
    public let servers: Int

    public init(servers: Int, vnodes: Int = 8) {
        self.servers = servers
        tokens = (0..<servers).flatMap { s in
            (0..<max(1, vnodes)).map { v in (Self.vnodeToken(server: s, vnode: v), NodeID(s)) }
        }.sorted { ($0.position, $0.server) < ($1.position, $1.server) }
    }

    /// The token of server index `server`'s `vnode`-th virtual node: the token of `"n<server+1>#<vnode>"`.
    public static func vnodeToken(server: Int, vnode: Int) -> Int64 {
        CassandraToken.token(forKey: "n\(server + 1)#\(vnode)")
    }

    /// The index of the first virtual node at or after `token`, wrapping to 0.
    public func firstIndex(atOrAfter token: Int64) -> Int {
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].position < token { lo = mid + 1 } else { hi = mid }
        }
        return lo == tokens.count ? 0 : lo
    }

    /// The `count` servers that hold `key`, the key's owner first.
    public func replicas(for key: String, count: Int) -> [NodeID] {
        replicas(forToken: CassandraToken.token(forKey: key), count: count)
    }

    public func replicas(forToken token: Int64, count: Int) -> [NodeID] {
        preferenceList(forToken: token, count: count)
    }

    /// The first `count` distinct servers clockwise from `token`. Asking for
    /// more than N gives the fallbacks a sloppy quorum writes hints to.
    public func preferenceList(forToken token: Int64, count: Int) -> [NodeID] {
        guard !tokens.isEmpty else { return [] }
        let want = min(count, servers)
        var result: [NodeID] = []
        result.reserveCapacity(want)
        var i = firstIndex(atOrAfter: token), seen = 0
        while result.count < want, seen < tokens.count {
            let s = tokens[i].server
            if !result.contains(s) { result.append(s) }
            i += 1; if i == tokens.count { i = 0 }
            seen += 1
        }
        return result
    }

    /// 64-bit FNV-1a (Fowler–Noll–Vo): offset basis 0xcbf29ce484222325, prime
    /// 0x100000001b3. The ring's hash before it moved to Murmur3 tokens; kept
    /// for the hashing lessons that compare the two.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    public static func == (a: ReplicaRing, b: ReplicaRing) -> Bool {
        a.servers == b.servers && a.tokens.elementsEqual(b.tokens) { $0.position == $1.position && $0.server == $1.server }
    }
    public func hash(into hasher: inout Hasher) { for t in tokens { hasher.combine(t.position); hasher.combine(t.server) } }
}
