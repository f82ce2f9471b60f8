import Foundation
import ClusterProtocols

/// Forming the cluster the way `redis-cli --cluster create` does, step by
/// step (https://redis.io/docs/reference/cluster-spec/, "Cluster topology" and
/// https://redis.io/commands/cluster-meet/): MEET, slots, REPLICATE, then
/// wait for `cluster_state:ok` and for every replica's first sync. Every wait is bounded and ends in a message
/// that names the nodes that were not there yet.
extension RedisClusterSystem {
    /// How long each bootstrap stage may take.
    static let stageLimit: TimeInterval = 30

    public func bootstrap(addresses: [String], connect: RealConnect, log: (String) -> Void) throws {
        let port = Self.port
        func open(_ i: Int) throws -> RESPConnection {
            RESPConnection(address: addresses[i], tcp: try connect(addresses[i], port, requestTimeoutMs))
        }
        // 1. Every server answers, and says who it is.
        var connections: [RESPConnection?] = Array(repeating: nil, count: nodeCount)
        var ids: [String] = Array(repeating: "", count: nodeCount)
        try wait("every node to answer PING", log: log) {
            for i in 0..<nodeCount where connections[i] == nil {
                guard let c = try? open(i), (try? c.text("PING")) == "PONG", let id = try? c.text("CLUSTER", "MYID") else { continue }
                connections[i] = c; ids[i] = id
            }
            let missing = (0..<nodeCount).filter { connections[$0] == nil }.map { "n\($0 + 1)" }
            return missing.isEmpty ? nil : "no answer from " + missing.joined(separator: ", ")
        }
        let conns = connections.map { $0! }
        func nodes(_ i: Int) -> [RedisNodeLine] { (try? conns[i].text("CLUSTER", "NODES")).map(RedisNodeLine.parse) ?? [] }
        func info(_ i: Int) -> RedisClusterInfo { RedisClusterInfo((try? conns[i].text("CLUSTER", "INFO")) ?? "") }

        // 2. n1 meets everyone; gossip tells the rest about each other.
        for i in 1..<nodeCount { _ = try conns[0].text("CLUSTER", "MEET", addresses[i], String(port)) }
        try wait("every node to know all \(nodeCount)", log: log) {
            let short = (0..<nodeCount).filter { i in
                let known = Set(nodes(i).filter { !$0.flags.contains("handshake") && !$0.flags.contains("noaddr") }.map(\.id))
                return !Set(ids).isSubset(of: known)
            }
            return short.isEmpty ? nil : short.map { "n\($0 + 1) knows \(info($0).knownNodes)" }.joined(separator: ", ")
        }
        log("redis: all \(nodeCount) nodes know each other")

        // 3. Slots: master k takes its share, unless it already serves slots (a restarted run).
        for k in 0..<masters where (nodes(k).first(where: \.isMyself)?.slots.isEmpty ?? true) {
            let r = slotRange(ofMaster: k)
            _ = try conns[k].text("CLUSTER", "ADDSLOTSRANGE", String(r.lowerBound), String(r.upperBound))
            log("redis: n\(k + 1) serves slots \(r.lowerBound)-\(r.upperBound)")
        }

        // 4. Replicas follow their masters (once they have heard of them).
        for i in masters..<nodeCount {
            let m = master(of: i)!
            try wait("n\(i + 1) to replicate n\(m + 1)", log: log) {
                if nodes(i).first(where: \.isMyself)?.masterID == ids[m] { return nil }
                do { _ = try conns[i].text("CLUSTER", "REPLICATE", ids[m]); return nil } catch { return "\(error)" }
            }
            log("redis: n\(i + 1) replicates n\(m + 1)")
        }

        // 5. Every node agrees the cluster is up.
        try wait("cluster_state:ok on every node", log: log) {
            let down = (0..<nodeCount).compactMap { i -> String? in
                let s = info(i)
                return s.state == "ok" && s.slotsAssigned == RedisHashSlot.slotCount ? nil : "n\(i + 1) says \(s.state), \(s.slotsAssigned) slots"
            }
            return down.isEmpty ? nil : down.joined(separator: "; ")
        }
        log("redis: cluster_state ok on all \(nodeCount) nodes")

        // 6. Every replica has finished its first sync: until then it could
        //    never be promoted (its data would count as too old to serve).
        try wait("every replica's first sync", log: log) {
            let syncing = (masters..<nodeCount).filter { i in
                RedisClusterInfo((try? conns[i].text("INFO", "replication")) ?? "").fields["master_link_status"] != "up"
            }
            return syncing.isEmpty ? nil : syncing.map { "n\($0 + 1)" }.joined(separator: ", ") + " still syncing"
        }
    }

    /// Repeats `attempt` (nil = done, else what is still missing) every
    /// 200 ms for at most `stageLimit`, then throws the last answer.
    func wait(_ what: String, log: (String) -> Void, _ attempt: () throws -> String?) throws {
        let deadline = Date().addingTimeInterval(Self.stageLimit)
        while true {
            guard let missing = try attempt() else { return }
            if Date() >= deadline {
                throw RealOptions.Invalid("redis: waited \(Int(Self.stageLimit)) s for \(what): \(missing)")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
}
