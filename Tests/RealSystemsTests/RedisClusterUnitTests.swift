import Foundation
import Testing
import ClusterSim
import ClusterProtocols
@testable import RealSystems

/// A connected socket pair: what one end writes, a `TCPConnection` on the other reads.
private func pipePair() -> (Int32, TCPConnection) {
    var fds: [Int32] = [-1, -1]
    _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
    // TCPConnection.connect sets the read timeout; a socket made here needs it set by hand.
    var tv = timeval(tv_sec: 0, tv_usec: 500_000)
    _ = setsockopt(fds[1], SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    return (fds[0], TCPConnection(connected: fds[1], timeoutMs: 500))
}

@Suite struct RESPTests {
    @Test func aCommandIsAnArrayOfBulkStrings() {
        #expect(String(decoding: RESPValue.command(["SET", "key:1", "42"]), as: UTF8.self)
                == "*3\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$2\r\n42\r\n")
    }

    @Test func everyRESP2ReplyTypeIsRead() throws {
        let (writer, connection) = pipePair()
        defer { close(writer) }
        let wire = "+OK\r\n-MOVED 3999 127.0.0.1:6381\r\n:1000\r\n$5\r\nhe\r\no\r\n$-1\r\n*2\r\n$1\r\na\r\n:7\r\n*-1\r\n*0\r\n"
        _ = Array(wire.utf8).withUnsafeBytes { send(writer, $0.baseAddress, $0.count, 0) }
        #expect(try RESPValue.read(from: connection) == .simple("OK"))
        #expect(try RESPValue.read(from: connection) == .error("MOVED 3999 127.0.0.1:6381"))
        #expect(try RESPValue.read(from: connection) == .integer(1000))
        // A bulk string is read by its length: a CR LF inside it is data.
        #expect(try RESPValue.read(from: connection) == .bulk(Array("he\r\no".utf8)))
        #expect(try RESPValue.read(from: connection) == .bulk(nil))
        #expect(try RESPValue.read(from: connection) == .array([.bulk(Array("a".utf8)), .integer(7)]))
        #expect(try RESPValue.read(from: connection) == .array(nil))
        #expect(try RESPValue.read(from: connection) == .array([]))
    }

    @Test func aReplyThatIsNotRESPIsAReadableError() throws {
        let (writer, connection) = pipePair()
        defer { close(writer) }
        _ = Array("HTTP/1.1 400\r\n".utf8).withUnsafeBytes { send(writer, $0.baseAddress, $0.count, 0) }
        #expect(throws: RESPProtocolError.self) { try RESPValue.read(from: connection) }
    }

    @Test func silenceIsATimeoutNotAHang() {
        let (writer, connection) = pipePair()
        defer { close(writer) }
        #expect(throws: TCPConnection.Failure.self) { try RESPValue.read(from: connection) }
    }
}

/// Key slots as the Redis Cluster spec defines them
/// (https://redis.io/docs/reference/cluster-spec/, "Key distribution model", "Hash tags").
@Suite struct RedisKeySlotTests {
    @Test func crc16IsXMODEMAsInTheSpec() {
        // The spec's reference: the output of CRC16 for "123456789" is 0x31C3.
        #expect(RedisHashSlot.crc16(bytes: Array("123456789".utf8)) == 0x31C3)
        #expect(RedisHashSlot.slot(forKey: "123456789") == 0x31C3 & 16383)
    }

    @Test func hashTagsFollowTheSpecsExamples() {
        let slot = RedisHashSlot.slot(forKey:)
        #expect(slot("{user1000}.following") == slot("{user1000}.followers"))
        #expect(slot("{user1000}.following") == slot("user1000"))
        #expect(slot("foo{}{bar}") == slot("foo{}{bar}") && slot("foo{}{bar}") != slot("bar"))  // empty tag: whole key
        #expect(slot("foo{{bar}}zap") == slot("{bar"))
        #expect(slot("foo{bar}{zap}") == slot("bar"))
    }
}

