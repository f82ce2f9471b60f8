import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The quorum store: the ring, the stale-read checker on written-out
/// histories, and engine runs showing that R + W > N gives no stale reads
/// while R + W ≤ N under a partition does.
@Suite struct QuorumTests {
    static func run(seed: UInt64, servers: Int = 3, clients: Int = 3, r: ConsistencyLevel, w: ConsistencyLevel,
                    stampRead: Bool = true, script: [(time: Int64, action: ClusterAction)] = []) -> Simulation<QuorumProcess> {
        var c = QuorumConfig()
        c.replicationFactor = 3; c.readConsistency = r; c.writeConsistency = w; c.stampRead = stampRead
        c.workload.opsPerClient = 30; c.workload.keys = 2
        let sim = Simulation<QuorumProcess>(layout: ClusterLayout(servers: servers, clients: clients), config: c, seed: seed,
                                            network: LinkSettings(latency: .uniform(min: 1_000, max: 20_000)), script: script)
        _ = sim.run(until: .ms(5_000))
        return sim
    }

    static func oks(_ sim: Simulation<QuorumProcess>) -> Int { sim.trace.history.filter { $0.type == .ok }.count }

    // MARK: The ring

    @Test func fnv1aMatchesItsPublishedTestVectors() {
        #expect(ReplicaRing.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(ReplicaRing.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func aKeysReplicasAreItsOwnerAndTheNextDistinctServersClockwise() {
        let ring = ReplicaRing(servers: 5)
        #expect(ring.tokens.map(\.position) == ring.tokens.map(\.position).sorted())
        for k in 0..<50 {
            let key = "k\(k)", replicas = ring.replicas(for: key, count: 3)
            #expect(Set(replicas).count == 3, "\(key): \(replicas)")
            let token = CassandraToken.token(forKey: key)
            let i = ring.tokens.firstIndex { $0.position >= token } ?? 0
            #expect(replicas[0] == ring.tokens[i].server)
            // Walking on from the owner's virtual node, the next servers not yet met.
            var walk: [NodeID] = []
            for j in 0..<ring.tokens.count where !walk.contains(ring.tokens[(i + j) % ring.tokens.count].server) {
                walk.append(ring.tokens[(i + j) % ring.tokens.count].server)
            }
            #expect(Array(walk.prefix(3)) == replicas)
        }
        #expect(ring.replicas(for: "x", count: 9).count == 5)
        #expect(ReplicaRing(servers: 5) == ring)
    }

    @Test func consistencyLevelsCountReplies() {
        #expect([ConsistencyLevel.one, .quorum, .all].map { $0.required(of: 3) } == [1, 2, 3])
        #expect(ConsistencyLevel.quorum.required(of: 4) == 3)
        #expect(ConsistencyLevel.quorum.required(of: 5) == 3)
    }

    // MARK: The stale-read checker

    static func op(_ p: Int, _ type: HistoryOperation.Kind, _ f: String, _ v: Int64?) -> HistoryOperation {
        HistoryOperation(process: p, type: type, f: f, key: "x", value: v.map { .int($0) } ?? .null)
    }

    @Test func aReadOfAnOverwrittenValueIsStale() {
        let h = [Self.op(0, .invoke, "write", 1), Self.op(0, .ok, "write", 1),
                 Self.op(0, .invoke, "write", 2), Self.op(0, .ok, "write", 2),
                 Self.op(1, .invoke, "read", nil), Self.op(1, .ok, "read", 1)]
        let stale = StaleReadChecker.check(h)
        #expect(stale.count == 1)
        #expect(stale.first?.missed == 2 && stale.first?.read == 1)
    }

    @Test func readingNothingAfterACompletedWriteIsStale() {
        let h = [Self.op(0, .invoke, "write", 1), Self.op(0, .ok, "write", 1),
                 Self.op(1, .invoke, "read", nil), Self.op(1, .ok, "read", nil)]
        #expect(StaleReadChecker.check(h).count == 1)
    }

