import Testing
import ClusterSim
import ClusterProtocols

/// etcd on Raft: the store's revisions, leases judged by the leader's clock,
/// the Mutex recipe, watches across a leader change, fencing tokens and the
/// checkers that must catch what fencing prevents.
enum EtcdRuns {
    static func run(_ yaml: String, seed: UInt64 = 5) throws -> Simulation<EtcdProcess> {
        let scenario = try ProtocolCatalog.scenario(SourceText(name: "test.yaml", text: "protocol: etcd\nseed: \(seed)\n" + yaml))
        return try #require(try ProtocolCatalog.makeRun(scenario) as? Simulation<EtcdProcess>)
    }

    static func members(_ sim: Simulation<EtcdProcess>) -> [EtcdMember] {
        sim.layout.servers.compactMap { sim.node($0)?.member }
    }

    static func leader(_ sim: Simulation<EtcdProcess>) -> EtcdMember? {
        members(sim).filter(\.isLeader).max { $0.raft.currentTerm < $1.raft.currentTerm }
    }

    static func storage(_ sim: Simulation<EtcdProcess>) -> FencedStorage? {
        sim.layout.servers.lazy.compactMap { sim.node($0)?.storage }.first
    }

    static func runUntilLeader(_ sim: Simulation<EtcdProcess>) throws -> EtcdMember {
        _ = sim.run(until: { leader($0) != nil }, limit: VirtualTime(microseconds: 3_000_000))
        return try #require(leader(sim))
    }

    /// Types `text` at the leader and runs `for` microseconds.
    static func type(_ text: String, _ sim: Simulation<EtcdProcess>, for d: Int64 = 100_000) throws {
        let l = try runUntilLeader(sim)
        sim.perform(.command(l.id, text), at: nil)
        _ = sim.run(until: VirtualTime(microseconds: sim.now.microseconds + d))
    }
}

@Suite struct EtcdStoreTests {
    @Test func putsBumpTheRevisionAndKeepCreateRevision() {
        var s = EtcdStore()
        let c = NodeID(9)
        s.apply(.put(key: "a", value: "1", lease: nil), client: c, request: 1)
        s.apply(.put(key: "b", value: "1", lease: nil), client: c, request: 2)
        s.apply(.put(key: "a", value: "2", lease: nil), client: c, request: 3)
        #expect(s.revision == 3)
        let a = s.keys["a"]
        #expect(a?.value == "2" && a?.createRevision == 1 && a?.modRevision == 3 && a?.version == 2 && a?.lease == nil)
        #expect(s.events.map(\.revision) == [1, 2, 3])
    }

    @Test func revokingALeaseDeletesItsKeysInOneRevision() {
        var s = EtcdStore()
        let c = NodeID(9)
        guard case .granted(let l, _)? = s.apply(.grant(ttl: 1_000_000), client: c, request: 1) else { Issue.record(); return }
        s.apply(.put(key: "x", value: "1", lease: l), client: c, request: 2)
        s.apply(.put(key: "y", value: "1", lease: l), client: c, request: 3)
        s.apply(.put(key: "z", value: "1", lease: nil), client: c, request: 4)
        #expect(s.apply(.revoke(lease: l, expired: true), client: c, request: 5) == .done(revision: 4))
        #expect(s.keys.keys.sorted() == ["z"])
        #expect(s.events.suffix(2).map { "\($0)" } == ["DELETE x @4", "DELETE y @4"])
        #expect(s.apply(.put(key: "w", value: "1", lease: l), client: c, request: 6) == .leaseNotFound(l))
    }

    @Test func aRepeatedRequestAppliesOnce() {
        var s = EtcdStore()
        let c = NodeID(9)
        s.apply(.put(key: "a", value: "1", lease: nil), client: c, request: 1)
        #expect(s.apply(.put(key: "a", value: "1", lease: nil), client: c, request: 1) == nil)
        #expect(s.revision == 1)
    }

    @Test func theLockHolderIsTheLowestCreateRevisionAndAWaiterWatchesTheKeyBeforeIt() {
        var s = EtcdStore()
        let c = NodeID(9)
        for r in 1...3 { s.apply(.grant(ttl: 1_000_000), client: c, request: r) }
        #expect(s.apply(.lock(prefix: "m", lease: 1), client: c, request: 4)
                == .lockKey(key: "m/1", createRevision: 1, waitFor: nil, revision: 1))
        s.apply(.lock(prefix: "m", lease: 2), client: c, request: 5)
        #expect(s.apply(.lock(prefix: "m", lease: 3), client: c, request: 6)
                == .lockKey(key: "m/3", createRevision: 3, waitFor: "m/2", revision: 3))
    }
}

@Suite struct EtcdLeaseTests {
    static let sandbox = "nodes: 3\n"

    /// Grants a 1 s lease at the leader, puts `k` with it; returns when the grant was typed
    /// (it applies within a few milliseconds: the deadline is at least a TTL after this).
    func grantAndPut(_ sim: Simulation<EtcdProcess>) throws -> Int64 {
        _ = try EtcdRuns.runUntilLeader(sim)
        let typed = sim.now.microseconds
        try EtcdRuns.type("lease grant 1s", sim)
        try EtcdRuns.type("put k v --lease 1", sim)
        #expect(EtcdRuns.leader(sim)?.store.keys["k"]?.lease == 1)
        return typed
    }

