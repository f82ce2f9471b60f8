import ClusterSim
import Foundation

/// `clusterlab real etcd`: an etcd 3.4 cluster, one member per node, formed
/// statically (`--initial-cluster` names every member), clients doing
/// register reads, writes and compare-and-sets through the JSON gateway,
/// their history checked for linearizability.
///
/// etcd keeps its default timing (heartbeat 100 ms, election timeout
/// 1000 ms): the labs compare the real system as operators run it with the
/// simulator, and on loopback or in namespaces of one machine those defaults
/// elect a leader in about a second.
public final class EtcdSystem: RealSystem {
    public let name = "etcd"
    public let nodeCount: Int
    public let clientCount: Int
    /// Keys the workload touches: few, so every key's history has many overlapping ops.
    public let keys: [String]
    /// Search steps the linearizability checker may take per key before saying `unknown`.
    public let checkBudget: Int
    /// Timeout of a status poll's connect and reads, and of a client operation's.
    public let pollTimeoutMs: Int
    public let operationTimeoutMs: Int

    static let peerPort: UInt16 = 2380
    /// `--initial-cluster-token`: fixed, so a restarted member finds its cluster.
    static let clusterToken = "clusterlab-etcd"

    private let names = MemberNames()

    public init(nodes: Int = 3, clients: Int = 3, keys: Int = 3, checkBudget: Int = 2_000_000,
                pollTimeoutMs: Int = 1000, operationTimeoutMs: Int = 2000) {
        nodeCount = nodes; clientCount = clients
        self.keys = (0..<keys).map { "k\($0)" }
        self.checkBudget = checkBudget; self.pollTimeoutMs = pollTimeoutMs; self.operationTimeoutMs = operationTimeoutMs
    }

    /// From `clusterlab real etcd` options: `--nodes` 1…7 (default 3), `--clients` 1…32 (default 3).
    public convenience init(options: RealOptions) throws {
        try options.refuse(["--masters", "--replicas", "--backends", "--strategy", "--node-timeout-ms"], for: "etcd")
        self.init(nodes: try RealOptions.count(options.nodes, "--nodes", default: 3, in: 1...7),
                  clients: try RealOptions.count(options.clients, "--clients", default: 3, in: 1...32))
    }

    public func launch(node i: Int, addresses: [String], dataDir: String) -> RealNodeLaunch {
        let me = addresses[i]
        let cluster = addresses.enumerated().map { "n\($0.offset + 1)=http://\($0.element):\(Self.peerPort)" }.joined(separator: ",")
        return RealNodeLaunch(executable: "etcd", arguments: [
            "--name", "n\(i + 1)",
            // etcd's own directory inside the node's: etcd warns about files it did not make in its data dir (the log).
            "--data-dir", "\(dataDir)/etcd",
            "--listen-peer-urls", "http://\(me):\(Self.peerPort)",
            "--initial-advertise-peer-urls", "http://\(me):\(Self.peerPort)",
            "--listen-client-urls", "http://\(me):\(EtcdGateway.clientPort)",
            "--advertise-client-urls", "http://\(me):\(EtcdGateway.clientPort)",
            "--initial-cluster", cluster,
            // Ignored once the data dir holds a member: a restarted node rejoins from its WAL.
            "--initial-cluster-state", "new",
            "--initial-cluster-token", Self.clusterToken,
            // The log goes to a file, not to the pipes of a process nobody may read.
            "--logger", "zap", "--log-outputs", "\(dataDir)/etcd.log",
        ])
    }

    /// Nothing to do: every member was started knowing the whole cluster.
    public func bootstrap(addresses: [String], connect: RealConnect, log: (String) -> Void) throws {
        log("etcd forms its cluster itself from --initial-cluster (\(addresses.count) members)")
    }

    public func poll(node i: Int, addresses: [String], connect: RealConnect) -> RealNodeView? {
        // The gateway lives only for this call.
        withoutActuallyEscaping(connect) { connect in
            let gateway = EtcdGateway(host: addresses[i], timeoutMs: pollTimeoutMs, connect: connect)
            defer { gateway.close() }
            guard let status = try? gateway.status() else { return nil }
            if let leader = status.leaderID, names.name(of: leader) == nil, let members = try? gateway.members() {
                names.learn(members)
            }
            return Self.view(of: status, names: names.all)
        }
    }

    /// What a member's status says, as the node box and the lab predicates read it.
    static func view(of status: EtcdStatus, names: [String: String]) -> RealNodeView {
        let role: String
        switch status.leaderID {
        case nil: role = "no leader"
        case status.memberID?: role = "leader"
        default: role = status.isLearner ? "learner" : "follower"
        }
        let leader = status.leaderID.map { names[$0] ?? "id \($0)" }
        var details = ["member \(names[status.memberID] ?? "?") id \(status.memberID), etcd \(status.version)",
                       "raftTerm \(status.raftTerm), raftIndex \(status.raftIndex), raftAppliedIndex \(status.raftAppliedIndex)"]
        details += status.errors.map { "error: \($0)" }
        details.append(status.raw)
        return RealNodeView(role: role, term: Int(clamping: status.raftTerm), leader: leader,
                            fields: [.init("commit", String(status.raftIndex)), .init("applied", String(status.raftAppliedIndex))],
                            details: details)
    }

    /// Ready when some node names a leader that a majority of all nodes name.
    public func isReady(_ views: [RealNodeView?]) -> Bool {
        Self.majorityLeader(views, nodes: nodeCount) != nil
    }

    /// The leader a majority of the `nodes` members agree on, if any.
    static func majorityLeader(_ views: [RealNodeView?], nodes: Int) -> String? {
        var votes: [String: Int] = [:]
        for case let leader? in views.map({ $0?.leader }) { votes[leader, default: 0] += 1 }
        return votes.first { $0.value > nodes / 2 }?.key
    }

    public func makeClient(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64) -> RealClient {
        EtcdRegisterClient(index: index, addresses: addresses, keys: keys, timeoutMs: operationTimeoutMs, connect: connect, seed: seed)
    }

    public func check(history: [HistoryOperation], addresses: [String], connect: RealConnect) -> RealVerdict {
        EtcdHistoryCheck.verdict(history, budget: checkBudget)
    }
}

/// Member IDs to node names, learned from the member list (IDs are fixed
/// once the cluster has formed). Polls run on several threads.
final class MemberNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String: String] = [:]

    func name(of id: String) -> String? { lock.lock(); defer { lock.unlock() }; return names[id] }
    var all: [String: String] { lock.lock(); defer { lock.unlock() }; return names }
    func learn(_ members: [(id: String, name: String)]) {
        lock.lock(); defer { lock.unlock() }
        for m in members where !m.name.isEmpty { names[m.id] = m.name }
    }
}
