/// What `clusterlab real NAME` was asked for, before a system checks it:
/// each system reads the options that apply to it and refuses the rest
/// with a `RealOptions.Invalid` that names the option.
public struct RealOptions: Sendable, Hashable {
    /// `--nodes` (etcd, ZooKeeper).
    public var nodes: Int?
    /// `--masters`, `--replicas` (Redis Cluster: replicas per master).
    public var masters: Int?
    public var replicas: Int?
    /// `--backends`, `--strategy` (HAProxy).
    public var backends: Int?
    public var strategy: String?
    /// `--node-timeout-ms` (Redis Cluster's cluster-node-timeout; ZooKeeper's tickTime-based limits).
    public var nodeTimeoutMs: Int?
    /// `--clients`: client workers (each system has a default).
    public var clients: Int?
    /// Seeds the clients' choices (the cluster itself is not deterministic).
    public var seed: UInt64
    /// The clusterlab executable, for systems whose nodes are clusterlab itself (HAProxy's backends).
    public var selfExecutable: String

    public init(nodes: Int? = nil, masters: Int? = nil, replicas: Int? = nil, backends: Int? = nil,
                strategy: String? = nil, nodeTimeoutMs: Int? = nil, clients: Int? = nil, seed: UInt64 = 1, selfExecutable: String = "/proc/self/exe") {
        self.nodes = nodes; self.masters = masters; self.replicas = replicas; self.backends = backends
        self.strategy = strategy; self.nodeTimeoutMs = nodeTimeoutMs; self.clients = clients; self.seed = seed; self.selfExecutable = selfExecutable
    }

    /// An option a system cannot take, or a value out of its range.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Refuses any option in `names` that was given (`--masters` to etcd).
    public func refuse(_ names: [String], for system: String) throws {
        let given: [String: Bool] = ["--nodes": nodes != nil, "--masters": masters != nil, "--replicas": replicas != nil,
                                     "--backends": backends != nil, "--strategy": strategy != nil, "--node-timeout-ms": nodeTimeoutMs != nil]
        for n in names where given[n] == true { throw Invalid("\(n) does not apply to \(system)") }
    }

    /// `value` (default `fallback`) checked to lie in `range`, else an error naming `option`.
    public static func count(_ value: Int?, _ option: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        let v = value ?? fallback
        guard range.contains(v) else { throw Invalid("\(option) \(v): must be \(range.lowerBound)…\(range.upperBound)") }
        return v
    }
}
