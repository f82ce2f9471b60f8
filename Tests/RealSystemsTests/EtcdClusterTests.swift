import ClusterSim
import Foundation
import Maelstrom
import Testing
import TestSupport
@testable import RealSystems

/// A real etcd cluster on loopback (127.0.1.11, .12, … with etcd's standard
/// ports), its members started as `EtcdSystem.launch` says, in a temporary
/// directory the cluster removes. Every wait is a bounded number of polls.
final class LoopbackEtcd {
    let system: EtcdSystem
    let addresses: [String]
    let root: String
    private var processes: [ChildProcess?]

    init(nodes: Int = 3, clients: Int = 3) throws {
        system = EtcdSystem(nodes: nodes, clients: clients)
        addresses = (0..<nodes).map { "127.0.1.\(11 + $0)" }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-etcd-test-\(getpid())-\(UUID().uuidString)").path
        processes = Array(repeating: nil, count: nodes)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func dataDir(_ i: Int) -> String { "\(root)/n\(i + 1)" }

    /// Starts member `i` (again, with the data it left, after a kill).
    func start(_ i: Int) throws {
        let launch = system.launch(node: i, addresses: addresses, dataDir: dataDir(i))
        try FileManager.default.createDirectory(atPath: dataDir(i), withIntermediateDirectories: true)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": root].merging(launch.environment) { $1 }
        processes[i] = try ChildProcess(executable: launch.executable, arguments: launch.arguments, environment: environment)
    }

    /// A cluster with every member started.
    static func started(nodes: Int = 3) throws -> LoopbackEtcd {
        let cluster = try LoopbackEtcd(nodes: nodes)
        for i in cluster.addresses.indices { try cluster.start(i) }
        return cluster
    }

    /// Polls until a majority names one leader: its name, its index and the views; throws if none comes.
    func waitForLeader() throws -> (name: String, index: Int, views: [RealNodeView?]) {
        let found = waitFor { EtcdSystem.majorityLeader($0, nodes: addresses.count) != nil }
        guard let name = EtcdSystem.majorityLeader(found.views, nodes: addresses.count), let index = Int(name.dropFirst()) else {
            throw NoLeader(views: found.views)
        }
        return (name, index - 1, found.views)
    }

    struct NoLeader: Error, CustomStringConvertible {
        var views: [RealNodeView?]
        var description: String { "no leader a majority names: \(views)" }
    }

    /// SIGKILL to member `i`, reaped.
    func kill(_ i: Int) {
        processes[i]?.killAndReap()
        processes[i] = nil
    }

    /// Sends `sig` to member `i` (SIGSTOP pauses it, SIGCONT resumes it).
    func signal(_ i: Int, _ sig: Int32) { processes[i]?.signal(sig) }

    /// Kills every member and removes the directory.
    func stop() {
        for i in processes.indices { kill(i) }
        try? FileManager.default.removeItem(atPath: root)
    }

    func views() -> [RealNodeView?] { addresses.indices.map { system.poll(node: $0, addresses: addresses, connect: TCPConnection.direct) } }

    /// Polls every member until `condition` holds on their views (at most
    /// `polls` rounds a quarter second apart); the last views either way.
    @discardableResult
    func waitFor(polls: Int = 120, _ condition: ([RealNodeView?]) -> Bool) -> (held: Bool, views: [RealNodeView?]) {
        var last = views()
        for _ in 0..<polls {
            if condition(last) { return (true, last) }
            usleep(250_000)
            last = views()
        }
        return (condition(last), last)
    }

    /// Stops the cluster, then lists any process still alive with its directory on its command line.
    func stopLeavingNothing() throws -> String {
        stop()
        let found = try Subprocess.run("pgrep", ["-af", root])
        return found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static var etcdInstalled: Bool { ChildProcess.resolve("etcd") != nil }
}

@Suite(.serialized, .enabled(if: LoopbackEtcd.etcdInstalled, "etcd is not installed (apt-get install etcd-server): the real etcd tests cannot run"))
struct EtcdClusterTests {
    static func leaderName(_ views: [RealNodeView?]) -> String? { EtcdSystem.majorityLeader(views, nodes: views.count) }

    @Test func threeMembersElectALeaderTheyAllName() throws {
        let cluster = try LoopbackEtcd.started()
        defer { cluster.stop() }
        let ready = cluster.waitFor { cluster.system.isReady($0) }
        #expect(ready.held, "no leader a majority agrees on: \(ready.views)")
        let agreed = cluster.waitFor { views in views.allSatisfy { $0?.leader != nil } && Set(views.map { $0?.leader }).count == 1 }
        #expect(agreed.held, "the members do not name one leader: \(agreed.views)")
        let views = agreed.views.compactMap { $0 }
        #expect(views.filter { $0.role == "leader" }.count == 1)
        #expect(views.filter { $0.role == "follower" }.count == 2)
        // The one that says leader is the one all name, and all share its term.
        let leaderIndex = try #require(agreed.views.firstIndex { $0?.role == "leader" })
        #expect(views[0].leader == "n\(leaderIndex + 1)")
        #expect(Set(views.map(\.term)).count == 1)
        #expect(views.allSatisfy { $0.fields.map(\.name) == ["commit", "applied"] })
        #expect(try cluster.stopLeavingNothing() == "")
    }

    @Test func theWorkloadOnAHealthyClusterIsLinearizable() throws {
        let cluster = try LoopbackEtcd.started()
        defer { cluster.stop() }
        _ = try cluster.waitForLeader()
        let seed: UInt64 = 19
        let history = Self.runWorkload(cluster, seed: seed, operationsPerClient: 100)
        let completions = history.filter { $0.type != .invoke }
        #expect(completions.count == 300)
        // On a healthy cluster nearly everything succeeds; cas that found another value fail.
        #expect(completions.filter { $0.type == .ok }.count > 200, "seed \(seed): \(completions.filter { $0.type != .ok }.prefix(5))")
        #expect(completions.contains { $0.f == "cas" && $0.type == .ok }, "seed \(seed): no cas succeeded")
        #expect(completions.contains { $0.f == "read" && $0.type == .ok && $0.value != .null }, "seed \(seed)")
        let verdict = cluster.system.check(history: history, addresses: cluster.addresses, connect: TCPConnection.direct)
        #expect(verdict.word == "linearizable" && verdict.passed, "seed \(seed): \(verdict.lines)")
        #expect(try cluster.stopLeavingNothing() == "")
    }

    @Test func aKilledLeaderIsReplacedAndRejoinsAsAFollowerFromItsDataDir() throws {
        let cluster = try LoopbackEtcd.started()
        defer { cluster.stop() }
        let first = try cluster.waitForLeader()
        let (oldLeader, old) = (first.name, first.index)
        let oldTerm = try #require(first.views[old]?.term)

        cluster.kill(old)
        let second = cluster.waitFor { views in Self.leaderName(views).map { $0 != oldLeader } ?? false }
        let newLeader = try #require(Self.leaderName(second.views), "no new leader after killing \(oldLeader): \(second.views)")
        #expect(newLeader != oldLeader)
        #expect(second.views[old] == nil, "the killed member still answers")
        let terms = second.views.compactMap { $0?.term }
        #expect(terms.allSatisfy { $0 > oldTerm }, "terms \(terms) after term \(oldTerm)")

        try cluster.start(old)
        let rejoined = cluster.waitFor { views in
            guard let back = views[old], let leader = Self.leaderName(views) else { return false }
            return back.role == "follower" && back.leader == leader && back.fields == views.compactMap({ $0 }).first { $0.role == "leader" }?.fields
        }
        #expect(rejoined.held, "\(oldLeader) did not rejoin as a follower: \(rejoined.views)")
        // It came back from its own data, not as a new member: the member list still names three.
        let names = try EtcdGateway(host: cluster.addresses[old], timeoutMs: 2000, connect: TCPConnection.direct).members().map(\.name).sorted()
        #expect(names == ["n1", "n2", "n3"])
        #expect(try cluster.stopLeavingNothing() == "")
    }

    @Test func aLeaderCutOffFromEveryFollowerStepsDown() throws {
        // etcd runs raft with CheckQuorum: a leader that has not heard from a
        // majority for an election timeout becomes a follower. Pausing both
        // followers cuts the leader off as a partition would.
        let cluster = try LoopbackEtcd.started()
        defer { cluster.stop() }
        let (leaderName, leader, _) = try cluster.waitForLeader()
        let followers = cluster.addresses.indices.filter { $0 != leader }
        for f in followers { cluster.signal(f, SIGSTOP) }
        let alone = cluster.waitFor { $0[leader]?.role == "no leader" }
        #expect(alone.held, "\(leaderName) still leads with no follower answering: \(String(describing: alone.views[leader]))")
        #expect(alone.views[leader]?.details.contains("error: etcdserver: no leader") == true)
        for f in followers { cluster.signal(f, SIGCONT) }
        #expect(cluster.waitFor { cluster.system.isReady($0) }.held, "no leader after the followers resumed")
        #expect(try cluster.stopLeavingNothing() == "")
    }

    @Test func aClientRecordsWhatItCannotKnowAsInfoAndMovesOn() throws {
        let cluster = try LoopbackEtcd.started()
        defer { cluster.stop() }
        _ = try cluster.waitForLeader()
        // Client 0 starts on n1. With n1 paused the kernel still accepts the
        // connection, so a write is sent and never answered: unknown, `info`.
        let client = EtcdRegisterClient(index: 0, addresses: cluster.addresses, keys: ["k0"], timeoutMs: 500,
                                        connect: TCPConnection.direct, seed: 1)
        cluster.signal(0, SIGSTOP)
        let write = client.perform(HistoryOperation(process: 0, type: .invoke, f: "write", key: "k0", value: .int(1)))
        #expect(write.type == .info, "\(write)")
        #expect(client.node == 1)
        // n2 answers: the next ops succeed there.
        let read = client.perform(HistoryOperation(process: 0, type: .invoke, f: "read", key: "k0", value: .null))
        #expect(read.type == .ok, "\(read)")
        // A read with no answer is `fail`: it changed nothing.
        cluster.signal(1, SIGSTOP)
        let lost = client.perform(HistoryOperation(process: 0, type: .invoke, f: "read", key: "k0", value: .null))
        #expect(lost.type == .fail && lost.value == .null, "\(lost)")
        #expect(client.node == 2)
        // A killed member refuses the connection: the write never left, so `fail`.
        cluster.signal(1, SIGCONT)
        cluster.kill(2)
        let refused = client.perform(HistoryOperation(process: 0, type: .invoke, f: "write", key: "k0", value: .int(2)))
        #expect(refused.type == .fail, "\(refused)")
        #expect(client.node == 0)
        client.close()
        cluster.signal(0, SIGCONT)
        #expect(try cluster.stopLeavingNothing() == "")
    }

    /// Runs every client of `cluster.system` on its own thread for
    /// `operationsPerClient` ops; the history in real-time order.
    static func runWorkload(_ cluster: LoopbackEtcd, seed: UInt64, operationsPerClient: Int) -> [HistoryOperation] {
        let lock = NSLock()
        nonisolated(unsafe) var history: [HistoryOperation] = []
        let clients = (0..<cluster.system.clientCount).map {
            cluster.system.makeClient(index: $0, addresses: cluster.addresses, connect: TCPConnection.direct, seed: seed)
        }
        nonisolated(unsafe) let workers = clients
        DispatchQueue.concurrentPerform(iterations: workers.count) { i in
            for _ in 0..<operationsPerClient {
                let invoke = workers[i].nextOperation()
                lock.lock(); history.append(invoke); lock.unlock()
                let done = workers[i].perform(invoke)
                lock.lock(); history.append(done); lock.unlock()
            }
            workers[i].close()
        }
        return history
    }
}
