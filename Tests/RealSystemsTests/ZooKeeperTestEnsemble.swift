import ClusterSim
import Foundation
import Maelstrom
@testable import RealSystems

/// A ZooKeeper ensemble on loopback for the tests (addresses 127.0.3.11…,
/// the standard ports), started through `ChildProcess` from what
/// `ZooKeeperSystem.launch` says, its data directories under one temporary
/// directory that `stop()` removes after killing every server.
final class ZooKeeperTestEnsemble {
    let system: ZooKeeperSystem
    let addresses: [String]
    let root: String
    private(set) var servers: [ChildProcess?]

    /// Whether java and Debian's zookeeper.jar are installed.
    static var available: Bool {
        ChildProcess.resolve("java") != nil && FileManager.default.fileExists(atPath: "/usr/share/java/zookeeper.jar")
    }
    static let missing = "java or /usr/share/java/zookeeper.jar is missing (apt-get install zookeeper)"

    /// Whether nothing answers on the ensemble's ports at its first address
    /// (a zookeeper service listening on every interface would take them).
    static var portsFree: Bool {
        [ZooKeeperLaunch.clientPort, 2888, 3888].allSatisfy { (try? TCPConnection.connect(host: "127.0.3.11", port: $0, timeoutMs: 300)) == nil }
    }
    static let portsTaken = "something already listens on 127.0.3.11:2181/2888/3888 (a zookeeper service on all interfaces? systemctl stop zookeeper)"

    init(nodes: Int) throws {
        system = try ZooKeeperSystem(options: RealOptions(nodes: nodes))
        addresses = (0..<nodes).map { "127.0.3.\(11 + $0)" }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-zk-\(getpid())-\(UUID().uuidString)").path
        servers = Array(repeating: nil, count: nodes)
        for i in 0..<nodes { try start(i) }
    }

    func dataDir(_ i: Int) -> String { "\(root)/n\(i + 1)" }

    /// Starts (or restarts, on the same data directory) server `i`.
    func start(_ i: Int) throws {
        let launch = system.launch(node: i, addresses: addresses, dataDir: dataDir(i))
        try FileManager.default.createDirectory(atPath: dataDir(i), withIntermediateDirectories: true)
        for (name, text) in launch.files { try text.write(toFile: "\(dataDir(i))/\(name)", atomically: true, encoding: .utf8) }
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": root, "LANG": "C.UTF-8"]
        let server = try ChildProcess(executable: launch.executable, arguments: launch.arguments,
                                      environment: environment.merging(launch.environment) { $1 })
        server.closeStdin()
        servers[i] = server
    }

    /// `sig` to server `i`'s process group (SIGSTOP, SIGCONT).
    func signal(_ i: Int, _ sig: Int32) { servers[i]?.signal(sig) }

    /// SIGKILL to server `i`, reaped.
    func kill(_ i: Int) {
        servers[i]?.killAndReap()
        servers[i] = nil
    }

    func views() -> [RealNodeView?] {
        addresses.indices.map { system.poll(node: $0, addresses: addresses, connect: TCPConnection.direct) }
    }

    /// Polls every half second until `done` holds for the views, at most `seconds`; the last views either way.
    @discardableResult
    func waitFor(seconds: Int, _ done: ([RealNodeView?]) -> Bool) -> (Bool, [RealNodeView?]) {
        var last = views()
        for _ in 0..<(seconds * 2) {
            if done(last) { return (true, last) }
            usleep(500_000)
            last = views()
        }
        return (done(last), last)
    }

    /// Index of the one node whose role is `leader`, if exactly one is.
    static func leader(_ views: [RealNodeView?]) -> Int? {
        let leaders = views.indices.filter { views[$0]?.role == "leader" }
        return leaders.count == 1 ? leaders[0] : nil
    }

    /// Runs `clients` workers concurrently, `operations` each, and returns the history in completion order.
    func runWorkload(clients: Int, operations: Int, seed: UInt64) -> [HistoryOperation] {
        let workers = Workers(clients: (0..<clients).map {
            system.makeClient(index: $0, addresses: addresses, connect: TCPConnection.direct, seed: seed &+ UInt64($0))
        })
        DispatchQueue.concurrentPerform(iterations: clients) { c in
            let client = workers.clients[c]
            defer { client.close() }
            for _ in 0..<operations {
                let invoke = client.nextOperation()
                workers.record(invoke)
                workers.record(client.perform(invoke))
            }
        }
        return workers.history
    }

    /// The clients (each used by one thread only) and the history they share under a lock.
    private final class Workers: @unchecked Sendable {
        let clients: [RealClient]
        private let lock = NSLock()
        private var ops: [HistoryOperation] = []
        init(clients: [RealClient]) { self.clients = clients }
        func record(_ op: HistoryOperation) { lock.withLock { ops.append(op) } }
        var history: [HistoryOperation] { lock.withLock { ops } }
    }

    /// Kills every server and removes the data directories.
    func stop() {
        for i in servers.indices { kill(i) }
        try? FileManager.default.removeItem(atPath: root)
    }
}
