import Testing
import ClusterProtocols

/// The placement schemes ClusterLab defines itself (ring, rendezvous, mod N,
/// jump over string keys, range), pinned to a separately written reference.
@Suite struct HashingPlacementTests {
    let nodes = NodeNames.standard(5)
    let keys = ["alice", "bob", "carol", "dave", "erin", "frank", "key0", "key1", "key2", "user:42"]

    func owners(_ p: some KeyPlacement) -> [String] { keys.map(p.node(forKey:)) }
    func names(_ numbers: [Int]) -> [String] { numbers.map { "n\($0)" } }

    @Test func ringPositionsAreMurmur3OfNameHashIndex() {
        #expect(HashRing.position(ofVirtualNode: 0, of: "n1") == 11141873231002466233)
        #expect(HashRing.position(ofVirtualNode: 3, of: "n2") == 4563618374201441440)
        #expect(HashRing.position(ofKey: "a") == 9607679276477937801)
    }

    @Test func ringOwnersMatchTheReference() {
        #expect(owners(HashRing(nodes: nodes, virtualNodes: 8)) == names([1, 3, 4, 4, 5, 5, 5, 2, 3, 3]))
    }

    @Test func ringWrapsPastTheTopAndOwnsExactPoints() {
        let ring = HashRing(nodes: nodes, virtualNodes: 8)
        #expect(ring.points == ring.points.sorted())
        #expect(ring.nodeIndex(forPosition: UInt64.max) == Int(ring.owners[0]), "past the last point wraps to the first")
        #expect(ring.nodeIndex(forPosition: 0) == Int(ring.owners[0]))
        for i in [0, 7, 39] {
            #expect(ring.nodeIndex(forPosition: ring.points[i]) == Int(ring.owners[i]), "a point owns its own position")
            #expect(ring.nodeIndex(forPosition: ring.points[i] &+ 1) == Int(ring.owners[(i + 1) % 40]))
        }
    }

    @Test func rendezvousModuloAndJumpMatchTheReference() {
        #expect(owners(RendezvousHashing(nodes: nodes)) == names([1, 2, 4, 5, 3, 5, 1, 4, 1, 4]))
        #expect(owners(ModuloHashing(nodes: nodes)) == names([2, 4, 4, 1, 4, 2, 5, 1, 5, 4]))
        #expect(owners(JumpPlacement(nodes: nodes)) == names([3, 2, 4, 3, 4, 4, 3, 4, 1, 3]))
    }

    @Test func rendezvousRemovingANodeMovesOnlyItsKeys() {
        let all = RendezvousHashing(nodes: nodes)
        let fewer = RendezvousHashing(nodes: nodes.filter { $0 != "n3" })
        for i in 0..<2000 {
            let key = "k\(i)"
            if all.node(forKey: key) != "n3" { #expect(fewer.node(forKey: key) == all.node(forKey: key), "key \(key)") }
        }
    }

    @Test func rangePartitioningUsesHalfOpenRangesInByteOrder() throws {
        let r = try RangePartitioning(nodes: ["n1", "n2", "n3"], splitPoints: ["g", "p"])
        #expect(["a", "f~", "g", "o", "p", "z", "", "Z", "é"].map(r.node(forKey:))
                == ["n1", "n1", "n2", "n2", "n3", "n3", "n1", "n1", "n3"])
        #expect(throws: RangePartitioning.Problem.notIncreasing(index: 1)) {
            try RangePartitioning(nodes: ["n1", "n2", "n3"], splitPoints: ["p", "g"])
        }
        #expect(throws: RangePartitioning.Problem.wrongSplitCount(nodes: 3, splits: 1)) {
            try RangePartitioning(nodes: ["n1", "n2", "n3"], splitPoints: ["g"])
        }
    }

    @Test func evenSplitPointsGiveEqualShares() throws {
        let sample = (0..<1000).map { "key\($0)" }
        let splits = RangePartitioning.evenSplitPoints(of: sample, nodes: 4)
        let r = try RangePartitioning(nodes: NodeNames.standard(4), splitPoints: splits)
        var load = [0, 0, 0, 0]
        for k in sample { load[r.nodeIndex(forKey: k)] += 1 }
        #expect(load == [250, 250, 250, 250])
    }

    @Test func kafkaPlacementIsThePartitioner() {
        let p = KafkaPlacement(nodes: NodeNames.standard(6))
        #expect(p.nodeIndex(forKey: "hello") == 3)
        #expect(p.nodeIndex(forKey: "alice") == 3)
        #expect(p.nodeIndex(forKey: "bob") == 0)
    }
}
