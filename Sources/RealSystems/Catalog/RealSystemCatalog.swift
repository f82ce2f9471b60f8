/// Every real system `clusterlab real NAME` can start: one line each.
public enum RealSystemCatalog {
    public typealias Make = @Sendable (RealOptions) throws -> RealSystem

    /// name -> (one-line description, factory). Add a system with one line.
    public static let all: [(name: String, about: String, make: Make)] = [
        ("etcd", "etcd 3.4 (Raft), register workload, linearizability", { try EtcdSystem(options: $0) }),
        ("zookeeper", ZooKeeperSystem.about, { try ZooKeeperSystem(options: $0) }),
        ("haproxy", "HAProxy 2.6 over clusterlab's HTTP backends (the last one slow), balancer metrics", { try HAProxySystem(options: $0) }),
        ("redis", "Redis Cluster 7.0 (masters, replicas, failover), SET/GET workload, lost writes", { try RedisClusterSystem(options: $0) }),
    ]

    public static var names: [String] { all.map(\.name) }

    /// The system `name` configured by `options`; a readable error for an unknown name or a bad option.
    public static func make(_ name: String, _ options: RealOptions) throws -> RealSystem {
        guard let entry = all.first(where: { $0.name == name }) else {
            throw RealOptions.Invalid("no real system '\(name)': choose one of \(names.joined(separator: ", "))")
        }
        return try entry.make(options)
    }
}
