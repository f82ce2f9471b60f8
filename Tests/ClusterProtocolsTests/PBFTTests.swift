import Testing
import ClusterSim
@testable import ClusterProtocols

/// PBFT's normal case (Castro & Liskov 1999, §4.2) with lying replicas: with
/// n = 3f + 1 the honest replicas agree whatever f liars do; with n = 3f a
/// lying primary splits them, and the checker says so.
@Suite struct PBFTTests {
    static func run(_ text: String, seed: UInt64 = 1) throws -> Simulation<PBFTProcess> {
        let scenario = try ProtocolCatalog.scenario(SourceText(name: "pbft-test", text: "protocol: pbft\n" + text))
        return try #require(try ProtocolCatalog.makeRun(scenario, seed: seed) as? Simulation<PBFTProcess>)
    }

    static func replicas(_ sim: Simulation<PBFTProcess>) -> [PBFTReplica] {
        sim.layout.servers.compactMap { sim.node($0)?.replica }
    }

    static func clients(_ sim: Simulation<PBFTProcess>) -> [PBFTClient] {
        sim.layout.clients.compactMap { sim.node($0)?.client }
    }

    @Test func quorumsAre2fAnd2fPlus1AmongThreeFPlusOne() {
        var c = PBFTConfig()
        for (n, f, prepares, commits, replies) in [(4, 1, 2, 3, 2), (7, 2, 4, 5, 3), (3, 1, 1, 2, 2), (6, 2, 3, 4, 3)] {
            c.replicas = n; c.f = f
            #expect([c.prepareQuorum, c.commitQuorum, c.replyQuorum] == [prepares, commits, replies], "n=\(n) f=\(f)")
        }
    }

    /// No liars: every replica executes every request in one order, and each
    /// client accepts each of its results on f + 1 matching replies.
    @Test func allHonestReplicasExecuteEveryRequestInOneOrder() throws {
        let sim = try Self.run("nodes: 4\nclients: 2\nworkload: {ops: 3}\n")
        sim.run(until: VirtualTime(microseconds: 2_000_000))
        #expect(sim.violation == nil)
        let executed = Self.replicas(sim).map(\.executed)
        #expect(executed[0].count == 6 && executed.allSatisfy { $0 == executed[0] }, "\(executed)")
        #expect(Self.clients(sim).map(\.accepted.count) == [3, 3])
        #expect(Self.replicas(sim).allSatisfy { r in r.sequenceNumbers.allSatisfy { r.phase($0) == .executed } })
    }

    /// The §4.2 rules one message at a time, with no engine: a backup is
    /// prepared only with 2f matching PREPAREs from different backups, and
    /// PREPAREs from the primary do not count.
    @Test func aBackupIsPreparedOnlyWith2fMatchingPreparesFromBackups() {
        let layout = ClusterLayout(servers: 4, clients: 1)
        var n2 = PBFTProcess(id: NodeID(1), layout: layout, config: PBFTConfig(), durable: nil)
        var ctx = PBFTContext(id: NodeID(1), layout: layout)
        let r = PBFTRequest(client: 4, timestamp: 1, op: "x")
        n2.receive(.prePrepare(view: 0, seq: 1, request: r), from: NodeID(0), &ctx)
        #expect(ctx.sends.map(\.message.kind) == ["Prepare", "Prepare", "Prepare"])
        #expect(n2.replica!.phase(1) == .prePrepared)
        n2.receive(.prepare(view: 0, seq: 1, digest: r.digest), from: NodeID(0), &ctx)  // the primary's: ignored
        n2.receive(.prepare(view: 0, seq: 1, digest: PBFTDigest(text: "y")), from: NodeID(2), &ctx)  // another digest
        #expect(n2.replica!.phase(1) == .prePrepared)
        n2.receive(.prepare(view: 0, seq: 1, digest: r.digest), from: NodeID(3), &ctx)
        #expect(n2.replica!.phase(1) == .prepared)
        n2.receive(.commit(view: 0, seq: 1, digest: r.digest), from: NodeID(3), &ctx)
        #expect(n2.replica!.phase(1) == .prepared, "2 of the 3 commits")
        n2.receive(.commit(view: 0, seq: 1, digest: r.digest), from: NodeID(0), &ctx)
        #expect(n2.replica!.executed == [r])
        // A second pre-prepare for #1 with another request is refused.
        n2.receive(.prePrepare(view: 0, seq: 1, request: PBFTRequest(client: 4, timestamp: 2, op: "z")), from: NodeID(0), &ctx)
        #expect(n2.replica!.slots[1]?.request == r)
    }