@Suite struct RedisClusterNodesTests {
    // From https://redis.io/commands/cluster-nodes/ (with a migration entry added).
    static let sample = """
        07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,hostname4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
        67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002,hostname2 master - 0 1426238316232 2 connected 5461-10922
        292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003,hostname3 master - 0 1426238318243 3 connected 10923-16383
        e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001,hostname1 myself,master - 0 0 1 connected 0-5459 5460 [5461->-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1]
        824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:30006@31006,hostname6 master,fail? - 0 1426238317741 6 disconnected
        """

    @Test func linesGiveRoleMasterEpochAndSlots() {
        let lines = RedisNodeLine.parse(Self.sample)
        #expect(lines.count == 5)
        #expect(lines[0].masterID == "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca" && !lines[0].isMaster && lines[0].ip == "127.0.0.1")
        #expect(lines[3].isMyself && lines[3].slots.description == "0-5460" && lines[3].configEpoch == 1)
        #expect(lines[4].failure == "pfail" && lines[4].linkState == "disconnected")
    }

    @Test func theViewNamesNodesByAddress() throws {
        let system = try RedisClusterSystem(options: RealOptions(masters: 3, replicas: 1))
        let addresses = ["127.0.0.1", "10.0.0.2", "10.0.0.3"]
        let info = RedisClusterInfo("cluster_state:ok\r\ncluster_current_epoch:6\r\ncluster_known_nodes:5\r\n")
        let replica = RedisNodeLine.parse(Self.sample.replacingOccurrences(of: "hostname4 slave", with: "hostname4 myself,slave")
            .replacingOccurrences(of: "myself,master", with: "master"))
        let view = system.view(of: 3, nodes: replica, info: info, addresses: addresses)
        #expect(view.role == "replica")
        #expect(view.term == 4)
        #expect(view.fields.first { $0.name == "state" }?.value == "ok")
        #expect(view.fields.first { $0.name == "current_epoch" }?.value == "6")
        // Every node on 127.0.0.1 here, so the master is named by the address's node: n1.
        #expect(view.leader == "n1")
        #expect(view.details.contains { $0.hasPrefix("n4 127.0.0.1 myself,slave n1 epoch 4 connected") })
        let replication = RedisClusterInfo("# Replication\r\nrole:slave\r\nmaster_link_status:up\r\nmaster_repl_offset:145\r\n")
        let synced = system.view(of: 3, nodes: replica, info: info, addresses: addresses,
                                 offset: replication.fields["master_repl_offset"].flatMap { Int($0) }, link: replication.fields["master_link_status"])
        #expect(synced.fields.contains(.init("offset", "145")) && synced.fields.contains(.init("link", "up")))
    }

    @Test func readyNeedsEveryMasterOkAndEverySlotCovered() throws {
        let system = try RedisClusterSystem(options: RealOptions(masters: 2, replicas: 0))
        func master(_ slots: String, _ state: String = "ok") -> RealNodeView {
            RealNodeView(role: "master", fields: [.init("slots", slots), .init("state", state)])
        }
        #expect(system.isReady([master("0-8191"), master("8192-16383")]))
        #expect(!system.isReady([master("0-8191"), master("8193-16383")]))
        #expect(!system.isReady([master("0-8191"), master("8192-16383", "fail")]))
        #expect(system.isReady([master("0-100,101-8191"), nil, master("8192-16383")]))
        #expect(!system.isReady([nil, nil]))
    }
}

@Suite struct RedisClusterOptionsTests {
    @Test func defaultsAndNodeOrder() throws {
        let s = try RedisClusterSystem(options: RealOptions())
        #expect(s.masters == 3 && s.replicasPerMaster == 1 && s.nodeCount == 6 && s.nodeTimeoutMs == 3000)
        #expect((0..<6).map(s.master(of:)) == [nil, nil, nil, 0, 1, 2])
        #expect(s.slotRange(ofMaster: 0) == 0...5460 && s.slotRange(ofMaster: 2) == 10923...16383)
    }

    @Test func optionsThatDoNotApplyAreRefusedByName() {
        for (options, word) in [(RealOptions(nodes: 3), "--nodes"), (RealOptions(backends: 2), "--backends"),
                                (RealOptions(strategy: "leastconn"), "--strategy"), (RealOptions(masters: 9), "--masters"),
                                (RealOptions(replicas: 4), "--replicas"), (RealOptions(nodeTimeoutMs: 10), "--node-timeout-ms")] {
            do { _ = try RedisClusterSystem(options: options); Issue.record("\(word) accepted") } catch {
                #expect("\(error)".contains(word))
            }
        }
    }

