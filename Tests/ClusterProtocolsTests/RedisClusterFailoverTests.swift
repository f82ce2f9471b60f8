import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Failover: a replica of a crashed master is promoted by a majority of the
/// masters and clients carry on; without a majority nobody is promoted; and
/// asynchronous replication can lose acknowledged writes, which the
/// lost-write checker reports.
@Suite struct RedisClusterFailoverTests {
    static let crashN1: [(time: Int64, action: ClusterAction)] = [(1_000_000, .crash(NodeID(0)))]

    /// When `n` first logged a state change containing `text`.
    static func when(_ sim: Simulation<RedisProcess>, _ n: Int, state text: String) -> Int64? {
        sim.trace.events.first { $0.kind == .state && $0.node == Int32(n - 1) && (sim.trace.text(of: $0)?.contains(text) ?? false) }?.time
    }

    @Test(arguments: TestSeeds.sweep(6))
    func aReplicaOfACrashedMasterIsPromotedByAMajorityAndClientsContinue(seed: UInt64) throws {
        let sim = RedisRuns.run(seed: seed, script: Self.crashN1 + [(4_000_000, .restart(NodeID(0)))], until: 6_500_000)
        let n4 = try #require(RedisRuns.server(sim, 4))
        #expect(n4.isMaster && n4.ownSlots.description == "0-5460", "seed \(seed): n4 \(n4.ownSlots)")
        #expect(n4.configEpoch > 3, "seed \(seed): the promotion's epoch beats every initial configEpoch")
        for n in [2, 3, 5, 6] { #expect(RedisRuns.server(sim, n)!.slots.owner(of: 0) == NodeID(3), "seed \(seed): n\(n)'s map") }
        let promoted = try #require(Self.when(sim, 4, state: "master epoch"), "seed \(seed)")
        #expect(promoted > 1_000_000 + RedisClusterConfig().nodeTimeout, "seed \(seed): only after node_timeout")
        // Both other masters voted (a majority of three needs two).
        let votes = sim.trace.events.filter { $0.kind == .send && sim.messageKind($0.message) == "FailoverAuthAck" }
        #expect(Set(votes.map(\.node)) == [1, 2], "seed \(seed)")
        // Clients completed operations on n1's former slots after the promotion.
        let served = sim.trace.events.filter { e in
            guard e.kind == .ok, e.time > promoted, let op = sim.trace.operation(of: e) else { return false }
            return RedisHashSlot.slot(forKey: op.key) <= 5460
        }
        #expect(served.count >= 10, "seed \(seed): \(served.count) operations on n1's old slots after the failover")
        // The old master came back as a replica of the node that took its
        // slots and, once the clients are done, holds what it holds.
        #expect(RedisRuns.clients(sim).allSatisfy { $0.isDone }, "seed \(seed)")
        let n1 = try #require(RedisRuns.server(sim, 1))
        #expect(n1.master == NodeID(3) && n1.ownSlots.isEmpty && n1.store == n4.store, "seed \(seed)")
    }

    @Test(arguments: TestSeeds.sweep(4))
    func withoutAMajorityOfMastersNoReplicaIsPromoted(seed: UInt64) {
        let script: [(time: Int64, action: ClusterAction)] = [(1_000_000, .crash(NodeID(0))), (1_000_000, .crash(NodeID(1)))]
        let sim = RedisRuns.run(seed: seed, script: script, until: 4_000_000)
        for n in [4, 5] {
            let s = RedisRuns.server(sim, n)!
            #expect(!s.isMaster && s.ownSlots.isEmpty, "seed \(seed): n\(n) has one vote of the two it needs")
        }
        #expect(sim.trace.events.contains { $0.kind == .send && sim.messageKind($0.message) == "FailoverAuthRequest" }, "seed \(seed)")
    }

    /// Writes n1 acknowledged in the time window, from the trace.
    static func acknowledgedWrites(by n: Int, _ sim: Simulation<RedisProcess>, in window: Range<Int64>) -> Int {
        sim.trace.events.filter { e in
            guard e.kind == .send, e.node == Int32(n - 1), window.contains(e.time),
                  case .reply(_, _, true)? = sim.message(e.message) else { return false }
            return true
        }.count
    }

    @Test(arguments: TestSeeds.sweep(4))
    func aMasterCutOffInAMinorityStopsTakingWritesAfterNodeTimeoutAndRejoinsAsAReplica(seed: UInt64) throws {
        let script: [(time: Int64, action: ClusterAction)] = [(1_000_000, .partition([[NodeID(0)]])), (3_000_000, .heal)]
        let sim = RedisRuns.run(seed: seed, script: script, until: 4_000_000)
        let timeout = RedisClusterConfig().nodeTimeout, tick = RedisClusterConfig().pingInterval
        // Clients still reach n1: it takes writes until it notices it is alone…
        #expect(Self.acknowledgedWrites(by: 1, sim, in: 1_000_000..<(1_000_000 + timeout)) > 0, "seed \(seed)")
        // …then refuses them (CLUSTERDOWN) until the partition heals.
        #expect(Self.acknowledgedWrites(by: 1, sim, in: (1_000_000 + timeout + 2 * tick)..<3_000_000) == 0, "seed \(seed)")
        let refused = sim.trace.events.filter { $0.kind == .send && $0.node == 0 && sim.messageKind($0.message) == "Error" }
        #expect(!refused.isEmpty, "seed \(seed)")
        // The majority promoted n4; after the heal n1 follows it.
        let n1 = try #require(RedisRuns.server(sim, 1)), n4 = try #require(RedisRuns.server(sim, 4))
        #expect(n4.isMaster && n4.ownSlots.description == "0-5460" && n1.master == NodeID(3), "seed \(seed)")
    }

    // MARK: Lost writes

    static func op(_ p: Int, _ type: HistoryOperation.Kind, _ v: Int64) -> HistoryOperation {
        HistoryOperation(process: p, type: type, f: "write", key: "x", value: .int(v))
    }

    @Test func theCheckerReportsAnAcknowledgedWriteTheClusterNoLongerHolds() {
        let h = [Self.op(0, .invoke, 1), Self.op(0, .ok, 1), Self.op(0, .invoke, 2), Self.op(0, .ok, 2)]
        #expect(LostWriteChecker.check(h, final: ["x": 2]).isEmpty)
        let older = LostWriteChecker.check(h, final: ["x": 1])
        #expect(older.map(\.value) == [2] && older.first?.final == 1)
        #expect(LostWriteChecker.check(h, final: [:]).map(\.value) == [1, 2], "a missing key loses every acknowledged write")
        #expect(LostWriteChecker.check(h, final: [:], unknown: ["x"]).isEmpty, "a key no running master serves is not judged")
    }

    @Test func concurrentAndTimedOutWritesMayWin() {
        // Write 2 overlaps write 1: either may be last.
        let overlapping = [Self.op(0, .invoke, 1), Self.op(1, .invoke, 2), Self.op(1, .ok, 2), Self.op(0, .ok, 1)]
        #expect(LostWriteChecker.check(overlapping, final: ["x": 2]).isEmpty)
        #expect(LostWriteChecker.check(overlapping, final: ["x": 1]).isEmpty)
        // A write that timed out may land after a later acknowledged one.
        let late = [Self.op(0, .invoke, 1), Self.op(0, .info, 1), Self.op(1, .invoke, 2), Self.op(1, .ok, 2)]
        #expect(LostWriteChecker.check(late, final: ["x": 1]).isEmpty)
        #expect(LostWriteChecker.check(late, final: [:]).map(\.value) == [2])
    }

    /// The crafted case: replicas hear from their master only every two
    /// seconds, and n1 crashes after acknowledging writes it never shipped.
    @Test func aMasterCrashingAfterAcknowledgingUnreplicatedWritesLosesThem() throws {
        let config = RedisRuns.config(replicationInterval: 2_000_000)
        let sim = RedisRuns.run(seed: 1, config: config, script: Self.crashN1, until: 3_500_000)
        #expect(RedisRuns.server(sim, 4)!.isMaster)
        let lost = LostWriteChecker.check(sim)
        #expect(!lost.isEmpty, "seed 1: n1 acknowledged writes its replica never received")
        #expect(lost.allSatisfy { RedisHashSlot.slot(forKey: $0.key) <= 5460 }, "seed 1: only n1's keys: \(lost)")
        // The catalog's final check reports the same.
        let report = try #require(ProtocolCatalog.definition(named: "redis")?.finalCheck?(sim))
        #expect(report.hasPrefix("lost writes") && report.contains(lost[0].description))
        // The same crash with frequent replication: the promoted replica has
        // almost everything; without the crash nothing is lost at all.
        let calm = RedisRuns.run(seed: 1, config: config, until: 3_500_000)
        #expect(LostWriteChecker.check(calm).isEmpty, "seed 1")
    }
}