    /// With n = 3f + 1 (f = 1 and 2) and f liars of every kind, over many
    /// seeds and networks: no two honest replicas commit different requests
    /// at one sequence number, and no client accepts a result no honest
    /// replica executed. With an honest primary, every request is executed.
    @Test(arguments: 1...40)
    func honestReplicasAgreeWithThreeFPlusOne(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let f = 1 + Int(rng.below(2)), n = 3 * f + 1
        let behaviour = ByzantineBehaviour.allCases[Int(rng.below(3))]
        var liars: Set<Int> = []
        while liars.count < f { liars.insert(Int(rng.below(UInt64(n)))) }
        let list = liars.sorted().map { "n\($0 + 1)" }.joined(separator: ", ")
        let latency = ["{uniform: [1ms, 10ms]}", "{exponential: {mean: 5ms, min: 1ms}}", "{uniform: [1ms, 40ms]}"][Int(rng.below(3))]
        let sim = try Self.run("""
            nodes: \(n)
            clients: 2
            network: {latency: \(latency), reorder: 20%}
            parameters: {byzantine: [\(list)], behaviour: \(behaviour.rawValue)}
            workload: {ops: 3}
            """, seed: seed)
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        #expect(sim.violation == nil, "seed \(seed): \(sim.violation!)")
        if !liars.contains(0) {
            for r in Self.replicas(sim) where !r.isByzantine {
                #expect(r.executed.count == 6, "seed \(seed): n\(r.id + 1) executed \(r.executed)")
            }
        }
    }

    /// The invariant can fail: with n = 3f (3 replicas, f = 1) a primary that
    /// equivocates gets two honest backups to commit different requests at
    /// #1. Every seed tried splits them; the first is printed.
    @Test func aLyingPrimarySplitsHonestReplicasWithThreeF() throws {
        var split: [UInt64] = []
        for seed in UInt64(1)...10 {
            let sim = try Self.run("nodes: 3\nclients: 2\nparameters: {f: 1, byzantine: [n1], behaviour: equivocate}\nworkload: {ops: 1}\n",
                                   seed: seed)
            sim.run(until: VirtualTime(microseconds: 1_000_000))
            if let v = sim.violation {
                #expect(v.invariant == PBFTInvariants.agreementName && v.message.contains("honest n"), "\(v)")
                split.append(seed)
            }
        }
        #expect(split.first == 1, "seeds that split the honest replicas: \(split)")
    }

    /// A backup that votes both ways cannot split them, even with n = 3f:
    /// the honest primary's pre-prepare fixes the request.
    @Test func aLyingBackupCannotSplitThemEvenWithThreeF() throws {
        for seed in UInt64(1)...10 {
            let sim = try Self.run("nodes: 3\nclients: 2\nparameters: {f: 1, byzantine: [n3], behaviour: conflicting-votes}\nworkload: {ops: 2}\n",
                                   seed: seed)
            sim.run(until: VirtualTime(microseconds: 1_000_000))
            #expect(sim.violation == nil, "seed \(seed)")
            #expect(Self.replicas(sim)[1].executed.count == 4, "seed \(seed)")
        }
    }

