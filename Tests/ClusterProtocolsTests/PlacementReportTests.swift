import Testing
import ClusterSim
import ClusterProtocols

/// Issue 7 measured per scheme through `ShardMap` and `PlacementReport`:
/// load (max/mean), keys moved by a join or a leave against the ideal, and
/// hot keys under Zipf.
@Suite struct PlacementReportTests {
    static let keyCount = 20_000
    let keys = PlacementAnalysis.keys(keyCount)

    func map(_ scheme: PlacementScheme, _ nodes: Int = 10, vnodes: Int = 1) -> ShardMap {
        ShardMap(scheme, nodes: nodes, virtualNodes: vnodes, sample: keys)
    }

    func report(_ scheme: PlacementScheme, _ nodes: Int = 10, vnodes: Int = 1, zipf: Double? = nil, seed: UInt64 = 1) -> PlacementReport {
        PlacementReport(map(scheme, nodes, vnodes: vnodes), .init(keys: Self.keyCount, zipf: zipf, seed: seed))
    }

    /// The fraction of keys a join moves.
    func joinFraction(_ r: PlacementReport) -> Double { Double(r.join.moved) / Double(r.join.keys) }

    @Test func modNAndKafkaMoveAboutNOverNPlusOneOfTheKeysOnAJoin() {
        for scheme in [PlacementScheme.modN, .kafka] {
            let r = report(scheme)
            #expect(abs(joinFraction(r) - 10.0 / 11) < 0.02, "\(scheme): \(r.join)")
            #expect(r.join.movedOverIdeal > 9, "\(scheme): about N times the ideal")
            #expect(abs(r.join.ideal - Double(Self.keyCount) / 11) < 0.001, "ideal K/(N+1)")
        }
    }

    @Test func consistentSchemesMoveAboutOneOverNPlusOneAndOnlyToTheNewNode() {
        for (scheme, vnodes) in [(PlacementScheme.ring, 128), (.rendezvous, 1), (.jump, 1), (.redisSlots, 1)] {
            let r = report(scheme, vnodes: vnodes)
            #expect(r.join.movedOverIdeal > 0.85 && r.join.movedOverIdeal < 1.15, "\(scheme): \(r.join)")
            let before = map(scheme, vnodes: vnodes), after = before.joining()
            #expect(after.members.last == "n11" && after.nodeCount == 11)
            var moved = 0
            for key in keys where before.placement.node(forKey: key) != after.placement.node(forKey: key) {
                moved += 1
                if scheme != .redisSlots {
                    #expect(after.placement.node(forKey: key) == "n11", "\(scheme): \(key) moved between old nodes")
                }
            }
            #expect(moved == r.join.moved)
        }
    }

    /// Jump hash moves exactly the keys whose bucket in N+1 buckets is the new one.
    @Test func jumpMovesExactlyTheKeysOfTheNewBucket() {
        let r = report(.jump)
        let after = map(.jump).joining()
        let toNew = keys.filter { after.placement.nodeIndex(forKey: $0) == 10 }.count
        #expect(r.join.moved == toNew && toNew > 0)
    }

    @Test func aLeaveMovesExactlyTheLeaversKeysUnderConsistentSchemes() {
        for (scheme, vnodes) in [(PlacementScheme.ring, 64), (.rendezvous, 1), (.jump, 1), (.range, 1)] {
            let r = report(scheme, vnodes: vnodes)
            let leave = try! #require(r.leave)
            #expect(leave.moved == r.keyLoad.perNode.last, "\(scheme): \(leave) vs \(r.keyLoad.perNode)")
            #expect(abs(leave.ideal - Double(Self.keyCount) / 10) < 0.001, "ideal K/N")
        }
        #expect(report(.modN).leave!.movedOverIdeal > 8, "mod N reshuffles on a leave too")
        #expect(PlacementReport(map(.ring, 1), .init(keys: 100)).leave == nil, "the last node cannot leave")
    }

    @Test func aRangeJoinSplitsTheLargestRangeAtItsMedian() {
        let r = report(.range)
        #expect(r.keyLoad.maxOverMean < 1.01, "even split points: \(r.keyLoad.perNode)")
        #expect(r.join.moved == Self.keyCount / 10 / 2, "half of one range: \(r.join)")
        let after = map(.range).joining()
        let load = PlacementReport(after, .init(keys: Self.keyCount)).keyLoad
        #expect(load.perNode.sorted().prefix(2) == [1_000, 1_000], "the split range's halves: \(load.perNode)")
        #expect(load.maxOverMean > 1.05, "a split leaves the others bigger")
    }

    @Test func virtualNodesEvenOutTheRingsLoad() {
        let one = report(.ring, vnodes: 1).keyLoad, many = report(.ring, vnodes: 256).keyLoad
        #expect(one.maxOverMean > 1.5, "\(one.perNode)")
        #expect(many.maxOverMean < 1.15, "\(many.perNode)")
        #expect(report(.modN).keyLoad.maxOverMean < 1.06)
        #expect(one.total == Self.keyCount && many.total == Self.keyCount)
    }

    @Test(arguments: [UInt64(1), 7, 42]) func zipfHotKeysSkewAnEvenPlacement(seed: UInt64) {
        let r = report(.modN, zipf: 1.0, seed: seed)
        let hot = r.hotKeys
        #expect(hot.count == 5, "seed \(seed)")
        #expect(hot.first?.key == "key0", "rank 1 is the hottest: \(hot), seed \(seed)")
        #expect(zip(hot, hot.dropFirst()).allSatisfy { $0.requests >= $1.requests }, "seed \(seed)")
        // P(rank 1) = 1/H(K, 1), H(20000, 1) ≈ 10.48.
        #expect(abs(hot[0].share - 1 / 10.48) < 0.01, "share \(hot[0].share), seed \(seed)")
        for h in hot { #expect(h.node == map(.modN).placement.node(forKey: h.key), "seed \(seed)") }
        let requests = try! #require(r.requestLoad)
        #expect(requests.total == Self.keyCount * 10, "seed \(seed)")
        #expect(r.keyLoad.maxOverMean < 1.06 && requests.maxOverMean > 1.3,
                "keys even, requests not: \(requests.perNode), seed \(seed)")
        let again = report(.modN, zipf: 1.0, seed: seed)
        #expect(again.hotKeys == hot && again.requestLoad == requests, "a seed is one run: seed \(seed)")
    }

    @Test func noZipfNoHotKeys() {
        let r = report(.jump)
        #expect(r.hotKeys.isEmpty && r.requestLoad == nil)
    }
}
