import Testing
import ClusterSim
import ClusterProtocols

/// The store's ring: Cassandra Murmur3 tokens for keys and virtual nodes,
/// and a key's replicas as the first N distinct servers clockwise.
@Suite struct QuorumRingTests {
    /// Tokens from a separate Python MurmurHash3 x64_128 with Cassandra's
    /// sign-extended tail bytes (it reproduces Cassandra's token for 'hello').
    @Test func ringTokensAreCassandraMurmur3Tokens() {
        #expect(CassandraToken.token(forKey: "hello") == -3758069500696749310)
        #expect(ReplicaRing.vnodeToken(server: 0, vnode: 0) == -7304870842707085383)  // "n1#0"
        #expect(ReplicaRing.vnodeToken(server: 0, vnode: 1) == 5553426492754375847)   // "n1#1"
        #expect(ReplicaRing.vnodeToken(server: 1, vnode: 0) == -4995066106685978771)  // "n2#0"
        #expect(ReplicaRing.vnodeToken(server: 2, vnode: 7) == -5259735421199375618)  // "n3#7"
        #expect(ReplicaRing.vnodeToken(server: 4, vnode: 7) == 3425512575621646750)   // "n5#7"
        #expect(CassandraToken.token(forKey: "k0") == 5638682346300632201)
        #expect(CassandraToken.token(forKey: "k1") == -8074529310846540294)
        let ring = ReplicaRing(servers: 5)
        #expect(ring.tokens.count == 40, "8 virtual nodes each by default")
        #expect(Set(ring.tokens.map(\.position)) == Set((0..<5).flatMap { s in (0..<8).map { ReplicaRing.vnodeToken(server: s, vnode: $0) } }))
    }

    @Test func aKeysReplicasAreTheFirstDistinctServersClockwiseFromItsToken() {
        let ring = ReplicaRing(servers: 5, vnodes: 8)
        // k0's token 5638682346300632201 lies just past n1#1 (5553426492754375847): the owner is the next vnode.
        let i = ring.tokens.firstIndex { $0.position >= 5638682346300632201 }!
        #expect(ring.replicas(for: "k0", count: 1) == [ring.tokens[i].server])
        // A key past the last token wraps to the first.
        #expect(ring.replicas(forToken: Int64.max, count: 1) == [ring.tokens[0].server])
        // Exactly at a vnode's token, that vnode's server owns it (a token ends its range).
        for t in ring.tokens { #expect(ring.replicas(forToken: t.position, count: 1) == [t.server]) }
        for k in 0..<200 {
            let r = ring.replicas(for: "key\(k)", count: 3)
            #expect(r.count == 3 && Set(r).count == 3, "key\(k): \(r)")
        }
    }

    @Test func virtualNodesSpreadKeysAndAFailedServersKeysOverTheOthers() {
        func owners(_ vnodes: Int) -> [Int] {
            let ring = ReplicaRing(servers: 5, vnodes: vnodes)
            var count = [Int](repeating: 0, count: 5)
            for k in 0..<5_000 { count[ring.replicas(for: "key\(k)", count: 1)[0].index] += 1 }
            return count
        }
        let one = owners(1), many = owners(64)
        #expect(many.max()! - many.min()! < one.max()! - one.min()!, "64 vnodes balance better than 1: \(many) vs \(one)")
        #expect(many.allSatisfy { $0 > 700 }, "each of 5 servers owns roughly a fifth: \(many)")
        // n1's keys' second replicas are spread over all four others with virtual nodes.
        let ring = ReplicaRing(servers: 5, vnodes: 16)
        let heirs = Set((0..<2_000).map { ring.replicas(for: "key\($0)", count: 2) }.filter { $0[0] == NodeID(0) }.map { $0[1] })
        #expect(heirs.count == 4)
    }
}