    func keyGone(_ sim: Simulation<EtcdProcess>) -> Bool { EtcdRuns.members(sim).allSatisfy { $0.store.keys["k"] == nil } }

    @Test func aKeyVanishesWhenItsLeaseRunsOutOnTheLeadersClock() throws {
        let sim = try EtcdRuns.run(Self.sandbox)
        let granted = try grantAndPut(sim)
        _ = sim.run(until: VirtualTime(microseconds: granted + 900_000))
        #expect(!keyGone(sim), "gone before its TTL")
        _ = sim.run(until: VirtualTime(microseconds: granted + 1_300_000))
        #expect(keyGone(sim), "still there after TTL + a tick + a commit")
    }

    @Test func aLeaderWhoseClockRunsFastExpiresLeasesEarly() throws {
        let sim = try EtcdRuns.run(Self.sandbox + "parameters: {clock_rates: {n1: 2, n2: 2, n3: 2}}\n")
        let granted = try grantAndPut(sim)
        _ = sim.run(until: VirtualTime(microseconds: granted + 650_000))
        #expect(keyGone(sim), "a clock at ×2 should judge a 1 s lease over after 0.5 s of virtual time")
    }

    @Test func aKeepaliveAtTheLeaderRenewsTheLease() throws {
        let sim = try EtcdRuns.run(Self.sandbox)
        let granted = try grantAndPut(sim)
        _ = sim.run(until: VirtualTime(microseconds: granted + 700_000))
        try EtcdRuns.type("lease keepalive 1", sim, for: 0)
        _ = sim.run(until: VirtualTime(microseconds: granted + 1_400_000))
        #expect(!keyGone(sim))
    }

    /// etcd's Promote: a new leader renews every lease to TTL + an election
    /// timeout, so a lease outlives its old deadline across a leader change.
    @Test(arguments: [false, true]) func aNewLeaderRenewsLeasesWhenPromoted(skipPromote: Bool) throws {
        let sim = try EtcdRuns.run(Self.sandbox + (skipPromote ? "parameters: {mutations: [skip_lessor_promote]}\n" : ""))
        let granted = try grantAndPut(sim)
        let old = try #require(EtcdRuns.leader(sim))
        _ = sim.run(until: VirtualTime(microseconds: granted + 300_000))
        sim.perform(.crash(old.id), at: nil)
        _ = sim.run(until: { s in EtcdRuns.leader(s).map { $0.id != old.id && $0.lessor.primary } ?? false },
                    limit: VirtualTime(microseconds: granted + 3_000_000))
        let promotedAt = sim.now.microseconds
        _ = sim.run(until: VirtualTime(microseconds: promotedAt + 100_000))
        if skipPromote {
            #expect(keyGone(sim), "without Promote the new leader has no deadline to honour")
        } else {
            #expect(promotedAt > granted + 300_000)
            #expect(!keyGone(sim), "renewed on promotion")
            _ = sim.run(until: VirtualTime(microseconds: promotedAt + 1_000_000 + 150_000 + 300_000))
            #expect(keyGone(sim), "expired a TTL plus an election timeout after the promotion")
        }
    }
}

@Suite struct EtcdLockTests {
    /// Kleppmann's example: c1 takes the lock, pauses past its lease, c2 takes
    /// the lock and writes, c1 wakes and writes with its old token.
    static func paused(fencing: Bool, seed: UInt64 = 5) throws -> Simulation<EtcdProcess> {
        let sim = try EtcdRuns.run("""
            nodes: 4
            clients: 2
            parameters: {fencing: \(fencing)}
            workload: {lockers: 2, rounds: 3, ttl: 1s, work: 100ms, think: 200ms}
            """, seed: seed)
        let c1 = sim.layout.clients[0]
        _ = sim.run(until: { $0.node(c1)?.locker?.holds == true }, limit: VirtualTime(microseconds: 3_000_000))
        sim.perform(.pause(c1), at: nil)
        _ = sim.run(until: VirtualTime(microseconds: sim.now.microseconds + 2_000_000))
        sim.perform(.resume(c1), at: nil)
        _ = sim.run(until: VirtualTime(microseconds: sim.now.microseconds + 2_000_000))
        return sim
    }

    @Test(arguments: [UInt64(1), 5, 9])
    func withoutFencingTheCheckerFindsTheDoubleWrite(seed: UInt64) throws {
        let sim = try Self.paused(fencing: false, seed: seed)
        let v = try #require(sim.violation, "seed \(seed)")
        #expect(v.invariant == "lock safety", "seed \(seed)")
        #expect(v.message.contains("both believed they held it at once"), "seed \(seed)")
    }

