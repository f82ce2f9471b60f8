import Testing
import ClusterSim
import ClusterProtocols

/// `protocol: kafka`: records reach every in-sync replica; acks decide what a
/// leader change may lose; followers truncate by leader epoch (KIP-101);
/// the ISR shrinks and grows; idempotent producers leave no duplicates; and
/// each mutant is caught by an invariant or the log checker.
@Suite struct KafkaTests {
    static func run(_ text: String, seed: UInt64? = nil) throws -> Simulation<KafkaProcess> {
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)), seed: seed)
        return try #require(run as? Simulation<KafkaProcess>)
    }

    /// n1 controller, n2–n4 brokers, c1 producer, c2 reader; one partition led by n2 at first.
    static func scenario(_ parameters: String, workload: String = "{records: 60, interval: 10ms, read_every: 300ms}",
                         actions: String = "", network: String = "") -> String {
        "protocol: kafka\nnodes: 4\nclients: 2\nseed: 3\nparameters: \(parameters)\nworkload: \(workload)\n"
            + (network.isEmpty ? "" : "network: \(network)\n")
            + (actions.isEmpty ? "" : "actions:\n\(actions)")
    }

    static let crashLeader = "  - {at: 400ms, crash: n2}\n  - {at: 1200ms, restart: n2}\n"

    static func sends(_ sim: Simulation<KafkaProcess>, _ type: HistoryOperation.Kind) -> [HistoryOperation] {
        sim.trace.history.filter { $0.f == "send" && $0.type == type }
    }

    static func replica(_ sim: Simulation<KafkaProcess>, _ n: Int, _ p: Int = 0) -> KafkaReplica? {
        sim.node(NodeID(n))?.broker?.replicas[p]
    }

    /// `clusterlab sandbox kafka` with no settings: the producers send (they
    /// were idle by default, so a student saw only fetches), and what they
    /// send is acknowledged without anomaly.
    @Test func theSandboxsProducersSendByDefault() throws {
        let sim = try #require(try ProtocolCatalog.sandbox("kafka", seed: 1) as? Simulation<KafkaProcess>)
        sim.run(until: VirtualTime(microseconds: 2_000_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        #expect(Self.sends(sim, .ok).count > 20, "acknowledged sends in 2 s: \(Self.sends(sim, .ok).count)")
        let report = KafkaLogChecker.check(sim.trace.history)
        #expect(report.isValid, "\(report.anomalies)")
    }

    @Test func withoutFaultsEveryRecordIsAcknowledgedAndReadOnceInOrder() throws {
        let sim = try Self.run(Self.scenario("{partitions: 3}"))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        #expect(Self.sends(sim, .ok).count == 60)
        let report = KafkaLogChecker.check(sim.trace.history)
        #expect(report.isValid, "\(report.anomalies)")
        #expect(report.partitionsRead == 3 && report.acknowledged == 60)
        let total = (0..<3).map { Self.replica(sim, 2, $0)?.highWatermark ?? 0 }.reduce(0, +)
        #expect(total == 60)
        for n in 1...3 { for p in 0..<3 { #expect(Self.replica(sim, n, p)?.log.endOffset == Self.replica(sim, 1, p)?.log.endOffset) } }
    }

    @Test func acksOneLosesAcknowledgedWritesWhenTheLeaderCrashes() throws {
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: 1, fetch_min_records: 5}", actions: Self.crashLeader))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        let report = KafkaLogChecker.check(sim.trace.history)
        #expect(report.count(.lostAcknowledged) > 0, "acks=1: the crashed leader had acknowledged records no follower fetched")
        #expect(report.anomalies.allSatisfy { $0.kind == .lostAcknowledged })
        #expect(sim.trace.events.indices.contains { sim.eventLine($0).contains("truncates t0-0") }, "the old leader truncates on its return")
        let sent = kafkaFinalCheck(sim)
        #expect(sent == nil, "acks=1 promises nothing across a leader change: \(sent ?? "")")
    }

    @Test func acksAllWithMinInsyncTwoLosesNothingOnTheSameCrash() throws {
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: all, min_insync_replicas: 2, fetch_min_records: 5}", actions: Self.crashLeader))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        let report = KafkaLogChecker.check(sim.trace.history)
        #expect(report.isValid, "\(report.anomalies)")
        #expect(Self.sends(sim, .ok).count > 40)
        #expect(Self.replica(sim, 2)?.role == .leader || Self.replica(sim, 3)?.role == .leader, "a follower took over")
        #expect((Self.replica(sim, 2)?.leaderEpoch ?? 0) >= 1)
    }

    @Test func aLaggingFollowerLeavesTheISRAndRejoinsWhenCaughtUp() throws {
        let sim = try Self.run(Self.scenario("{partitions: 1}", workload: "{records: 100, interval: 10ms}",
                                             actions: "  - {at: 200ms, crash: n4}\n  - {at: 900ms, restart: n4}\n"))
        sim.run(until: VirtualTime(microseconds: 800_000))
        #expect(sim.node(NodeID(1))?.broker?.metadata[0].isr == [1, 2], "n4 left the ISR after replica_lag_time")
        sim.run(until: VirtualTime(microseconds: 2_500_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        #expect(sim.node(NodeID(1))?.broker?.metadata[0].isr == [1, 2, 3], "n4 caught up and rejoined")
        #expect(Self.replica(sim, 3)?.log.endOffset == Self.replica(sim, 1)?.log.endOffset)
    }

    @Test func acksAllRefusesWritesWhenTheISRIsBelowMinInsync() throws {
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: all, min_insync_replicas: 2}",
                                             workload: "{records: 100, interval: 10ms}",
                                             actions: "  - {at: 200ms, crash: n3}\n  - {at: 200ms, crash: n4}\n"))
        sim.run(until: VirtualTime(microseconds: 2_000_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        let failed = Self.sends(sim, .fail)
        #expect(!failed.isEmpty && failed.allSatisfy { $0.error == .string("NOT_ENOUGH_REPLICAS") })
        #expect(Self.replica(sim, 1)?.role == .leader)
    }

    /// Unclean election: the only ISR member dies; a stale replica takes over and the acknowledged tail is gone.
    @Test(arguments: [false, true])
    func uncleanElectionTradesAcknowledgedWritesForAvailability(_ unclean: Bool) throws {
        let actions = "  - {at: 100ms, crash: n3}\n  - {at: 100ms, crash: n4}\n  - {at: 900ms, crash: n2}\n"
            + "  - {at: 1000ms, restart: n3}\n  - {at: 1000ms, restart: n4}\n"
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: all, min_insync_replicas: 1, unclean_leader_election: \(unclean)}",
                                             workload: "{records: 150, interval: 10ms, read_every: 300ms}", actions: actions))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        let leaders = (1...3).filter { Self.replica(sim, $0)?.role == .leader }
        let report = KafkaLogChecker.check(sim.trace.history)
        if unclean {
            #expect(!leaders.isEmpty, "an out-of-sync replica leads")
            #expect(report.count(.lostAcknowledged) > 0, "the acknowledged records only n2 had are gone")
        } else {
            #expect(leaders.isEmpty, "offline: no ISR member is alive")
            #expect(report.count(.lostAcknowledged) == 0)
        }
    }

    @Test(arguments: [false, true])
    func idempotentProducersLeaveNoDuplicatesOnRetry(_ mutant: Bool) throws {
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: 1, idempotence: true" + (mutant ? ", mutations: [no-idempotence]}" : "}"),
                                             workload: "{records: 80, interval: 5ms, retry_after: 40ms, read_every: 500ms}",
                                             network: "{latency: {uniform: [2ms, 25ms]}, loss: 10%}"))
        sim.run(until: VirtualTime(microseconds: 6_000_000))
        let report = KafkaLogChecker.check(sim.trace.history)
        if mutant {
            #expect(report.count(.duplicate) > 0, "retries appended twice")
            #expect(kafkaFinalCheck(sim)?.contains("duplicate") == true)
        } else {
            #expect(report.isValid, "\(report.anomalies)")
            #expect(sim.trace.events.indices.contains { sim.eventLine($0).contains("drops a duplicate") })
        }
    }

    @Test func noTruncationMutantBreaksTheCommittedPrefix() throws {
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: 1, fetch_min_records: 5, mutations: [no-truncation]}", actions: Self.crashLeader))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        let v = try #require(sim.violation, "the old leader keeps its divergent tail")
        #expect("\(v)".contains(KafkaProperty.committedPrefix.rawValue), "\(v)")
    }

    @Test func hwIgnoringTheISRMakesAcksAllLoseWrites() throws {
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: all, fetch_min_records: 5, mutations: [hw-ignores-isr]}", actions: Self.crashLeader))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        let lost = KafkaLogChecker.check(sim.trace.history).count(.lostAcknowledged)
        #expect(lost > 0 || sim.violation != nil, "acknowledged before any follower had them")
    }

    /// Logs share append-only storage with their persisted and snapshotted
    /// copies; going back in time and forward again must rebuild the same logs.
    @Test func timeTravelRebuildsTheSameLogs() throws {
        let sim = try Self.run(Self.scenario("{partitions: 1, acks: 1, fetch_min_records: 5}", actions: Self.crashLeader))
        sim.run(until: VirtualTime(microseconds: 2_000_000))
        let end = sim.stepCount
        let logs = (1...3).map { Self.replica(sim, $0)?.log }
        sim.goTo(step: end / 3)
        #expect((1...3).map { Self.replica(sim, $0)?.log } != logs)
        sim.goTo(step: end)
        #expect((1...3).map { Self.replica(sim, $0)?.log } == logs)
        #expect(sim.violation == nil)
    }

    // MARK: the checker on handmade histories

    static func ok(_ p: Int64, _ s: Int64, offset: Int64) -> HistoryOperation {
        HistoryOperation(process: 0, type: .ok, f: "send", key: "t0-0", value: .list([.string("k"), .int(s), .int(p), .int(s), .int(offset)]))
    }
    static func read(_ ids: [(Int64, Int64)]) -> HistoryOperation {
        HistoryOperation(process: 1, type: .ok, f: "read", key: "t0-0", value: .list(ids.map { .list([.int($0.0), .int($0.1), .int($0.1)]) }))
    }

    @Test func theCheckerNamesALostAcknowledgedWrite() {
        let r = KafkaLogChecker.check([Self.ok(5, 0, offset: 0), Self.ok(5, 1, offset: 1), Self.read([(5, 0), (6, 0)])])
        #expect(r.count(.lostAcknowledged) == 1)
        #expect(r.anomalies.first?.description.contains("p5#1") == true, "\(r.anomalies)")
        // A read that ends before the offset is not evidence.
        #expect(KafkaLogChecker.check([Self.ok(5, 0, offset: 0), Self.ok(5, 1, offset: 1), Self.read([(5, 0)])]).isValid)
    }

    @Test func theCheckerNamesDuplicatesAndReordering() {
        let dup = KafkaLogChecker.check([Self.read([(5, 0), (5, 1), (5, 1)])])
        #expect(dup.count(.duplicate) == 1 && dup.count(.reordered) == 0)
        #expect(dup.anomalies.first?.description.contains("p5#1") == true)
        let reordered = KafkaLogChecker.check([Self.read([(5, 0), (5, 2), (5, 1)])])
        #expect(reordered.count(.reordered) == 1 && reordered.anomalies.first?.description.contains("p5#1") == true)
    }
}

/// The catalog's final check for a finished run.
func kafkaFinalCheck(_ sim: Simulation<KafkaProcess>) -> String? {
    ProtocolCatalog.definition(named: "kafka")?.finalCheck?(sim)
}
