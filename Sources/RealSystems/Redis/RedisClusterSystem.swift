import ClusterSim
import ClusterProtocols

/// Redis Cluster 7.0 (`clusterlab real redis --masters 3 --replicas 1`):
/// nodes n1…nM are the masters, the replicas follow, and replica k
/// (0-based among the replicas) replicates master k mod M, as in the
/// simulator's `RedisClusterConfig`. Clients SET and GET a small key set
/// and the lost-write checker judges what the cluster holds at the end.
public final class RedisClusterSystem: RealSystem {
    public let name = "redis"
    public let masters: Int
    public let replicasPerMaster: Int
    /// `cluster-node-timeout`. Redis's default is 15000 ms; 3000 ms keeps a
    /// failover in a lab to a few seconds (detection takes the timeout, then
    /// the replica waits 500 ms + up to 500 ms + rank·1 s before it asks for
    /// votes: cluster spec, "Replica election and promotion") while staying
    /// far above the round trips of loopback and namespaces, so a busy
    /// two-core machine does not see false failures.
    public let nodeTimeoutMs: Int
    public let clientCount: Int
    public let keys: [String]
    public static let port: UInt16 = 6379
    /// Connect and I/O timeout of every client and poll call.
    public var requestTimeoutMs = 1000

    public var nodeCount: Int { masters * (1 + replicasPerMaster) }

    public init(options: RealOptions) throws {
        try options.refuse(["--nodes", "--backends", "--strategy"], for: "redis")
        masters = try RealOptions.count(options.masters, "--masters", default: 3, in: 1...8)
        replicasPerMaster = try RealOptions.count(options.replicas, "--replicas", default: 1, in: 0...3)
        nodeTimeoutMs = try RealOptions.count(options.nodeTimeoutMs, "--node-timeout-ms", default: 3000, in: 500...60_000)
        clientCount = try RealOptions.count(options.clients, "--clients", default: 3, in: 1...32)
        keys = (0..<16).map { "key:\($0)" }
    }

    /// The master replica `node` replicates (nil for a master).
    public func master(of node: Int) -> Int? { node < masters ? nil : (node - masters) % masters }

    /// The slots master `k` gets at bootstrap: 16384 split into runs the way
    /// `redis-cli --cluster create` splits them (0-5460, 5461-10922, 10923-16383 for three).
    public func slotRange(ofMaster k: Int) -> ClosedRange<Int> {
        let share = Double(RedisHashSlot.slotCount) / Double(masters)
        func last(_ j: Int) -> Int { j == masters - 1 ? RedisHashSlot.slotCount - 1 : Int((Double(j) * share + share - 1).rounded()) }
        return (k == 0 ? 0 : last(k - 1) + 1)...last(k)
    }

    public func launch(node i: Int, addresses: [String], dataDir: String) -> RealNodeLaunch {
        let address = addresses[i]
        // bind-source-addr: the cluster bus connects from the node's own
        // address, so peers learn it (on loopback they would otherwise see 127.0.0.1).
        return RealNodeLaunch(executable: "redis-server", arguments: [
            "--port", String(Self.port), "--bind", address, "--bind-source-addr", address,
            "--cluster-enabled", "yes", "--cluster-config-file", dataDir + "/nodes.conf",
            "--cluster-node-timeout", String(nodeTimeoutMs),
            "--dir", dataDir, "--appendonly", "yes", "--save", "",
            "--protected-mode", "no", "--daemonize", "no",
            // The log goes to the data dir: nobody has to drain a pipe for the server to go on.
            "--logfile", dataDir + "/redis.log",
        ])
    }

    func name(ofAddress ip: String, in addresses: [String]) -> String? {
        addresses.firstIndex(of: ip).map { "n\($0 + 1)" }
    }

    public func poll(node i: Int, addresses: [String], connect: RealConnect) -> RealNodeView? {
        guard let tcp = try? connect(addresses[i], Self.port, requestTimeoutMs) else { return nil }
        let c = RESPConnection(address: addresses[i], tcp: tcp)
        guard let nodesText = try? c.text("CLUSTER", "NODES"), let infoText = try? c.text("CLUSTER", "INFO") else { return nil }
        let replication = RedisClusterInfo((try? c.text("INFO", "replication")) ?? "")
        return view(of: i, nodes: RedisNodeLine.parse(nodesText), info: RedisClusterInfo(infoText), addresses: addresses,
                    offset: replication.fields["master_repl_offset"].flatMap { Int($0) }, link: replication.fields["master_link_status"])
    }

