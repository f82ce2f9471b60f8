import Foundation
import Testing
import ClusterSim
import ClusterProtocols
import Maelstrom
import TestSupport
@testable import RealSystems

/// A Redis Cluster of real `redis-server` processes on loopback
/// (127.0.2.11, 127.0.2.12, …: this suite's own addresses), each with a data
/// directory under a temp dir the cluster removes. Every process is SIGKILLed
/// and reaped by `stop()`.
final class RedisLoopbackCluster {
    let system: RedisClusterSystem
    let addresses: [String]
    let root: String
    var processes: [ChildProcess?]

    static let hasRedis = (try? Subprocess.run("redis-server", ["--version"]))?.status == 0
    static let reason: Comment = "needs redis-server (apt-get install redis-server)"

    init(masters: Int, replicas: Int) throws {
        system = try RedisClusterSystem(options: RealOptions(masters: masters, replicas: replicas, nodeTimeoutMs: 2000))
        addresses = (0..<system.nodeCount).map { "127.0.2.\(11 + $0)" }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-redis-test-\(getpid())-\(UUID().uuidString.prefix(8))").path
        processes = Array(repeating: nil, count: system.nodeCount)
    }

    func dataDir(_ i: Int) -> String { root + "/n\(i + 1)" }

    func start(_ i: Int) throws {
        try FileManager.default.createDirectory(atPath: dataDir(i), withIntermediateDirectories: true)
        let launch = system.launch(node: i, addresses: addresses, dataDir: dataDir(i))
        let p = try ChildProcess(executable: launch.executable, arguments: launch.arguments)
        p.closeStdin()
        processes[i] = p
    }

    func kill(_ i: Int) { processes[i]?.killAndReap(); processes[i] = nil }

    func startAll() throws { for i in addresses.indices { try start(i) } }

    func bootstrap() throws { try system.bootstrap(addresses: addresses, connect: TCPConnection.direct) { _ in } }

    func poll(_ i: Int) -> RealNodeView? { system.poll(node: i, addresses: addresses, connect: TCPConnection.direct) }

    func connection(_ i: Int) throws -> RESPConnection {
        RESPConnection(address: addresses[i], tcp: try TCPConnection.connect(host: addresses[i], port: 6379, timeoutMs: 2000))
    }

    /// GET on replica `i` itself (READONLY: a replica answers instead of redirecting).
    func readOnReplica(_ i: Int, _ key: String) -> RESPValue? {
        guard let c = try? connection(i), (try? c.call("READONLY")) == .simple("OK") else { return nil }
        return try? c.call("GET", key)
    }

    /// redis-server renames its process to `redis-server ADDRESS:6379 [cluster]`
    /// (no data dir in it), so processes are found by this cluster's addresses.
    var running: [String] { RealHost.processes("redis-server 127.0.2.") }

    /// Stops the cluster and checks that its servers are gone (and were found while running, so the check can fail).
    func expectNothingLeftAfterStop(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(running.count == processes.compactMap { $0 }.count, sourceLocation: sourceLocation)
        stop()
        #expect(running.isEmpty, "\(running)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: root), sourceLocation: sourceLocation)
    }

    func stop() {
        for i in processes.indices { kill(i) }
        try? FileManager.default.removeItem(atPath: root)
    }
}