    @Test func concurrentAndUnfinishedWritesMayBeReadEitherWay() {
        // Write 2 overlaps write 1, so reading 1 after both is not stale.
        let overlapping = [Self.op(0, .invoke, "write", 1), Self.op(2, .invoke, "write", 2), Self.op(2, .ok, "write", 2),
                           Self.op(0, .ok, "write", 1), Self.op(1, .invoke, "read", nil), Self.op(1, .ok, "read", 1)]
        #expect(StaleReadChecker.check(overlapping).isEmpty)
        // A read concurrent with the write may miss it.
        let concurrent = [Self.op(0, .invoke, "write", 1), Self.op(1, .invoke, "read", nil),
                          Self.op(0, .ok, "write", 1), Self.op(1, .ok, "read", nil)]
        #expect(StaleReadChecker.check(concurrent).isEmpty)
        // A write that timed out may land late: reading it is never stale.
        let late = [Self.op(0, .invoke, "write", 1), Self.op(0, .info, "write", 1),
                    Self.op(3, .invoke, "write", 2), Self.op(3, .ok, "write", 2),
                    Self.op(1, .invoke, "read", nil), Self.op(1, .ok, "read", 1)]
        #expect(StaleReadChecker.check(late).isEmpty)
    }

    // MARK: Runs

    @Test(arguments: TestSeeds.sweep(50))
    func quorumReadsAndWritesNeverReadStaleWithoutPartitions(seed: UInt64) {
        let sim = Self.run(seed: seed, r: .quorum, w: .quorum)
        let stale = StaleReadChecker.check(sim.trace.history)
        #expect(stale.isEmpty, "seed \(seed): \(stale.map(\.description).joined(separator: "; "))")
        #expect(Self.oks(sim) == 90, "seed \(seed): \(Self.oks(sim))/90 operations succeeded with no faults")
    }

    @Test(arguments: TestSeeds.sweep(50))
    func readOneWriteAllNeverReadsStaleWithoutPartitions(seed: UInt64) {
        let sim = Self.run(seed: seed, r: .one, w: .all)
        let stale = StaleReadChecker.check(sim.trace.history)
        #expect(stale.isEmpty, "seed \(seed): \(stale.map(\.description).joined(separator: "; "))")
    }

    @Test func oneAndOneUnderAPartitionReadsStaleForSomeSeed() {
        let split: [(time: Int64, action: ClusterAction)] = [(0, .partition([[NodeID(0)], [NodeID(1), NodeID(2)]]))]
        let seeds = TestSeeds.sweep(50)
        let found = seeds.first { !StaleReadChecker.check(Self.run(seed: $0, r: .one, w: .one, script: split).trace.history).isEmpty }
        #expect(found != nil, "R = W = 1 of N = 3 under a partition read nothing stale in seeds \(seeds.first!)…\(seeds.last!)")
    }

    @Test func withoutTheStampReadAWriteIsStampedFromTheCoordinatorsClockAtOnce() {
        var config = QuorumConfig()
        config.stampRead = false
        var server = QuorumServer(id: NodeID(0), serverCount: 3, config: config)
        var context = QuorumContext(id: NodeID(0), layout: ClusterLayout(servers: 3, clients: 1))
        server.receive(.clientWrite(request: 1, key: "k", value: 7), from: NodeID(3), &context)
        #expect(context.sends.map(\.message.kind) == ["ReplicaWrite", "ReplicaWrite"])
        #expect(server.storage.peek("k").first?.stamp == LamportStamp(clock: 1, node: 0))
    }