    /// The node box of node `i` from its `CLUSTER NODES` and `CLUSTER INFO`.
    /// `term` is the node's configEpoch (a replica reports its master's): the
    /// epoch that decides whose claim on a slot wins; `current_epoch` is
    /// the cluster's currentEpoch as this node knows it (Redis's Raft-like term).
    /// `offset` is the node's replication offset (`INFO replication`,
    /// `master_repl_offset`): the bytes of its replication stream, which a
    /// master extends with every write it executes (and a PING to its
    /// replicas every 10 s) and a replica with what it has received. A
    /// master ahead of its replica has writes the replica does not.
    /// `link` is a replica's `master_link_status` (`up` once its first sync is done).
    func view(of i: Int, nodes: [RedisNodeLine], info: RedisClusterInfo, addresses: [String], offset: Int? = nil, link: String? = nil) -> RealNodeView {
        var names: [String: String] = [:]
        for line in nodes { names[line.id] = line.isMyself ? "n\(i + 1)" : name(ofAddress: line.ip, in: addresses) ?? String(line.id.prefix(8)) }
        let me = nodes.first(where: \.isMyself)
        let isMaster = me?.isMaster ?? true
        let leader = me?.masterID.map { names[$0] ?? String($0.prefix(8)) }
        let seen = nodes.filter { !$0.isMyself }.compactMap { line in line.failure.map { "\(names[line.id]!):\($0)" } }.sorted()
        var fields: [NodeSummary.Field] = [
            .init("slots", (me?.slots ?? SlotRanges()).description),
            .init("slot_count", String(me?.slots.count ?? 0)),
            .init("state", info.state),
            .init("current_epoch", info.currentEpoch.map(String.init) ?? "?"),
            .init("known", String(info.knownNodes)),
            .init("seen", seen.isEmpty ? "-" : seen.joined(separator: " ")),
        ]
        if let offset { fields.append(.init("offset", String(offset))) }
        if let link, !isMaster { fields.append(.init("link", link)) }
        if let leader { fields.insert(.init("replicates", leader), at: 0) }
        let details = nodes.sorted { names[$0.id]! < names[$1.id]! }.map { line in
            ([names[line.id]!, line.ip, line.flagList.joined(separator: ","),
              line.masterID.map { names[$0] ?? String($0.prefix(8)) } ?? "-",
              "epoch \(line.configEpoch)", line.linkState, line.slots.description]).joined(separator: " ")
        }
        return RealNodeView(role: isMaster ? "master" : "replica", term: me?.configEpoch, leader: leader, fields: fields, details: details)
    }

    /// Ready when every master that answers says `cluster_state:ok` and the
    /// masters' slots together cover all 16384.
    public func isReady(_ views: [RealNodeView?]) -> Bool {
        let masterViews = views.compactMap { $0 }.filter { $0.role == "master" }
        guard !masterViews.isEmpty, masterViews.allSatisfy({ $0.field("state") == "ok" }) else { return false }
        var covered = [Bool](repeating: false, count: RedisHashSlot.slotCount)
        for v in masterViews { for r in Self.parseRanges(v.field("slots") ?? "") { for s in r where s < covered.count { covered[s] = true } } }
        return !covered.contains(false)
    }

    /// `0-5460,10923` (SlotRanges' text) back into ranges.
    static func parseRanges(_ text: String) -> [ClosedRange<Int>] {
        text.split(separator: ",").compactMap { part in
            let ends = part.split(separator: "-").compactMap { Int($0) }
            if ends.count == 2, ends[0] <= ends[1] { return ends[0]...ends[1] }
            return ends.count == 1 ? ends[0]...ends[0] : nil
        }
    }

    public func makeClient(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64) -> RealClient {
        let router = RedisClusterRouter(addresses: addresses, port: Self.port, connect: connect, timeoutMs: requestTimeoutMs, firstNode: index)
        return RedisWorkloadClient(index: index, keys: keys, router: router, seed: seed)
    }
}

fileprivate extension RealNodeView {
    /// The value of the field `name`, if the view has one.
    func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
}