    @Test(arguments: [UInt64(1), 5, 9])
    func withFencingTheStaleWriteIsRejectedAndNothingIsFound(seed: UInt64) throws {
        let sim = try Self.paused(fencing: true, seed: seed)
        #expect(sim.violation == nil, "seed \(seed): \(sim.violation.map { "\($0)" } ?? "")")
        let s = try #require(EtcdRuns.storage(sim))
        #expect(s.writes.contains { $0.client == sim.layout.clients[0] && !$0.accepted }, "seed \(seed)")
        #expect(s.stale == 0)
    }

    /// A storage server that forgot its highest token on a restart would let a stale write through.
    @Test func theStorageServerRemembersItsHighestTokenAcrossACrash() throws {
        let sim = try EtcdRuns.run("nodes: 4\nclients: 2\nworkload: {lockers: 2, rounds: 2}\n")
        _ = sim.run(until: VirtualTime(microseconds: 3_000_000))
        let before = try #require(EtcdRuns.storage(sim)).highest
        #expect(before > 0)
        let n4 = sim.layout.servers[3]
        sim.perform(.crash(n4), at: nil)
        sim.perform(.restart(n4), at: nil)
        _ = sim.run(until: VirtualTime(microseconds: 3_100_000))
        #expect(try #require(EtcdRuns.storage(sim)).highest == before)
    }

    @Test func tokensOfSuccessiveHoldersIncrease() throws {
        let sim = try EtcdRuns.run("nodes: 4\nclients: 3\nworkload: {lockers: 3, rounds: 4}\nuntil: 8s\n")
        _ = sim.run(until: VirtualTime(microseconds: 8_000_000))
        #expect(sim.violation == nil)
        let s = try #require(EtcdRuns.storage(sim))
        #expect(s.writes.count == 12)
        #expect(s.writes.allSatisfy { $0.accepted })
        #expect(s.writes.map(\.token) == s.writes.map(\.token).sorted())
    }
}

@Suite struct EtcdWatchTests {
    static func acrossLeaderChange(_ extra: String = "", seed: UInt64 = 5) throws -> Simulation<EtcdProcess> {
        let sim = try EtcdRuns.run("""
            nodes: 4
            clients: 3
            parameters: {\(extra)}
            workload: {lockers: 2, watchers: 1, rounds: 0, watch_from: 2}
            """, seed: seed)
        let leader = try EtcdRuns.runUntilLeader(sim)
        _ = sim.run(until: VirtualTime(microseconds: 1_500_000))
        // Crash the leader and the member the watcher polls, if another.
        sim.perform(.crash(leader.id), at: nil)
        let via = sim.node(sim.layout.clients[2])!.summary.fields.first { $0.name == "via" }!.value
        if let n = sim.layout.node(named: via), n != leader.id { sim.perform(.crash(n), at: nil) ; sim.perform(.restart(leader.id), at: nil) }
        _ = sim.run(until: VirtualTime(microseconds: 6_000_000))
        return sim
    }

    @Test(arguments: [UInt64(2), 5, 7])
    func noEventIsLostOrRepeatedAcrossALeaderChange(seed: UInt64) throws {
        let sim = try Self.acrossLeaderChange(seed: seed)
        #expect(sim.violation == nil, "seed \(seed): \(sim.violation.map { "\($0)" } ?? "")")
        let w = try #require(sim.node(sim.layout.clients[2])?.watcher)
        let store = try #require(EtcdRuns.members(sim).max { $0.store.revision < $1.store.revision }).store
        #expect(w.resumes > 0, "seed \(seed): the watcher never had to move")
        #expect(EtcdRuns.members(sim).map(\.raft.currentTerm).max()! > 1)
        // Everything after revision 2, once each, in order (bar the last poll still waiting).
        let expected = store.events(after: 2, key: "", prefix: true)
        #expect(w.received.count >= expected.count - 2 && w.received == Array(expected.prefix(w.received.count)), "seed \(seed)")
    }

    @Test func theWatchCheckerCatchesAWatcherThatResumesFromTheStart() throws {
        let sim = try Self.acrossLeaderChange("mutations: [resume_watch_from_start]")
        let v = try #require(sim.violation)
        #expect(v.invariant == "watch delivery")
        #expect(v.message.contains("duplicate"))
    }
}

@Suite struct EtcdScenarioTests {
    func problem(_ yaml: String) -> SourceError? {
        do { _ = try EtcdRuns.run(yaml); return nil } catch let e as SourceError { return e } catch { return nil }
    }

    @Test func aClockRateForANodeThatDoesNotExistSaysWhere() throws {
        let e = try #require(problem("nodes: 3\nparameters:\n  clock_rates: {n1: 1.5, n7: 2}\n"))
        #expect(e.line == 5 && e.message.contains("no node 'n7'"), "\(e)")
        let f = try #require(problem("nodes: 3\nparameters:\n  clock_rates: {n1: 50}\n"))
        #expect(f.line == 5, "\(f)")  // two lines of protocol and seed come first
    }

    @Test func tooManyServersOrClientsAreRefused() throws {
        #expect(try #require(problem("nodes: 6\n")).message.contains("at most one storage server"))
        #expect(try #require(problem("nodes: 4\nclients: 1\nworkload: {lockers: 2}\n")).message.contains("more than clients"))
    }
}
