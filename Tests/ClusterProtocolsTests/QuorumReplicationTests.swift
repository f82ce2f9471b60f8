import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// How replicas converge: hinted handoff after a restart, tombstones and
/// their grace period, vector versions with siblings, anti-entropy.
@Suite struct QuorumReplicationTests {
    /// Servers n1…nS and one client, messages delivered at once, in order; no timers.
    struct Bench {
        var servers: [QuorumServer]
        let layout: ClusterLayout
        var replies: [Int: QuorumOutcome] = [:]
        /// Servers that are down: messages to them are lost.
        var down: Set<NodeID> = []
        /// Every message delivered, in order (client replies included).
        var delivered: [(from: NodeID, to: NodeID, message: QuorumMessage)] = []
        var client: NodeID { NodeID(layout.serverCount) }

        init(servers: Int, config: QuorumConfig) {
            layout = ClusterLayout(servers: servers, clients: 1)
            self.servers = (0..<servers).map { QuorumServer(id: NodeID($0), serverCount: servers, config: config) }
        }

        /// Sends `message` from the client to server `to` and delivers everything that follows.
        mutating func request(_ message: QuorumMessage, to: Int) {
            deliver([(client, NodeID(to), message)])
        }

        /// Fires a timer on server `at` and delivers what follows.
        mutating func fire(_ tag: QuorumTimer, at: Int) {
            var context = QuorumContext(id: NodeID(at), layout: layout)
            servers[at].timerFired(tag, &context)
            deliver(context.sends.map { (NodeID(at), $0.to, $0.message) })
        }

        /// Types a command at server `at` (`read k0`) and delivers what follows.
        mutating func command(_ text: String, at: Int) -> [String] {
            var context = QuorumContext(id: NodeID(at), layout: layout)
            servers[at].command(text, &context)
            deliver(context.sends.map { (NodeID(at), $0.to, $0.message) })
            return context.logLines
        }

        mutating func deliver(_ first: [(from: NodeID, to: NodeID, message: QuorumMessage)]) {
            var queue = first
            while !queue.isEmpty {
                let m = queue.removeFirst()
                if down.contains(m.to) { continue }
                delivered.append(m)
                if m.to == client {
                    if case .clientReply(let r, let o) = m.message { replies[r] = o }
                    continue
                }
                var context = QuorumContext(id: m.to, layout: layout)
                servers[m.to.index].receive(m.message, from: m.from, &context)
                queue += context.sends.map { (m.to, $0.to, $0.message) }
            }
        }
    }

    static func v(_ value: Int64?, _ clock: Int64) -> Version { Version(value, stamp: LamportStamp(clock: clock, node: 1)) }

    // MARK: Vector versions

    @Test func vectorVersioningReturnsBothConcurrentWritesAndOneAfterAWriteWithContext() {
        var config = QuorumConfig()
        config.versioning = .vector; config.stampRead = false
        var b = Bench(servers: 3, config: config)
        b.request(.clientWrite(request: 1, key: "k", value: 1), to: 0)   // through n1, no context
        b.request(.clientWrite(request: 2, key: "k", value: 2), to: 1)   // through n2, no context: concurrent
        b.request(.clientRead(request: 3, key: "k"), to: 2)
        guard case .siblings(let values, let context)? = b.replies[3] else { Issue.record("\(b.replies)"); return }
        #expect(values.sorted() == [1, 2], "both concurrent writes survive as siblings")
        #expect(b.replies[3]?.description == "1|2")
        b.request(.clientUpdate(request: 4, key: "k", value: 3, context: context), to: 2)
        b.request(.clientRead(request: 5, key: "k"), to: 0)
        guard case .siblings(let after, _)? = b.replies[5] else { Issue.record("\(b.replies)"); return }
        #expect(after == [3], "a write carrying the read's context supersedes both siblings")
        #expect(b.servers.allSatisfy { $0.storage.peek("k").count == 1 })
    }