@Suite(.serialized, .enabled(if: RedisLoopbackCluster.hasRedis, RedisLoopbackCluster.reason))
struct RedisClusterLoopbackTests {
    @Test func theClusterFormsRoutesKeysBySlotAndFollowsMovedAndAsk() throws {
        let cluster = try RedisLoopbackCluster(masters: 3, replicas: 1)
        defer { cluster.stop() }
        try cluster.startAll()
        try cluster.bootstrap()
        let views = (0..<6).map(cluster.poll)
        #expect(cluster.system.isReady(views), "\(views)")
        #expect(views.map { $0?.role } == ["master", "master", "master", "replica", "replica", "replica"])
        #expect(views.map { $0?.leader } == [nil, nil, nil, "n1", "n2", "n3"])
        #expect(views[1]?.fields.first { $0.name == "slots" }?.value == "5461-10922")
        // bootstrap returns once every replica has synced: until then none could be promoted.
        #expect(views[3...].allSatisfy { $0?.fields.first { $0.name == "link" }?.value == "up" }, "\(views)")

        // Our slot of a key is the server's (CLUSTER KEYSLOT), hash tags included.
        let c = try cluster.connection(0)
        for key in ["key:0", "key:7", "123456789", "{user1000}.following", "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", ""] {
            #expect(try c.call("CLUSTER", "KEYSLOT", key) == .integer(Int64(RedisHashSlot.slot(forKey: key))), "\(key)")
        }

        // A key sent to the wrong master is MOVED to the one that serves its slot.
        let key = (0...).lazy.map { "key:\($0)" }.first { cluster.system.slotRange(ofMaster: 1).contains(RedisHashSlot.slot(forKey: $0)) }!
        let moved = try c.call("SET", key, "1")
        #expect(moved == .error("MOVED \(RedisHashSlot.slot(forKey: key)) 127.0.2.12:6379"))
        let router = RedisClusterRouter(addresses: cluster.addresses, connect: TCPConnection.direct, timeoutMs: 2000, firstNode: 0)
        defer { router.close() }
        #expect(router.run(["SET", key, "2"], key: key) == .reply(.simple("OK")))
        #expect(router.owners[RedisHashSlot.slot(forKey: key)] == "127.0.2.12")
        #expect(try cluster.connection(1).call("GET", key) == .bulk(Array("2".utf8)))

        // ASK during a migration: n1 migrates key:0's slot to n2; a key n1 no longer
        // has is asked of n2 (ASKING first) without changing the client's map.
        let slot0 = RedisHashSlot.slot(forKey: "key:0")
        let ids = try (0..<2).map { try cluster.connection($0).text("CLUSTER", "MYID") }
        #expect(try cluster.connection(1).text("CLUSTER", "SETSLOT", String(slot0), "IMPORTING", ids[0]) == "OK")
        #expect(try cluster.connection(0).text("CLUSTER", "SETSLOT", String(slot0), "MIGRATING", ids[1]) == "OK")
        #expect(router.run(["SET", "key:0", "5"], key: "key:0") == .reply(.simple("OK")))
        #expect(router.owners[slot0] == "127.0.2.11", "ASK does not move the slot in the client's map")
        #expect(try cluster.connection(0).call("GET", "key:0") == .error("ASK \(slot0) 127.0.2.12:6379"))
        #expect(try cluster.connection(1).call("GET", "key:0") == .error("MOVED \(slot0) 127.0.2.11:6379"))
        // The migration ends: the slot is n2's, and n1 answers MOVED, which the router follows and remembers.
        for i in [1, 0] { #expect(try cluster.connection(i).text("CLUSTER", "SETSLOT", String(slot0), "NODE", ids[1]) == "OK") }
        #expect(router.run(["GET", "key:0"], key: "key:0") == .reply(.bulk(Array("5".utf8))))
        #expect(router.owners[slot0] == "127.0.2.12")
        #expect(RealHost.eventually(30) { cluster.system.isReady((0..<6).map(cluster.poll)) })

        // The workload's clients, then the final check: nothing was lost without faults.
        var history: [HistoryOperation] = []
        let clients = (0..<2).map { cluster.system.makeClient(index: $0, addresses: cluster.addresses, connect: TCPConnection.direct, seed: 11) }
        for _ in 0..<40 { for client in clients { let op = client.nextOperation(); history += [op, client.perform(op)] } }
        clients.forEach { $0.close() }
        #expect(history.filter { $0.type == .ok }.count == 80, "\(history.filter { $0.type != .ok && $0.type != .invoke })")
        let verdict = cluster.system.check(history: history, addresses: cluster.addresses, connect: TCPConnection.direct)
        #expect(verdict.word == "valid", "\(verdict.lines)")
        // `offset`: each SET extends the master's replication stream, and the replica catches up with it.
        func offset(_ i: Int) -> Int? { cluster.poll(i)?.fields.first { $0.name == "offset" }.flatMap { Int($0.value) } }
        #expect((0..<3).allSatisfy { (offset($0) ?? 0) > 0 })
        #expect(RealHost.eventually(30) { (0..<3).allSatisfy { offset($0) != nil && offset($0) == offset($0 + 3) } },
                "\((0..<6).map(offset))")

        cluster.expectNothingLeftAfterStop()
    }

    @Test func aKilledMasterIsReplacedByItsReplicaAndComesBackAsOne() throws {
        let cluster = try RedisLoopbackCluster(masters: 3, replicas: 1)
        defer { cluster.stop() }
        try cluster.startAll()
        try cluster.bootstrap()
        let router = RedisClusterRouter(addresses: cluster.addresses, connect: TCPConnection.direct, timeoutMs: 2000)
        defer { router.close() }
        #expect(router.run(["SET", "key:0", "7"], key: "key:0") == .reply(.simple("OK")))
        // Wait for n4 to hold it (replication is asynchronous), so the failover keeps it.
        #expect(RealHost.eventually(30) { cluster.readOnReplica(3, "key:0") == .bulk(Array("7".utf8)) })
        let epochBefore = cluster.poll(3)?.term ?? 0

        cluster.kill(0)  // SIGKILL n1, a master
        #expect(RealHost.eventually(60) { cluster.poll(3)?.role == "master" }, "n4 was not promoted: \(String(describing: cluster.poll(3)))")
        let promoted = cluster.poll(3)
        #expect((promoted?.term ?? 0) > epochBefore, "the promoted replica takes a new configEpoch")
        #expect(promoted?.fields.first { $0.name == "slots" }?.value == "0-5460")
        #expect(RealHost.eventually(30) { cluster.system.isReady((0..<6).map(cluster.poll)) })
        #expect(router.run(["GET", "key:0"], key: "key:0") == .reply(.bulk(Array("7".utf8))))

        // n1 restarts on its data dir (nodes.conf, the AOF) and rejoins as n4's replica.
        try cluster.start(0)
        #expect(RealHost.eventually(60) { let v = cluster.poll(0); return v?.role == "replica" && v?.leader == "n4" },
                "n1 after restart: \(String(describing: cluster.poll(0)))")
        #expect(RealHost.eventually(30) { cluster.system.isReady((0..<6).map(cluster.poll)) })

        cluster.expectNothingLeftAfterStop()
    }
}
