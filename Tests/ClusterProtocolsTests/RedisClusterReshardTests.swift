import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Live resharding: MIGRATING/IMPORTING states, ASK while keys are split
/// between source and target, MOVED once the slots have moved, and no
/// acknowledged write lost along the way.
@Suite struct RedisClusterReshardTests {
    static let layout = RedisClusterSlotTests.layout
    static let client = RedisClusterSlotTests.client

    /// n1 migrating slot 2592 (key:0's) to n2, with key:0 and key:4 on n1; then key:0 migrated.
    @Test func aMigratingSourceServesKeysItHasAndAsksForTheRest() {
        var n1 = RedisClusterSlotTests.server(1), n2 = RedisClusterSlotTests.server(2)
        var c1 = RedisClusterSlotTests.context(1), c2 = RedisClusterSlotTests.context(2)
        #expect(RedisHashSlot.slot(forKey: "key:0") == 2592)
        _ = RedisClusterSlotTests.ask(&n1, .set("key:0", 10))
        n1.command("reshard 2592-2592 n2", &c1)
        #expect(c1.sends.map(\.message) == [.setSlotImporting(SlotRanges([2592...2592]))])
        n2.receive(.setSlotImporting(SlotRanges([2592...2592])), from: NodeID(0), &c2)
        #expect(n2.importing == [2592: NodeID(0)])
        n1.receive(.importingReady(SlotRanges([2592...2592])), from: NodeID(1), &c1)
        #expect(n1.migrating == [2592: NodeID(1)])
        #expect(n1.summary.fields.first { $0.name == "migrating" }?.value == "1")

        // The key is still on the source: served there. A new key of the slot: ASK.
        #expect(RedisClusterSlotTests.ask(&n1, .get("key:0")) == [.reply(request: 1, value: 10, written: false)])
        let other = "{key:0}x"
        #expect(RedisClusterSlotTests.ask(&n1, .set(other, 1)) == [.ask(request: 1, slot: 2592, to: NodeID(1))])
        // The target refuses without ASKING (MOVED back to the owner), serves with it.
        #expect(RedisClusterSlotTests.ask(&n2, .set(other, 1)) == [.moved(request: 1, slot: 2592, to: NodeID(0))])
        #expect(RedisClusterSlotTests.ask(&n2, .set(other, 1), asking: true) == [.reply(request: 1, value: 1, written: true)])

        // MIGRATE key:0: while in flight, commands on it wait; after, they get ASK.
        var t = RedisClusterSlotTests.context(1)
        n1.timerFired(.migrate, &t)
        #expect(t.sends.map(\.message) == [.migrate(batch: 1, [KeyValue("key:0", 10)])])
        #expect(RedisClusterSlotTests.ask(&n1, .get("key:0")).isEmpty, "blocked while MIGRATE is in flight")
        var done = RedisClusterSlotTests.context(1)
        n1.receive(.migrateOK(batch: 1), from: NodeID(1), &done)
        #expect(n1.store["key:0"] == nil)
        #expect(done.sends.filter { $0.to == Self.client }.map(\.message) == [.ask(request: 1, slot: 2592, to: NodeID(1))])

        // No keys left: SETSLOT NODE to the target, which bumps its configEpoch; then the source lets go.
        var last = RedisClusterSlotTests.context(1)
        n1.timerFired(.migrate, &last)
        #expect(last.sends.map(\.message) == [.setSlotNode(SlotRanges([2592...2592]))])
        var c3 = RedisClusterSlotTests.context(2)
        n2.receive(.setSlotNode(SlotRanges([2592...2592])), from: NodeID(0), &c3)
        #expect(n2.importing.isEmpty && n2.ownSlots.contains(2592) && n2.configEpoch == 4)
        n1.receive(.setSlotNodeOK(SlotRanges([2592...2592])), from: NodeID(1), &c1)
        #expect(n1.migrating.isEmpty && !n1.ownSlots.contains(2592))
        #expect(RedisClusterSlotTests.ask(&n1, .get("key:0")) == [.moved(request: 1, slot: 2592, to: NodeID(1))])
    }