    @Test func aBlindWriteThroughTheSameCoordinatorIsASiblingNotAnOverwrite() {
        // With one counter per coordinator, n2's second write would carry n2:2 and look newer than
        // n2:1 although its client never saw it; dots keep it concurrent.
        var config = QuorumConfig()
        config.versioning = .vector; config.stampRead = false
        var b = Bench(servers: 3, config: config)
        b.request(.clientWrite(request: 1, key: "k", value: 1), to: 1)
        b.request(.clientWrite(request: 2, key: "k", value: 2), to: 1)
        b.request(.clientRead(request: 3, key: "k"), to: 0)
        guard case .siblings(let values, _)? = b.replies[3] else { Issue.record("\(b.replies)"); return }
        #expect(values.sorted() == [1, 2])
    }

    @Test func theResolveCommandSupersedesEverySiblingAPlainWriteDoesNot() {
        var config = QuorumConfig()
        config.versioning = .vector
        var b = Bench(servers: 3, config: config)
        _ = b.command("write k 1", at: 0)
        _ = b.command("write k 2", at: 1)
        #expect(b.servers[2].storage.peek("k").count == 2)
        _ = b.command("write k 3", at: 2)
        #expect(b.servers[0].storage.peek("k").compactMap(\.value).sorted() == [1, 2, 3], "a write without context is one more sibling")
        _ = b.command("resolve k 9", at: 1)
        #expect(b.servers.allSatisfy { $0.storage.peek("k").compactMap(\.value) == [9] })
        _ = b.command("delete k", at: 0)
        #expect(b.servers.allSatisfy { $0.storage.peek("k").allSatisfy(\.isTombstone) })
        #expect(b.command("frobnicate k", at: 0).contains { $0.contains("read KEY [LEVEL] | write KEY VALUE [LEVEL]") })
    }

    @Test func lastWriteWinsKeepsOnlyOneOfTwoConcurrentWrites() {
        var config = QuorumConfig()
        config.stampRead = false
        var b = Bench(servers: 3, config: config)
        b.request(.clientWrite(request: 1, key: "k", value: 1), to: 0)
        b.request(.clientWrite(request: 2, key: "k", value: 2), to: 1)
        b.request(.clientRead(request: 3, key: "k"), to: 2)
        guard case .value(let v)? = b.replies[3] else { Issue.record("\(b.replies)"); return }
        #expect(v == 1 || v == 2)
        #expect(b.servers.allSatisfy { $0.storage.peek("k").count == 1 }, "one write is silently lost")
    }

    // MARK: Tombstones

    @Test func aTombstoneBeatsAnOlderWriteAndIsForgottenAfterGCGrace() {
        var config = QuorumConfig()
        config.gcGrace = 3_000_000
        var server = QuorumServer(id: NodeID(0), serverCount: 1, config: config)
        var context = QuorumContext(id: NodeID(0), layout: ClusterLayout(servers: 1, clients: 1))
        server.receive(.replicaWrite(op: 1, key: "k", Self.v(7, 5)), from: NodeID(0), &context)
        server.receive(.replicaWrite(op: 2, key: "k", Self.v(nil, 6)), from: NodeID(0), &context)
        server.receive(.replicaWrite(op: 3, key: "k", Self.v(8, 4)), from: NodeID(0), &context)  // older, late
        #expect(server.storage.peek("k") == [Self.v(nil, 6)], "the delete wins over the older write")
        #expect(context.timersSet.contains { $0.tag == .tombstoneExpiry("k") && $0.delay == 3_000_000 })
        // Read through the server: nothing.
        context = QuorumContext(id: NodeID(0), layout: ClusterLayout(servers: 1, clients: 1))
        server.receive(.clientRead(request: 1, key: "k"), from: NodeID(1), &context)
        #expect(context.sends.contains { $0.message == .clientReply(request: 1, .value(nil)) })
        server.timerFired(.tombstoneExpiry("k"), &context)
        #expect(server.storage.peek("k").isEmpty, "after gc_grace the tombstone is purged")
        #expect(server.storage.allRows().isEmpty)
    }

