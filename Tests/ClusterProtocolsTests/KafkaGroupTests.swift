import Testing
import ClusterSim
import ClusterProtocols

/// `protocol: kafka-groups`: members join, rebalance when one dies or
/// joins, and the delivery checker names what each commit mode processed
/// twice or never — and is shown able to fail.
@Suite struct KafkaGroupTests {
    static func run(_ parameters: String, clients: Int = 2, seed: UInt64 = 7) throws -> Simulation<KafkaGroupProcess> {
        let text = "protocol: kafka-groups\nnodes: 3\nclients: \(clients)\nseed: \(seed)\nparameters: \(parameters)\n"
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)))
        return try #require(run as? Simulation<KafkaGroupProcess>)
    }

    static func at(_ ms: Int64) -> VirtualTime { VirtualTime(microseconds: ms * 1000) }

    static func consumer(_ sim: Simulation<KafkaGroupProcess>, _ c: Int) -> GroupConsumer? {
        sim.node(NodeID(sim.layout.serverCount + c))?.consumer
    }

    static func coordinator(_ sim: Simulation<KafkaGroupProcess>) -> GroupCoordinator? {
        sim.node(sim.config.coordinator)?.broker?.coordinator
    }

    /// Runs until consumer `c` is halfway through a batch (seeded, deterministic).
    static func runUntilMidBatch(_ sim: Simulation<KafkaGroupProcess>, _ c: Int, after ms: Int64) {
        var t = ms
        sim.run(until: at(t))
        while t < 5000, !(consumer(sim, c)?.batch.map { $0.done > 0 && $0.done < $0.offsets.count } ?? false) {
            t += 5; sim.run(until: at(t))
        }
    }

    @Test func theGroupFormsAndEveryRecordIsProcessedOnce() throws {
        let sim = try Self.run("{partitions: 4, prefill: 10, commit: after-processing}")
        sim.run(until: Self.at(3000))
        let c = try #require(Self.coordinator(sim))
        #expect(c.state == .stable && c.members.count == 2)
        let a = try #require(Self.consumer(sim, 0)), b = try #require(Self.consumer(sim, 1))
        #expect(a.generation == c.generation && b.generation == c.generation)
        #expect(Set(a.assigned + b.assigned) == Set(sim.config.allPartitions) && a.assigned.count == 2)
        let report = GroupDeliveryChecker.check(sim.trace.history)
        #expect(report.processed == 40 && report.duplicateCount == 0 && report.lostCount == 0, "\(report)")
        #expect(sim.violation == nil && GroupDeliveryChecker.finalCheck(sim) == nil)
    }

    /// At-least-once: the batch a dead consumer had not committed is processed again by the new owner.
    @Test func aConsumerDyingMidBatchMeansItsBatchIsProcessedAgain() throws {
        let sim = try Self.run("{partitions: 4, prefill: 20, commit: after-processing}")
        Self.runUntilMidBatch(sim, 0, after: 300)
        let dead = try #require(Self.consumer(sim, 0)?.batch)
        let genBefore = try #require(Self.coordinator(sim)).generation
        sim.perform(.crash(NodeID(3)), at: nil)
        sim.run(until: Self.at(6000))
        let c = try #require(Self.coordinator(sim))
        #expect(c.generation > genBefore && c.members.count == 1 && c.state == .stable)
        #expect(Self.consumer(sim, 1)?.assigned.count == 4, "the survivor takes every partition")
        let report = GroupDeliveryChecker.check(sim.trace.history)
        #expect(report.lostCount == 0, "\(report)")
        #expect(Set(report.duplicates[dead.partition]?.keys.map { $0 } ?? []) == Set(dead.offsets.prefix(dead.done)), "\(report)")
        #expect(report.duplicateCount == dead.done)
        #expect(GroupDeliveryChecker.finalCheck(sim) == nil, "duplicates are allowed at-least-once")
    }

    /// At-most-once: what the dead consumer had committed but not processed is never processed.
    @Test func commitBeforeProcessingLosesTheRestOfTheBatch() throws {
        let sim = try Self.run("{partitions: 4, prefill: 20, commit: before-processing}")
        Self.runUntilMidBatch(sim, 0, after: 300)
        let dead = try #require(Self.consumer(sim, 0)?.batch)
        sim.perform(.crash(NodeID(3)), at: nil)
        sim.run(until: Self.at(6000))
        let report = GroupDeliveryChecker.check(sim.trace.history)
        #expect(report.duplicateCount == 0, "\(report)")
        #expect(report.lost[dead.partition] == Array(dead.offsets.dropFirst(dead.done)), "\(report)")
        #expect(GroupDeliveryChecker.problem(report, commit: .afterProcessing)?.contains("never processed") == true,
                "the checker fails this run for a mode that promises at-least-once")
    }

    /// A paused consumer is evicted; when it wakes it finishes its batch and
    /// tries to commit with its old generation. Transactionally that output
    /// is fenced (no duplicate); the mutant lets the zombie's output in.
    @Test(arguments: [false, true])
    func aZombiesTransactionIsFencedUnlessTheGenerationIsIgnored(_ mutant: Bool) throws {
        let sim = try Self.run("{partitions: 4, prefill: 20, commit: transactional, process_time: 30ms\(mutant ? ", mutations: [ignore-generation]" : "")}")
        Self.runUntilMidBatch(sim, 0, after: 300)
        sim.perform(.pause(NodeID(3)), at: nil)
        sim.run(until: VirtualTime(microseconds: sim.now.microseconds + 1_000_000))
        sim.perform(.resume(NodeID(3)), at: nil)
        sim.run(until: Self.at(8000))
        let report = GroupDeliveryChecker.check(sim.trace.history)
        #expect(report.lostCount == 0, "\(report)")
        let problem = GroupDeliveryChecker.finalCheck(sim)
        if mutant {
            #expect(report.duplicateCount > 0 && problem?.contains("more than once") == true, "\(report)")
        } else {
            #expect(report.duplicateCount == 0 && problem == nil, "\(report)")
            #expect((Self.coordinator(sim)?.fenced ?? 0) >= 1, "the zombie's commit was refused")
        }
    }

    @Test func aNewConsumerTriggersARebalanceAndCooperativeMembersKeepTheirPartitions() throws {
        let sim = try Self.run("{partitions: 6, prefill: 200, assignor: cooperative-sticky}", clients: 3)
        sim.perform(.crash(NodeID(5)), at: nil)
        sim.run(until: Self.at(1000))
        let before = [try #require(Self.consumer(sim, 0)).assigned, try #require(Self.consumer(sim, 1)).assigned]
        #expect(before[0].count == 3 && before[1].count == 3)
        let gen = try #require(Self.coordinator(sim)).generation
        sim.perform(.restart(NodeID(5)), at: nil)
        sim.run(until: Self.at(3000))
        let after = (0..<3).map { Self.consumer(sim, $0)!.assigned }
        #expect(after.map(\.count) == [2, 2, 2], "\(after)")
        #expect(Set(after[0]).isSubset(of: before[0]) && Set(after[1]).isSubset(of: before[1]), "sticky: nothing moves between the old members")
        #expect(try #require(Self.coordinator(sim)).generation >= gen + 2, "two rebalances: revoke, then hand over")
        let report = GroupDeliveryChecker.check(sim.trace.history)
        #expect(report.lostCount == 0 && report.duplicateCount == 0, "\(report)")
    }

    /// Handmade histories: the checker names the partition and offsets.
    @Test func theCheckerNamesDuplicatesAndGaps() {
        func op(_ f: String, _ key: String, _ v: Int64) -> HistoryOperation {
            HistoryOperation(process: 0, type: .ok, f: f, key: key, value: .int(v))
        }
        let history = [op("process", "t0p1", 0), op("process", "t0p1", 1), op("commit", "t0p1", 2),
                       op("process", "t0p1", 1), op("commit", "t0p1", 5), op("process", "t0p1", 5)]
        let r = GroupDeliveryChecker.check(history)
        #expect(r.duplicates[GroupPartition(0, 1)] == [1: 2])
        #expect(r.lost[GroupPartition(0, 1)] == [2, 3, 4])
        #expect(r.description == "t0p1: 1 ×2 processed more than once; t0p1: 2-4 never processed")
        #expect(GroupDeliveryChecker.problem(r, commit: .transactional) != nil)
        let tentative = [HistoryOperation(process: 0, type: .info, f: "process", key: "t0p0", value: .int(0)), op("process", "t0p0", 0)]
        #expect(GroupDeliveryChecker.check(tentative).duplicateCount == 0, "uncommitted transactional output does not count")
    }
}

