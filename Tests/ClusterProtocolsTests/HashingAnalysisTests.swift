import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The syllabus's claims about placement, measured: load balance, keys moved
/// on a join or a leave against the ideal K/N, and hot keys under Zipf.
@Suite struct HashingAnalysisTests {
    let keys = PlacementAnalysis.keys(50_000)
    let ten = NodeNames.standard(10)
    let eleven = NodeNames.standard(11)

    @Test func virtualNodesEvenOutTheRing() {
        let one = PlacementAnalysis.load(of: HashRing(nodes: ten, virtualNodes: 1), keys: keys)
        let many = PlacementAnalysis.load(of: HashRing(nodes: ten, virtualNodes: 256), keys: keys)
        #expect(one.total == keys.count && many.total == keys.count)
        #expect(one.maxOverMean > 1.5, "one point per node leaves arcs very uneven: \(one.perNode)")
        #expect(many.maxOverMean < 1.15, "\(many.perNode)")
        for p in [ModuloHashing(nodes: ten), JumpPlacement(nodes: ten), KafkaPlacement(nodes: ten)] as [any KeyPlacement] {
            #expect(PlacementAnalysis.load(of: p, keys: keys).maxOverMean < 1.05, "\(p.self)")
        }
        #expect(PlacementAnalysis.load(of: RendezvousHashing(nodes: ten), keys: keys).maxOverMean < 1.05)
        #expect(PlacementAnalysis.load(of: RedisSlotTable(evenlyAcross: ten), keys: keys).maxOverMean < 1.05)
    }

    /// Hash mod N moves about N/(N+1) of the keys; consistent schemes about 1/(N+1).
    @Test func aJoinMovesKOverNOnlyUnderConsistentSchemes() {
        let mod = PlacementAnalysis.movement(from: ModuloHashing(nodes: ten), to: ModuloHashing(nodes: eleven), keys: keys)
        #expect(mod.movedOverIdeal > 9, "mod N: \(mod)")
        let jump = PlacementAnalysis.movement(from: JumpPlacement(nodes: ten), to: JumpPlacement(nodes: eleven), keys: keys)
        let rdv = PlacementAnalysis.movement(from: RendezvousHashing(nodes: ten), to: RendezvousHashing(nodes: eleven), keys: keys)
        let ring = PlacementAnalysis.movement(from: HashRing(nodes: ten, virtualNodes: 256),
                                              to: HashRing(nodes: eleven, virtualNodes: 256), keys: keys)
        let redis = PlacementAnalysis.movement(from: RedisSlotTable(evenlyAcross: ten),
                                               to: RedisSlotTable(evenlyAcross: ten).joining("n11"), keys: keys)
        for m in [jump, rdv, ring, redis] { #expect(m.movedOverIdeal > 0.85 && m.movedOverIdeal < 1.15, "\(m)") }
        // Every key that moves under a consistent scheme moves to the new node.
        for p in [(JumpPlacement(nodes: ten), JumpPlacement(nodes: eleven)) as (any KeyPlacement, any KeyPlacement),
                  (RendezvousHashing(nodes: ten), RendezvousHashing(nodes: eleven)),
                  (HashRing(nodes: ten, virtualNodes: 64), HashRing(nodes: eleven, virtualNodes: 64))] {
            for key in keys.prefix(5000) where p.0.node(forKey: key) != p.1.node(forKey: key) {
                #expect(p.1.node(forKey: key) == "n11", "key \(key)")
            }
        }
    }

    @Test func aLeaveMovesOnlyTheLeaversKeys() {
        let ringBefore = HashRing(nodes: ten, virtualNodes: 128)
        let ringAfter = HashRing(nodes: ten.filter { $0 != "n4" }, virtualNodes: 128)
        let redisBefore = RedisSlotTable(evenlyAcross: ten)
        let redisAfter = redisBefore.leaving("n4")
        var held = (ring: 0, redis: 0)
        for key in keys {
            if ringBefore.node(forKey: key) == "n4" { held.ring += 1 } else { #expect(ringAfter.node(forKey: key) == ringBefore.node(forKey: key)) }
            if redisBefore.node(forKey: key) == "n4" { held.redis += 1 } else { #expect(redisAfter.node(forKey: key) == redisBefore.node(forKey: key)) }
        }
        #expect(PlacementAnalysis.movement(from: ringBefore, to: ringAfter, keys: keys).moved == held.ring)
        #expect(PlacementAnalysis.movement(from: redisBefore, to: redisAfter, keys: keys).moved == held.redis)
    }

    @Test func redisSlotTablesStayEvenAndMoveOnlyTheSurplus() {
        let three = RedisSlotTable(evenlyAcross: NodeNames.standard(3))
        #expect(three.slotCounts == [5461, 5462, 5461])
        // redis-cli --cluster create's ranges for three masters: 0-5460, 5461-10922, 10923-16383.
        #expect(three.owners[5460] == 0 && three.owners[5461] == 1 && three.owners[10922] == 1 && three.owners[10923] == 2)
        let four = three.joining("n4")
        #expect(four.slotCounts == [4096, 4096, 4096, 4096])
        let changed = zip(three.owners, four.owners).filter { $0 != $1 }.count
        #expect(changed == 4096, "only the new node's slots moved")
        let back = four.leaving("n2")
        #expect(back.nodes == ["n1", "n3", "n4"])
        #expect(back.slotCounts.sorted() == [5461, 5461, 5462])
        let byName = { (t: RedisSlotTable) in t.owners.map { t.nodes[Int($0)] } }
        #expect(zip(byName(four), byName(back)).filter { $0 != $1 }.count == 4096, "only the leaver's slots moved")
        for n in [1, 2, 5, 7, 100, 16384] {
            let counts = RedisSlotTable(evenlyAcross: NodeNames.standard(n)).slotCounts
            #expect(counts.reduce(0, +) == 16384 && counts.max()! - counts.min()! <= 1, "\(n) nodes: \(counts.max()!) \(counts.min()!)")
        }
    }

    @Test func zipfMakesOneKeyAndItsNodeHot() {
        for seed in TestSeeds.sweep(3) {
            let ring = HashRing(nodes: ten, virtualNodes: 256)
            let uniform = PlacementAnalysis.hotKeys(on: ring, keyCount: 10_000, requests: 100_000, exponent: 0, seed: seed)
            let skewed = PlacementAnalysis.hotKeys(on: ring, keyCount: 10_000, requests: 100_000, exponent: 1.1, seed: seed)
            #expect(uniform.requests.total == 100_000 && skewed.requests.total == 100_000, "seed \(seed)")
            #expect(skewed.hottestKey == "key0", "seed \(seed)")
            #expect(skewed.hottestNode == ring.node(forKey: "key0"), "seed \(seed)")
            // P(key0) = 1 / H(10000, 1.1) ≈ 0.1514 for s = 1.1.
            #expect(abs(Double(skewed.hottestKeyRequests) / 100_000 - 0.1514) < 0.01, "seed \(seed): \(skewed.hottestKeyRequests)")
            #expect(skewed.requests.maxOverMean > uniform.requests.maxOverMean + 0.5, "seed \(seed)")
            #expect(PlacementAnalysis.hotKeys(on: ring, keyCount: 10_000, requests: 100_000, exponent: 1.1, seed: seed) == skewed,
                    "seed \(seed): the same seed gives the same report")
        }
    }
}