    @Test func aNewerWriteAfterADeleteIsNotCollected() {
        var server = QuorumServer(id: NodeID(0), serverCount: 1, config: QuorumConfig())
        var context = QuorumContext(id: NodeID(0), layout: ClusterLayout(servers: 1, clients: 1))
        server.receive(.replicaWrite(op: 1, key: "k", Self.v(nil, 6)), from: NodeID(0), &context)
        server.receive(.replicaWrite(op: 2, key: "k", Self.v(9, 7)), from: NodeID(0), &context)
        server.timerFired(.tombstoneExpiry("k"), &context)
        #expect(server.storage.peek("k") == [Self.v(9, 7)])
    }

    @Test func deletesThroughTheWorkloadLeaveNoStaleReadsAtQuorum() {
        var c = QuorumConfig()
        c.workload.opsPerClient = 30; c.workload.keys = 2; c.workload.deleteWeight = 1
        for seed in TestSeeds.sweep(10) {
            let sim = Simulation<QuorumProcess>(layout: ClusterLayout(servers: 3, clients: 3), config: c, seed: seed,
                                                network: LinkSettings(latency: .uniform(min: 1_000, max: 20_000)))
            _ = sim.run(until: .ms(5_000))
            #expect(sim.trace.history.contains { $0.f == "delete" && $0.type == .ok }, "seed \(seed)")
            let stale = StaleReadChecker.check(sim.trace.history)
            #expect(stale.isEmpty, "seed \(seed): \(stale.map(\.description).joined(separator: "; "))")
        }
    }

    @Test func theCheckerFlagsAValueReadAfterACompletedDelete() {
        let h = [HistoryOperation(process: 0, type: .invoke, f: "write", key: "x", value: .int(1)),
                 HistoryOperation(process: 0, type: .ok, f: "write", key: "x", value: .int(1)),
                 HistoryOperation(process: 0, type: .invoke, f: "delete", key: "x", value: .null),
                 HistoryOperation(process: 0, type: .ok, f: "delete", key: "x", value: .null),
                 HistoryOperation(process: 1, type: .invoke, f: "read", key: "x", value: .null),
                 HistoryOperation(process: 1, type: .ok, f: "read", key: "x", value: .int(1))]
        #expect(StaleReadChecker.check(h).count == 1)
        #expect(StaleReadChecker.check(h).first?.missedDelete == true)
        var fresh = h
        fresh[5] = HistoryOperation(process: 1, type: .ok, f: "read", key: "x", value: .null)
        #expect(StaleReadChecker.check(fresh).isEmpty, "reading nothing after the delete is fresh")
    }

    // MARK: Hinted handoff and anti-entropy