    /// The client's checker can fail: two liars where f = 1 send the client
    /// f + 1 matching forged replies.
    @Test func moreThanFLiarsFoolTheClient() throws {
        let sim = try Self.run("nodes: 4\nclients: 1\nparameters: {f: 1, byzantine: [n1, n2], behaviour: conflicting-votes}\nworkload: {ops: 1}\n")
        sim.run(until: VirtualTime(microseconds: 1_000_000))
        #expect(sim.violation?.invariant == PBFTInvariants.clientName, "\(String(describing: sim.violation))")
        #expect(sim.violation?.message.contains("forged") == true)
    }

    /// With the checker told not to stop the run, the split is left for a
    /// lab to show: the honest backups' `executed` fields differ.
    @Test func theSplitCanBeWatchedWithoutStopping() throws {
        let sim = try Self.run("nodes: 3\nclients: 2\nparameters: {f: 1, byzantine: [n1], stop_on_disagreement: false}\nworkload: {ops: 1}\n")
        sim.run(until: VirtualTime(microseconds: 1_000_000))
        #expect(sim.violation == nil)
        let fields = [1, 2].map { sim.summary(of: NodeID($0))!.fields.first { $0.name == "executed" }!.value }
        #expect(fields[0] != fields[1] && !fields.contains("-"), "\(fields)")
        #expect(PBFTInvariants.agreement(sim.layout.all.map { sim.node($0) }) != nil)
    }

    @Test(arguments: [
        ("parameters: {byzantine: [n9]}", 1, "'n9' is not a server"),
        ("parameters: {byzantine: [c1]}", 1, "'c1' is not a server"),
        ("parameters: {byzantine: [n1, n1]}", 1, "listed twice"),
        ("parameters: {f: 2}", 1, "0"),
        ("parameters: {behaviour: lie}", 1, "not one of"),
        ("parameters: {byzantine: {n1: 1}}", 1, "list"),
        ("parameters: {byzantine: 'n1,n5'}", 1, "'n5' is not a server"),
    ])
    func badParametersSayWhereAndWhat(text: String, line: Int, message: String) throws {
        #expect(throws: SourceError.self) { try Self.run("nodes: 4\n" + text + "\n") }
        do { _ = try Self.run("nodes: 4\n" + text + "\n") } catch let e as SourceError {
            #expect(e.line == line + 2 && e.message.contains(message), "\(e)")
        }
    }
}

/// The run's checker reads only what changed at each step; these tests tie
/// it to the whole-state invariants and to time travel.
@Suite struct PBFTMonitorTests {
    @Test func stepsBackBeforeTheSplitAndFindsItAgainAtTheSameStep() throws {
        let sim = try PBFTTests.run("nodes: 3\nclients: 2\nparameters: {f: 1, byzantine: [n1]}\nworkload: {ops: 1}\n")
        sim.run(until: VirtualTime(microseconds: 1_000_000))
        let v = try #require(sim.violation)
        #expect(v.invariant == PBFTInvariants.agreementName)
        let at = sim.stepCount
        sim.stepBack(3)
        #expect(sim.violation == nil && sim.stepCount == at - 3)
        #expect(PBFTInvariants.agreement(sim.layout.all.map { sim.node($0) }) == nil, "no split yet")
        sim.run(until: VirtualTime(microseconds: 1_000_000))
        #expect(sim.violation == v)
    }

    /// Many requests: the incremental checker and the whole-state one agree
    /// that nothing is wrong, at every hundredth step.
    @Test func theIncrementalCheckerAgreesWithTheWholeStateOne() throws {
        let sim = try PBFTTests.run("nodes: 4\nclients: 3\nparameters: {byzantine: [n3], behaviour: conflicting-votes}\nworkload: {ops: 40}\n")
        while sim.step() {
            if sim.stepCount % 100 == 0 {
                let nodes = sim.layout.all.map { sim.node($0) }
                #expect(PBFTInvariants.agreement(nodes) == nil && PBFTInvariants.clientAcceptance(nodes) == nil)
            }
        }
        #expect(sim.violation == nil)
        #expect(PBFTTests.clients(sim).map(\.accepted.count) == [40, 40, 40])
    }
}
