import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The semilattice laws every state-based CRDT's merge must obey, checked on
/// states reached by seeded random histories: replicas apply random local
/// updates and now and then merge a random other replica's state.
@Suite struct CRDTLawTests {
    /// Every state three replicas pass through in `steps` random steps.
    static func reachableStates<T: CvRDT>(_ empty: T, seed: UInt64, steps: Int = 40,
                                          update: (inout T, Int, inout SeededRandom) -> Void) -> [T] {
        var rng = SeededRandom(seed: seed)
        var replicas = [empty, empty, empty]
        var seen = [empty]
        for _ in 0..<steps {
            let r = Int(rng.below(3))
            if rng.chance(0.3) {
                replicas[r].merge(replicas[Int(rng.below(3))])
            } else {
                update(&replicas[r], r, &rng)
            }
            seen.append(replicas[r])
        }
        return seen
    }

    static func checkLaws<T: CvRDT>(_ states: [T], seed: UInt64, _ type: String) {
        var rng = SeededRandom(seed: seed ^ 0x1A55)
        for _ in 0..<60 {
            let a = states[Int(rng.below(UInt64(states.count)))]
            let b = states[Int(rng.below(UInt64(states.count)))]
            let c = states[Int(rng.below(UInt64(states.count)))]
            #expect(a.merging(b) == b.merging(a), "seed \(seed): \(type) merge is not commutative")
            #expect(a.merging(b).merging(c) == a.merging(b.merging(c)), "seed \(seed): \(type) merge is not associative")
            #expect(a.merging(a) == a, "seed \(seed): \(type) merge is not idempotent")
            #expect(a.merging(b).merging(b) == a.merging(b), "seed \(seed): \(type) merging twice changed the state")
        }
    }

    static let words = ["x", "y", "z"]

    @Test(arguments: TestSeeds.sweep(50))
    func gCounterMergeIsASemilatticeJoin(seed: UInt64) {
        let states = Self.reachableStates(GCounter(), seed: seed) { s, r, rng in s.increment(by: Int64(rng.below(4)), at: r) }
        Self.checkLaws(states, seed: seed, "GCounter")
    }

    @Test(arguments: TestSeeds.sweep(50))
    func pnCounterMergeIsASemilatticeJoin(seed: UInt64) {
        let states = Self.reachableStates(PNCounter(), seed: seed) { s, r, rng in
            if rng.chance(0.5) { s.increment(by: Int64(rng.below(4)), at: r) } else { s.decrement(by: Int64(rng.below(4)), at: r) }
        }
        Self.checkLaws(states, seed: seed, "PNCounter")
    }

    @Test(arguments: TestSeeds.sweep(50))
    func orSetMergeIsASemilatticeJoin(seed: UInt64) {
        let states = Self.reachableStates(ORSet<String>(), seed: seed) { s, r, rng in
            let w = Self.words[Int(rng.below(3))]
            if rng.chance(0.6) { s.add(w, at: r) } else { s.remove(w) }
        }
        Self.checkLaws(states, seed: seed, "ORSet")
    }

    @Test(arguments: TestSeeds.sweep(50))
    func lwwRegisterMergeIsASemilatticeJoin(seed: UInt64) {
        let states = Self.reachableStates(LWWRegister<String>(), seed: seed) { s, r, rng in
            s.assign(Self.words[Int(rng.below(3))], node: r)
        }
        Self.checkLaws(states, seed: seed, "LWWRegister")
    }

    @Test(arguments: TestSeeds.sweep(50))
    func aCounterIsTheSumOfEveryReplicasUpdatesOnceMerged(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var replicas = [PNCounter(), PNCounter(), PNCounter()]
        var expected: Int64 = 0
        for _ in 0..<40 {
            let r = Int(rng.below(3)), n = Int64(rng.below(5))
            if rng.chance(0.3) { replicas[r].merge(replicas[Int(rng.below(3))]) }
            else if rng.chance(0.7) { replicas[r].increment(by: n, at: r); expected += n }
            else { replicas[r].decrement(by: n, at: r); expected -= n }
        }
        let all = replicas.reduce(PNCounter()) { $0.merging($1) }
        #expect(all.value == expected, "seed \(seed): merged value \(all.value), updates sum to \(expected)")
    }

    @Test func anAddConcurrentWithARemoveWins() {
        var a = ORSet<String>(), b = ORSet<String>()
        a.add("x", at: 0)
        b.merge(a)
        b.remove("x")        // b removes the add it saw…
        a.add("x", at: 0)    // …while a adds x again, concurrently
        #expect(a.merging(b).contains("x"))
        #expect(b.merging(a).elements == ["x"])
    }

    @Test func aRemovedElementStaysRemovedWhenAStaleCopyArrives() {
        var a = ORSet<String>()
        a.add("x", at: 0)
        let stale = a
        a.remove("x")
        a.merge(stale)
        #expect(!a.contains("x"))
        #expect(a.tombstones.count == 1)
    }

    @Test func theLaterStampWinsAndATieOnClockGoesToTheHigherNode() {
        var a = LWWRegister<String>(), b = LWWRegister<String>()
        a.assign("old", node: 0)             // 1@n1
        b.assign("new", node: 1, clock: 5)   // 6@n2
        #expect(a.merging(b).value == "new" && b.merging(a).value == "new")
        var c = LWWRegister<String>(), d = LWWRegister<String>()
        c.assign("c", node: 0); d.assign("d", node: 2)  // 1@n1 and 1@n3: concurrent, n3 wins everywhere
        #expect(c.merging(d).value == "d" && d.merging(c).value == "d")
        #expect(c.merging(d).current?.stamp == LamportStamp(clock: 1, node: 2))
    }

    @Test func aWriteAfterAMergeIsStampedLaterThanWhatItSaw() {
        var a = LWWRegister<String>(), b = LWWRegister<String>()
        b.assign("b", node: 1, clock: 9)
        a.merge(b)
        a.assign("a", node: 0)
        #expect(a.current!.stamp > b.current!.stamp)
        #expect(b.merging(a).value == "a")
    }
}