    /// Three servers, N = 3, writes only at ONE; n3 is down from the start to 4 s (the clients are done by
    /// then: a request through n3 times out after 500 ms), then up; the run ends at 5 s.
    static func missedWrites(seed: UInt64, handoff: Bool, antiEntropy: Int64? = nil) -> Simulation<QuorumProcess> {
        var c = QuorumConfig()
        c.writeConsistency = .one; c.readConsistency = .one
        c.hintedHandoff = handoff; c.antiEntropyInterval = antiEntropy
        c.workload.opsPerClient = 6; c.workload.keys = 3; c.workload.readWeight = 0
        let script: [(time: Int64, action: ClusterAction)] = [(0, .crash(NodeID(2))), (4_000_000, .restart(NodeID(2)))]
        let sim = Simulation<QuorumProcess>(layout: ClusterLayout(servers: 3, clients: 2), config: c, seed: seed,
                                            network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000)), script: script)
        _ = sim.run(until: .ms(5_000))
        return sim
    }

    /// What n3 answers a read at ONE that it coordinates alone (it is a replica: it answers from its own storage).
    static func readAtOne(from sim: Simulation<QuorumProcess>, key: String) -> QuorumOutcome? {
        guard var n3 = sim.node(NodeID(2))?.server else { return nil }
        var context = QuorumContext(id: NodeID(2), layout: ClusterLayout(servers: 3, clients: 2))
        n3.receive(.clientRead(request: 99, key: key), from: NodeID(3), &context)
        return context.sends.compactMap { if case .clientReply(99, let o) = $0.message { return o } else { return nil } }.first
    }

    @Test(arguments: TestSeeds.sweep(5))
    func hintedHandoffDeliversHintsAfterTheReplicaRestarts(seed: UInt64) {
        let sim = Self.missedWrites(seed: seed, handoff: true)
        let n1 = sim.node(NodeID(0))!.server!
        let written = n1.storage.allRows().keys.sorted()
        #expect(!written.isEmpty, "seed \(seed)")
        for key in written {
            let latest = n1.storage.peek(key).first?.value
            #expect(Self.readAtOne(from: sim, key: key) == .value(latest), "seed \(seed): n3 reads \(key) fresh at ONE")
        }
        #expect((0..<2).allSatisfy { sim.node(NodeID($0))!.server!.hints.isEmpty }, "seed \(seed): every hint was handed off")
        #expect(sim.node(NodeID(0))!.server!.hintsDelivered + sim.node(NodeID(1))!.server!.hintsDelivered > 0)
        // Without handoff (and no reads, no anti-entropy) n3 stays behind.
        let without = Self.missedWrites(seed: seed, handoff: false)
        #expect(written.allSatisfy { Self.readAtOne(from: without, key: $0) == .value(nil) },
                "seed \(seed): without hints n3 missed the writes of its downtime")
    }

    @Test(arguments: TestSeeds.sweep(5))
    func antiEntropyBringsARestartedReplicaUpToDateWithoutReads(seed: UInt64) {
        let sim = Self.missedWrites(seed: seed, handoff: false, antiEntropy: 200_000)
        #expect(!sim.node(NodeID(0))!.server!.storage.allRows().isEmpty, "seed \(seed)")
        let n1 = sim.node(NodeID(0))!.server!, n3 = sim.node(NodeID(2))!.server!
        #expect(n3.storage.allRows() == n1.storage.allRows(), "seed \(seed): n3 caught up by Merkle exchanges")
        #expect(n1.rowsRepaired + n3.rowsRepaired + sim.node(NodeID(1))!.server!.rowsRepaired > 0)
    }

    @Test func aSloppyQuorumWritesToAFallbackWhileAReplicaIsDown() {
        var config = QuorumConfig()
        config.hintedHandoff = true; config.stampRead = false; config.writeConsistency = .all
        var b = Bench(servers: 4, config: config)
        let key = "k0"
        let ring = ReplicaRing(servers: 4)
        let replicas = ring.replicas(for: key, count: 3), fallback = ring.replicas(for: key, count: 4)[3]
        let down = replicas[2], coordinator = replicas[0].index
        b.down = [down]
        b.request(.clientWrite(request: 1, key: key, value: 5), to: coordinator)
        #expect(b.replies[1] == nil, "W = ALL waits for the down replica")
        b.fire(.operation(1), at: coordinator)
        #expect(b.replies[1] == .unavailable)
        #expect(b.servers[coordinator].suspected == [down])
        #expect(b.servers[coordinator].hints.map(\.target) == [down], "the coordinator keeps the missed write as a hint")
        // The next write goes to the fallback instead, which holds it apart from its own data.
        b.request(.clientWrite(request: 2, key: key, value: 6), to: coordinator)
        #expect(b.replies[2] == .written, "W = ALL is met with the fallback's acknowledgement (a sloppy quorum)")
        #expect(b.servers[fallback.index].hints.map(\.target) == [down])
        #expect(b.servers[fallback.index].storage.peek(key).isEmpty)
        // The replica comes back: handoff delivers both writes and clears the hints.
        b.down = []
        b.fire(.handoff, at: coordinator)
        b.fire(.handoff, at: fallback.index)
        #expect(b.servers[down.index].storage.peek(key).first?.value == 6)
        #expect(b.servers[coordinator].hints.isEmpty && b.servers[fallback.index].hints.isEmpty)
        #expect(b.servers[coordinator].suspected.isEmpty, "hearing from the replica clears the suspicion")
    }
}
