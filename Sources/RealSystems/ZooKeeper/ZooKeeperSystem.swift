import ClusterSim
import Foundation

/// `clusterlab real zookeeper --nodes 3`: a ZooKeeper 3.8 ensemble (Debian's
/// `zookeeper` package on java 17), one server per node, clients running
/// the register workload over ZooKeeper's own binary protocol, their
/// history checked for linearizability.
///
/// The ensemble forms itself (Fast Leader Election over the election ports),
/// so `bootstrap` has nothing to do. `poll` asks each server `srvr` and
/// reads its current epoch from its data directory.
public final class ZooKeeperSystem: RealSystem {
    public let name = "zookeeper"
    public let nodeCount: Int
    public let clientCount: Int
    /// Clients call `sync` before every read (see `ZooKeeperRegisterClient`).
    public let syncBeforeRead: Bool

    public static let about = "ZooKeeper 3.8 (Zab), register workload over its own protocol, linearizability (reads may be stale)"

    /// How long a follower waits for its leader before it drops out (`syncLimit` × `tickTime`).
    public let followerTimeoutMs: Int

    /// Reads `--nodes` (1…7, default 3), `--clients` (1…16, default 3) and
    /// `--node-timeout-ms` (the follower timeout, 600…60000, default 3000);
    /// refuses every other option.
    public init(options: RealOptions, syncBeforeRead: Bool = false) throws {
        try options.refuse(["--masters", "--replicas", "--backends", "--strategy"], for: "zookeeper")
        nodeCount = try RealOptions.count(options.nodes, "--nodes", default: 3, in: 1...7)
        clientCount = try RealOptions.count(options.clients, "--clients", default: 3, in: 1...16)
        followerTimeoutMs = try RealOptions.count(options.nodeTimeoutMs, "--node-timeout-ms", default: 3000, in: 600...60_000)
        self.syncBeforeRead = syncBeforeRead
    }

    /// Each node's data directory, as last launched: `poll` reads its current epoch there.
    private var dataDirs: [Int: String] = [:]
    private let lock = NSLock()

    public func launch(node i: Int, addresses: [String], dataDir: String) -> RealNodeLaunch {
        lock.withLock { dataDirs[i] = dataDir }
        return ZooKeeperLaunch.launch(node: i, addresses: addresses, dataDir: dataDir,
                                      timing: .init(followerTimeoutMs: followerTimeoutMs))
    }

    public func bootstrap(addresses: [String], connect: RealConnect, log: (String) -> Void) throws {
        log("zookeeper: the servers elect a leader among themselves; nothing to bootstrap")
    }

    public func poll(node i: Int, addresses: [String], connect: RealConnect) -> RealNodeView? {
        guard let status = status(of: addresses[i], connect: connect) else { return nil }
        let epoch = lock.withLock { dataDirs[i] }.flatMap { ZooKeeperStatus.currentEpoch(dataDir: $0) }
        return status.view(name: "n\(i + 1)", currentEpoch: epoch)
    }

    /// The `srvr` answer of the server at `address`, nil when it does not answer.
    func status(of address: String, connect: RealConnect, timeoutMs: Int = 1000) -> ZooKeeperStatus? {
        guard let connection = try? connect(address, ZooKeeperLaunch.clientPort, timeoutMs),
              (try? connection.write("srvr")) != nil,
              let answer = try? connection.readToEnd(limit: 1 << 16) else { return nil }
        return ZooKeeperStatus.parse(String(decoding: answer, as: UTF8.self))
    }

    /// One leader (or a standalone server), and a majority of the ensemble serving.
    public func isReady(_ views: [RealNodeView?]) -> Bool {
        let roles = views.compactMap { $0?.role }
        let leaders = roles.filter { $0 == "leader" || $0 == "standalone" }.count
        let serving = roles.filter { ["leader", "follower", "observer", "standalone"].contains($0) }.count
        return leaders == 1 && serving >= views.count / 2 + 1
    }

    public func makeClient(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64) -> RealClient {
        ZooKeeperRegisterClient(index: index, addresses: addresses, connect: connect, seed: seed, syncBeforeRead: syncBeforeRead)
    }

    public func check(history: [HistoryOperation], addresses: [String], connect: RealConnect) -> RealVerdict {
        ZooKeeperVerdict.check(history, syncBeforeRead: syncBeforeRead)
    }
}