/// Liveness during a rebalance: a member waiting in JoinGroup sends no
/// heartbeats, so its pending join must keep its session alive.
@Suite struct KafkaGroupSessionTests {
    /// c3 joins while c1 and c2 are in the middle of long batches: it waits
    /// longer than a session timeout for them to rejoin. It was evicted
    /// while waiting before the fix (checked: 1 eviction without it).
    @Test func aMemberWaitingForARebalanceIsNotEvicted() throws {
        let sim = try KafkaGroupTests.run("{partitions: 6, prefill: 100, process_time: 100ms, rebalance_timeout: 2s}", clients: 3)
        sim.perform(.crash(NodeID(5)), at: nil)
        sim.run(until: KafkaGroupTests.at(1200))
        let before = try #require(KafkaGroupTests.coordinator(sim)).evictions
        sim.perform(.restart(NodeID(5)), at: nil)
        sim.run(until: KafkaGroupTests.at(4000))
        let c = try #require(KafkaGroupTests.coordinator(sim))
        #expect(c.evictions == before, "no member evicted after c3 joins")
        #expect(c.state == .stable && c.members.count == 3)
    }
}

/// One owner per partition in the current generation, checked every step.
@Suite struct KafkaGroupInvariantTests {
    @Test func twoOwnersOfAPartitionInOneGenerationAreNamed() {
        typealias O = GroupInvariants.Owner
        let p = GroupPartition(0, 1)
        let owners = [O(name: "c1", generation: 4, assigned: [p]), O(name: "c2", generation: 4, assigned: [GroupPartition(0, 0), p])]
        #expect(GroupInvariants.doubleOwnership(owners, generation: 4) == "t0p1 is owned by both c1 and c2 in generation 4")
        let zombie = [O(name: "c1", generation: 3, assigned: [p]), O(name: "c2", generation: 4, assigned: [p])]
        #expect(GroupInvariants.doubleOwnership(zombie, generation: 4) == nil, "an older generation is fenced, not a second owner")
    }

