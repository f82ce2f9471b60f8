import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Read repair as in Cassandra 4.0: a read asks only the replicas its level
/// needs and repairs only those, before it answers; the background
/// all-replica repair exists only as `read_repair_chance`.
/// https://cassandra.apache.org/doc/latest/cassandra/managing/operating/read_repair.html
@Suite struct QuorumReadRepairTests {
    typealias Bench = QuorumReplicationTests.Bench

    /// Five servers, N = 5. `k` = 1 everywhere, then `k` = 2 written at ONE
    /// while n2…n5 are down: only n1 holds the latest value.
    static func oneFreshReplica(_ config: QuorumConfig = QuorumConfig()) -> Bench {
        var config = config
        config.replicationFactor = 5
        config.stampRead = false  // a write's stamp read would wait for R replies
        var b = Bench(servers: 5, config: config)
        _ = b.command("write k 1 all", at: 0)
        b.down = Set((1..<5).map(NodeID.init))
        _ = b.command("write k 2 one", at: 0)
        b.down = []
        b.delivered = []
        return b
    }

    static func holders(_ b: Bench, of value: Int64) -> [Int] {
        b.servers.indices.filter { b.servers[$0].storage.peek("k").compactMap(\.value) == [value] }
    }

    @Test func theSetUpLeavesOneFreshReplica() {
        let b = Self.oneFreshReplica()
        #expect(Self.holders(b, of: 2) == [0] && Self.holders(b, of: 1) == [1, 2, 3, 4])
    }

    @Test func aReadAtOneRepairsNoOtherReplica() {
        for coordinator in 0..<5 {
            var b = Self.oneFreshReplica()
            _ = b.command("read k one", at: coordinator)
            let asked = b.delivered.filter { $0.message.kind == "ReplicaRead" }
            #expect(asked.isEmpty, "n\(coordinator + 1) at ONE answers from its own copy alone: \(asked.map(\.to))")
            #expect(!b.delivered.contains { $0.message.kind == "Repair" })
            #expect(Self.holders(b, of: 2) == [0], "n\(coordinator + 1): no replica was repaired")
            #expect(b.servers.allSatisfy { $0.readRepairs == 0 })
        }
    }

    @Test func aReadAtQuorumRepairsExactlyTheStaleReplicasItContacted() {
        var b = Self.oneFreshReplica()
        let lines = b.command("read k quorum", at: 0)
        let asked = Set(b.delivered.filter { $0.message.kind == "ReplicaRead" }.map(\.to.index))
        #expect(asked.count == 2, "QUORUM of 5 is n1 itself and two more")
        let repaired = Set(b.delivered.filter { $0.message.kind == "Repair" }.map(\.to.index))
        #expect(repaired == asked, "the contacted replicas are repaired, and only they: \(lines)")
        #expect(Set(Self.holders(b, of: 2)) == asked.union([0]))
        #expect(Self.holders(b, of: 1).count == 2, "the two replicas the read did not ask stay stale")
        #expect(b.servers.map(\.readRepairs).reduce(0, +) == 2)
    }

    @Test func theAnswerWaitsForTheRepairsToBeAcknowledged() {
        var b = Self.oneFreshReplica()
        b.request(.clientRead(request: 7, key: "k", level: .all), to: 0)
        #expect(b.replies[7] == .value(2))
        let order = b.delivered.map(\.message.kind)
        let lastAck = order.lastIndex(of: "RepairAck"), reply = order.firstIndex(of: "Reply")
        #expect(lastAck != nil && reply != nil && lastAck! < reply!, "blocking read repair: \(order)")
        #expect(Self.holders(b, of: 2) == [0, 1, 2, 3, 4])
    }

    @Test func readRepairChanceRepairsEveryReplicaInTheBackground() {
        var config = QuorumConfig()
        config.readRepairChance = 1
        var b = Self.oneFreshReplica(config)
        _ = b.command("read k one", at: 0)
        #expect(Self.holders(b, of: 2) == [0, 1, 2, 3, 4], "with read_repair_chance 1 a read at ONE asks and repairs all")
    }

    @Test func aSilentContactedReplicaGetsASpeculativeRetry() {
        var config = QuorumConfig()
        config.replicationFactor = 3
        var b = Bench(servers: 3, config: config)
        _ = b.command("write k 1 all", at: 0)
        // n1 at QUORUM asks itself and one more; that one is down.
        b.delivered = []
        var probe = b
        _ = probe.command("read k", at: 0)
        let first = probe.delivered.first { $0.message.kind == "ReplicaRead" }!.to
        b.down = [first]
        let lines = b.command("read k", at: 0)
        #expect(b.replies.isEmpty && b.servers[0].coordinating.count == 1, "waiting for \(first): \(lines)")
        let op = b.servers[0].coordinating.keys.first!
        b.fire(.speculativeRetry(op), at: 0)
        let retried = b.delivered.filter { $0.message.kind == "ReplicaRead" }.map(\.to)
        #expect(retried.count == 1 && retried[0] != first, "the retry asks the replica not yet asked")
        #expect(b.servers[0].coordinating[op]?.answered == true)
    }

    @Test func aClientsConsistencyCommandTravelsWithItsRequests() {
        var process = QuorumProcess(id: NodeID(3), layout: ClusterLayout(servers: 3, clients: 1),
                                    config: QuorumConfig(), durable: nil)
        var context = QuorumContext(id: NodeID(3), layout: ClusterLayout(servers: 3, clients: 1))
        process.command("consistency write one", &context)
        process.command("consistency read all", &context)
        process.start(&context)
        let levels = context.sends.compactMap { s -> ConsistencyLevel?? in
            switch s.message {
            case .clientRead(_, _, let l): return .some(l)
            case .clientWrite(_, _, _, let l), .clientUpdate(_, _, _, _, let l): return .some(l)
            default: return nil
            }
        }
        #expect(levels.count == 1 && (levels[0] == .all || levels[0] == .one))
        #expect(process.client?.readLevel == .all && process.client?.writeLevel == .one)
        process.command("consistency often", &context)
        #expect(context.logLines.last?.contains("ignores") == true)
    }

    @Test func aServersConsistencyCommandChangesItsLevelsLive() {
        var b = Bench(servers: 3, config: QuorumConfig())
        _ = b.command("consistency write all", at: 1)
        #expect(b.servers[1].writeConsistency == .all && b.servers[1].readConsistency == .quorum)
        b.down = [NodeID(2)]
        _ = b.command("write k 5", at: 1)
        #expect(b.servers[1].coordinating.values.map(\.answered) == [false], "at ALL with n3 down the write cannot complete")
        #expect((b.servers[1].lastCommand, b.servers[1].lastOutcome) == ("write k at all", "pending"))
        b.fire(.operation(b.servers[1].coordinating.keys.first!), at: 1)
        #expect(b.servers[1].lastOutcome == "unavailable" && b.servers[1].refused == 0, "a command is not a client's request")
        _ = b.command("write k 6", at: 0)
        #expect(b.servers[0].coordinating.values.map(\.answered) == [true], "n1 still writes at QUORUM")
    }
}