    @Test func launchBindsTheNodesAddressAndKeepsStateInItsDataDir() throws {
        let s = try RedisClusterSystem(options: RealOptions(nodeTimeoutMs: 2000))
        let l = s.launch(node: 1, addresses: ["10.77.0.11", "10.77.0.12"], dataDir: "/d")
        let args = Dictionary(stride(from: 0, to: l.arguments.count - 1, by: 2).map { (l.arguments[$0], l.arguments[$0 + 1]) }) { a, _ in a }
        #expect(l.executable == "redis-server")
        #expect(args["--bind"] == "10.77.0.12" && args["--port"] == "6379" && args["--cluster-enabled"] == "yes")
        #expect(args["--cluster-config-file"] == "/d/nodes.conf" && args["--dir"] == "/d" && args["--appendonly"] == "yes")
        #expect(args["--cluster-node-timeout"] == "2000" && args["--daemonize"] == "no" && args["--protected-mode"] == "no")
    }
}

@Suite struct RedisRedirectionTests {
    @Test func movedAndAskNameTheNodeToAsk() {
        #expect(RedisClusterRouter.redirection("MOVED 3999 10.77.0.13:6379", from: "x")! == ("MOVED", "10.77.0.13"))
        #expect(RedisClusterRouter.redirection("ASK 3999 10.77.0.12:6379", from: "x")! == ("ASK", "10.77.0.12"))
        #expect(RedisClusterRouter.redirection("MOVED 3999 :6379", from: "10.77.0.11")! == ("MOVED", "10.77.0.11"))
        #expect(RedisClusterRouter.redirection("CLUSTERDOWN The cluster is down", from: "x") == nil)
    }
}

/// The lost-write verdict on handmade histories: it can say `invalid`.
@Suite struct RedisLostWriteVerdictTests {
    func op(_ p: Int, _ t: HistoryOperation.Kind, _ f: String, _ v: Int64?) -> HistoryOperation {
        HistoryOperation(process: p, type: t, f: f, key: "key:1", value: v.map { .int($0) } ?? .null)
    }

    @Test func anAcknowledgedWriteOverwrittenByAnOlderOneIsLost() {
        // 1 acknowledged, then 2 acknowledged; the cluster ends holding 1: SET 2 was lost.
        let history = [op(0, .invoke, "write", 1), op(0, .ok, "write", 1), op(1, .invoke, "write", 2), op(1, .ok, "write", 2)]
        let verdict = RedisClusterSystem.verdict(history: history, final: ["key:1": 1], unknown: [])
        #expect(verdict.word == "invalid" && !verdict.passed)
        #expect(verdict.lines.contains { $0.contains("SET key:1 2 was acknowledged") })
        #expect(RedisClusterSystem.verdict(history: history, final: [:], unknown: []).word == "invalid")
    }

    @Test func theLastWriteOrAConcurrentOneOrAnUnknownKeyIsValid() {
        let sequential = [op(0, .invoke, "write", 1), op(0, .ok, "write", 1), op(1, .invoke, "write", 2), op(1, .ok, "write", 2)]
        #expect(RedisClusterSystem.verdict(history: sequential, final: ["key:1": 2], unknown: []).word == "valid")
        let concurrent = [op(0, .invoke, "write", 1), op(1, .invoke, "write", 2), op(0, .ok, "write", 1), op(1, .ok, "write", 2)]
        #expect(RedisClusterSystem.verdict(history: concurrent, final: ["key:1": 1], unknown: []).word == "valid")
        let timedOut = [op(0, .invoke, "write", 1), op(0, .ok, "write", 1), op(1, .invoke, "write", 2), op(1, .info, "write", 2)]
        #expect(RedisClusterSystem.verdict(history: timedOut, final: ["key:1": 1], unknown: []).word == "valid")
        let verdict = RedisClusterSystem.verdict(history: sequential, final: [:], unknown: ["key:1"])
        #expect(verdict.word == "valid" && verdict.lines.contains { $0.contains("not judged") })
    }
}