    /// Seeds 1–20: joins, crashes and restarts under every assignor keep one owner per partition.
    @Test(arguments: KafkaGroupAssignor.allCases)
    func rebalancesKeepOneOwner(_ assignor: KafkaGroupAssignor) throws {
        for seed: UInt64 in 1...20 {
            let sim = try KafkaGroupTests.run("{partitions: 6, prefill: 50, assignor: \(assignor.rawValue)}", clients: 3, seed: seed)
            sim.run(until: KafkaGroupTests.at(400))
            sim.perform(.crash(NodeID(3 + Int(seed % 3))), at: nil)
            sim.run(until: KafkaGroupTests.at(1200))
            sim.perform(.restart(NodeID(3 + Int(seed % 3))), at: nil)
            sim.run(until: KafkaGroupTests.at(3000))
            #expect(sim.violation == nil, "seed \(seed): \(sim.violation.map(String.init(describing:)) ?? "")")
        }
    }

    /// The mutant breaks KIP-429's rule and the invariant catches it on some seed.
    @Test func assigningAnOwnedPartitionAtOnceGivesItTwoOwners() throws {
        var caught: String?
        for seed: UInt64 in 1...40 where caught == nil {
            let sim = try KafkaGroupTests.run("{partitions: 6, prefill: 50, assignor: cooperative-sticky, mutations: [assign-owned-immediately]}",
                                              clients: 3, seed: seed)
            sim.perform(.crash(NodeID(5)), at: nil)
            sim.run(until: KafkaGroupTests.at(800))
            sim.perform(.restart(NodeID(5)), at: nil)
            sim.run(until: KafkaGroupTests.at(3000))
            if let v = sim.violation { caught = "seed \(seed): \(v)" }
        }
        #expect(caught?.contains("owned by both") == true, "\(caught ?? "no seed in 1–40 caught it")")
    }
}