    @Test func reshardByCountMovesTheSourcesLowestSlotsAndBadRequestsChangeNothing() {
        var n2 = RedisClusterSlotTests.server(2)
        var c = RedisClusterSlotTests.context(2)
        n2.command("reshard 100 n3", &c)
        #expect(c.sends.map(\.message) == [.setSlotImporting(SlotRanges([5461...5560]))])
        for bad in ["reshard 0-99 n3", "reshard 5461-5470 n4", "reshard 10 n2", "reshard x n3", "reshard 5461-99999 n3"] {
            var n = RedisClusterSlotTests.server(2)
            var bc = RedisClusterSlotTests.context(2)
            n.command(bad, &bc)
            #expect(bc.sends.isEmpty && bc.logLines.count == 1, "\(bad): \(bc.logLines)")
        }
    }

    static let reshard: [(time: Int64, action: ClusterAction)] = [(500_000, .command(NodeID(0), "reshard 0-2999 n2"))]

    @Test(arguments: TestSeeds.sweep(8))
    func clientsKeepWorkingThroughAReshardAndNoAcknowledgedWriteIsLost(seed: UInt64) {
        let sim = RedisRuns.run(seed: seed, script: Self.reshard)
        let n1 = RedisRuns.server(sim, 1)!, n2 = RedisRuns.server(sim, 2)!
        #expect(n1.ownSlots.description == "3000-5460" && n2.ownSlots.description == "0-2999,5461-10922", "seed \(seed)")
        #expect(n1.migrating.isEmpty && n2.importing.isEmpty, "seed \(seed)")
        // Every node agrees on the new owner; the keys moved with their slots, and n2's replica has them.
        for n in 1...6 { #expect(RedisRuns.server(sim, n)!.slots.owner(of: 0) == NodeID(1), "seed \(seed): n\(n)'s map") }
        #expect(!n1.store.keys.contains { RedisHashSlot.slot(forKey: $0) < 3000 }, "seed \(seed)")
        #expect(RedisRuns.server(sim, 5)!.store == n2.store, "seed \(seed)")
        let lost = LostWriteChecker.check(sim)
        #expect(lost.isEmpty, "seed \(seed): \(lost.map(\.description))")
        #expect(RedisRuns.history(sim, .fail).isEmpty && RedisRuns.history(sim, .info).isEmpty, "seed \(seed)")
        #expect(RedisRuns.clients(sim).allSatisfy { $0.isDone }, "seed \(seed)")
    }

    @Test func clientsSeeAskDuringTheMigrationAndMovedAfterIt() {
        var asks = 0
        for seed in TestSeeds.sweep(8) {
            let sim = RedisRuns.run(seed: seed, script: Self.reshard)
            let clients = RedisRuns.clients(sim)
            asks += RedisRuns.count(sim, kind: "ASK")
            #expect(clients.map(\.askSeen).reduce(0, +) == RedisRuns.count(sim, kind: "ASK"), "seed \(seed)")
            #expect(RedisRuns.count(sim, kind: "ASKING") >= RedisRuns.count(sim, kind: "ASK"), "seed \(seed): every ASK followed")
            // MOVED updated the caches, slot by slot, for the keys the clients used.
            #expect(clients.map(\.movedSeen).reduce(0, +) > 0, "seed \(seed)")
            let keySlots = Set((0..<40).map { RedisHashSlot.slot(forKey: "key:\($0)") })
            for c in clients where c.movedSeen > 0 {
                let learned = (0..<3000).filter { c.cache[$0] == 1 }
                #expect(!learned.isEmpty && learned.allSatisfy(keySlots.contains), "seed \(seed): \(learned)")
            }
        }
        #expect(asks > 0, "no ASK in seeds \(TestSeeds.sweep(8))")
    }

    @Test func aRunIsAFunctionOfItsSeed() {
        let script = Self.reshard + [(1_500_000, .crash(NodeID(2)))]
        let a = RedisRuns.run(seed: 11, script: script, until: 3_000_000)
        let b = RedisRuns.run(seed: 11, script: script, until: 3_000_000)
        #expect(a.trace.count == b.trace.count, "seed 11")
        #expect((0..<a.trace.count).allSatisfy { a.eventLine($0) == b.eventLine($0) }, "seed 11: the traces differ")
        #expect((0..<6).map { a.summary(of: NodeID($0)) } == (0..<6).map { b.summary(of: NodeID($0)) }, "seed 11")
    }
}
