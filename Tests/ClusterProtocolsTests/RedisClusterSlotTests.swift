import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Keys go to the master that serves their slot: the initial split, hash
/// tags, MOVED from a node that does not serve the slot, replicas
/// redirecting to their master, and a fault-free run with no redirects.
@Suite struct RedisClusterSlotTests {
    static let layout = ClusterLayout(servers: 6, clients: 1)
    static let client = NodeID(6)

    static func server(_ n: Int) -> RedisServer { RedisServer(id: NodeID(n - 1), layout: layout, config: RedisClusterConfig()) }
    static func context(_ n: Int) -> RedisContext { RedisContext(id: NodeID(n - 1), layout: layout) }

    /// Sends `command` to server `n` and returns what it sent back to the client.
    static func ask(_ server: inout RedisServer, _ command: RedisCommand, asking: Bool = false) -> [RedisMessage] {
        var c = RedisContext(id: server.id, layout: layout)
        server.receive(.command(request: 1, command, asking: asking), from: client, &c)
        return c.sends.filter { $0.to == client }.map(\.message)
    }

    @Test func threeMastersSplitTheSlotsAsRedisCliCreateDoes() {
        #expect([1, 2, 3].map { Self.server($0).ownSlots.description } == ["0-5460", "5461-10922", "10923-16383"])
        #expect([4, 5, 6].map { Self.server($0).ownSlots.isEmpty } == [true, true, true])
        #expect(Self.server(4).master == NodeID(0) && Self.server(6).master == NodeID(2))
    }

    @Test func aKeyIsServedByItsSlotsMasterAndMovedElsewhere() {
        // CLUSTER KEYSLOT foo = 12182 (redis.io), served by n3.
        #expect(RedisHashSlot.slot(forKey: "foo") == 12182)
        var n1 = Self.server(1), n3 = Self.server(3)
        #expect(Self.ask(&n1, .set("foo", 7)) == [.moved(request: 1, slot: 12182, to: NodeID(2))])
        #expect(n1.store["foo"] == nil)
        #expect(Self.ask(&n3, .set("foo", 7)) == [.reply(request: 1, value: 7, written: true)])
        #expect(Self.ask(&n3, .get("foo")) == [.reply(request: 1, value: 7, written: false)])
    }

    @Test func keysSharingAHashTagShareASlotAndANode() {
        // The lab's numbers: CRC16("user1000") = 19827 = 0x4D73, and 19827 mod 16384 = 3443.
        #expect(RedisHashSlot.crc16(bytes: Array("user1000".utf8)) == 0x4D73)
        let slot = RedisHashSlot.slot(forKey: "{user1000}.following")
        #expect(slot == 3443 && RedisHashSlot.slot(forKey: "{user1000}.followers") == 3443)
        #expect(RedisHashSlot.slot(forKey: "user1000.following") == 8697, "without braces the whole key is hashed")
        var n1 = Self.server(1), n2 = Self.server(2)
        #expect(Self.ask(&n1, .set("{user1000}.following", 1)) == [.reply(request: 1, value: 1, written: true)])
        #expect(Self.ask(&n1, .set("{user1000}.followers", 2)) == [.reply(request: 1, value: 2, written: true)])
        #expect(Self.ask(&n2, .get("{user1000}.followers")) == [.moved(request: 1, slot: 3443, to: NodeID(0))])
        #expect(Self.ask(&n2, .set("user1000.following", 3)) == [.reply(request: 1, value: 3, written: true)])
    }

    @Test func aReplicaRedirectsToTheMasterOfTheSlot() {
        var n4 = Self.server(4)
        #expect(Self.ask(&n4, .get("hello")) == [.moved(request: 1, slot: 866, to: NodeID(0))])
        #expect(Self.ask(&n4, .get("foo")) == [.moved(request: 1, slot: 12182, to: NodeID(2))])
    }

    @Test func aMasterAcknowledgesAWriteBeforeItsReplicasHaveIt() {
        var n1 = Self.server(1)
        var c = Self.context(1)
        n1.receive(.command(request: 1, .set("hello", 5), asking: false), from: Self.client, &c)
        #expect(c.sends.map(\.message.kind) == ["Reply"], "the reply goes out; nothing to the replica yet")
        #expect(c.timersSet.map(\.tag) == [.replicate])
        var later = Self.context(1)
        n1.timerFired(.replicate, &later)
        #expect(later.sends.map(\.to) == [NodeID(3)])
        #expect(later.sends.first?.message == .replicate(offset: 0, [.set("hello", 5)]))
    }

    @Test(arguments: TestSeeds.sweep(5))
    func withoutFaultsOrReshardingClientsNeedNoRedirects(seed: UInt64) {
        let sim = RedisRuns.run(seed: seed, config: RedisRuns.config(ops: 100), until: 3_000_000)
        let clients = RedisRuns.clients(sim)
        #expect(clients.allSatisfy { $0.isDone }, "seed \(seed): \(clients.map(\.completed))")
        #expect(RedisRuns.count(sim, kind: "MOVED") == 0 && RedisRuns.count(sim, kind: "ASK") == 0, "seed \(seed)")
        #expect(RedisRuns.history(sim, .ok).count == 300, "seed \(seed)")
        // Every key lives on the master of its slot and on that master's replica.
        for n in 1...3 {
            let s = RedisRuns.server(sim, n)!
            for key in s.store.keys { #expect(s.ownSlots.contains(RedisHashSlot.slot(forKey: key)), "seed \(seed): \(key) on n\(n)") }
            #expect(RedisRuns.server(sim, n + 3)!.store == s.store, "seed \(seed): n\(n + 3) caught up with n\(n)")
        }
        #expect(LostWriteChecker.check(sim).isEmpty, "seed \(seed)")
    }

    @Test func aScenarioWhoseNodesDoNotMatchMastersAndReplicasIsRejectedWithItsLocation() throws {
        let text = "protocol: redis\nnodes: 6\nparameters: {masters: 2}\n"
        let scenario = try ProtocolCatalog.scenario(SourceText(name: "bad.yaml", text: text))
        #expect(throws: SourceError.self) { try ProtocolCatalog.makeRun(scenario) }
        do { _ = try ProtocolCatalog.makeRun(scenario) } catch let e as SourceError {
            #expect(e.line == 3 && e.message.contains("2 masters × (1 + 1 replicas) = 4 servers"), "\(e)")
        }
        let unknown = try ProtocolCatalog.scenario(SourceText(name: "bad.yaml", text: "protocol: redis\nnodes: 6\nparameters: {master: 3}\n"))
        #expect(throws: SourceError.self) { try ProtocolCatalog.makeRun(unknown) }
        let ok = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "ok.yaml",
            text: "protocol: redis\nnodes: 8\nparameters: {masters: 4}\n")))
        let roles = (ok.summary(of: NodeID(3))?.role, ok.summary(of: NodeID(4))?.role)
        #expect(roles.0 == "master" && roles.1 == "replica")
    }
}