    @Test(arguments: TestSeeds.sweep(20))
    func quorumUnderAPartitionStaysFreshAndTheMinoritySideFails(seed: UInt64) {
        let split: [(time: Int64, action: ClusterAction)] = [(0, .partition([[NodeID(0)], [NodeID(1), NodeID(2)]]))]
        let sim = Self.run(seed: seed, r: .quorum, w: .quorum, script: split)
        let stale = StaleReadChecker.check(sim.trace.history)
        #expect(stale.isEmpty, "seed \(seed): \(stale.map(\.description).joined(separator: "; "))")
        #expect(sim.trace.history.contains { $0.type == .fail || $0.type == .info },
                "seed \(seed): n1 alone cannot reach a quorum, so some request through it must fail")
    }

    @Test func aReadRepairsAContactedReplicaThatMissedAWrite() {
        // n3 misses c1's write through n1 at QUORUM; a later read coordinated by n3 asks n3 and one more, and repairs n3.
        let layout = ClusterLayout(servers: 3, clients: 1), client = NodeID(3)
        var server = QuorumServer(id: NodeID(0), serverCount: 3, config: QuorumConfig())
        var context = QuorumContext(id: NodeID(0), layout: layout)
        server.receive(.clientWrite(request: 1, key: "k", value: 7), from: client, &context)
        #expect(context.sends.filter { if case .replicaRead = $0.message { return true } else { return false } }.count == 2,
                "a write first reads the key's stamps from every replica")
        // Drive the coordinator by hand: n2 answers, n3 never does.
        context = QuorumContext(id: NodeID(0), layout: layout)
        server.receive(.replicaReadReply(op: 1, []), from: NodeID(1), &context)
        guard case .replicaWrite(_, _, let write)? = context.sends.first(where: { $0.to == NodeID(1) })?.message else {
            Issue.record("expected a ReplicaWrite to n2: \(context.sends.map(\.message))"); return
        }
        #expect(server.storage.peek("k") == [write])
        context = QuorumContext(id: NodeID(0), layout: layout)
        server.receive(.replicaWriteAck(op: 1), from: NodeID(1), &context)
        #expect(context.sends.contains { $0.to == client && $0.message == .clientReply(request: 1, .written) })
        // The same read coordinated by n3: it asks itself and one other replica, and repairs itself.
        var n3 = QuorumServer(id: NodeID(2), serverCount: 3, config: QuorumConfig())
        context = QuorumContext(id: NodeID(2), layout: layout)
        n3.receive(.clientRead(request: 2, key: "k"), from: client, &context)
        let asked = context.sends.filter { $0.message.kind == "ReplicaRead" }.map(\.to)
        #expect(asked.count == 1, "QUORUM of 3 is n3 itself and one more: \(asked)")
        n3.receive(.replicaReadReply(op: 1, [write]), from: asked[0], &context)  // n1 and n2 both hold it
        #expect(context.sends.contains { $0.to == client && $0.message == .clientReply(request: 2, .value(7)) })
        #expect(n3.storage.peek("k") == [write] && n3.readRepairs == 1)
        #expect(!context.sends.contains { $0.message.kind == "Repair" }, "the other replica was up to date")
    }

    @Test func theCatalogReadsQuorumParametersStrictly() throws {
        let text = "protocol: quorum\nnodes: 5\nclients: 2\nparameters: {replication_factor: 3, read_consistency: one, write_consistency: all}\nworkload: {ops: 5}\n"
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: text)))
        _ = run.run(until: { false }, limit: .ms(3_000))
        #expect(ProtocolCatalog.definition(named: "quorum")?.finalCheck?(run) == nil)
        #expect(run.trace.history.filter { $0.type == .ok }.count == 10)
        for bad in ["parameters: {read_consistency: most}", "parameters: {replication_factor: 6}", "workload: {reads: 1}"] {
            let s = try ProtocolCatalog.scenario(SourceText(name: "t", text: "protocol: quorum\nnodes: 5\n\(bad)\n"))
            #expect(throws: SourceError.self, "\(bad) should be refused") { try ProtocolCatalog.makeRun(s) }
        }
    }
}
