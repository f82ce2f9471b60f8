import ClusterSim

/// A lab's real cluster as its scenario describes it, read without starting
/// anything (`protocol: real-etcd`, `nodes:`, `clients:`, and `parameters:`
/// with only the keys below). The clusterlab program turns it into the real
/// system's options; the system refuses what does not apply to it.
///
/// ```yaml
/// scenario:
///   protocol: real-redis
///   nodes: 6            # masters × (1 + replicas)
///   clients: 3
///   parameters: {masters: 3, replicas: 1, node_timeout_ms: 3000}
/// ```
public struct RealClusterSpec {
    /// `etcd`, `redis`, `haproxy`, `zookeeper`.
    public var system: String
    public var nodes: Int
    public var clients: Int
    public var masters: Int?
    public var replicas: Int?
    public var nodeTimeoutMs: Int?
    public var backends: Int?
    public var strategy: String?
    /// Seeds the clients' choices (the servers themselves are not deterministic).
    public var seed: UInt64
    /// Where problems with the cluster as a whole are reported (`protocol:`).
    public var protocolField: YAMLField
    /// Where problems with a parameter are reported (nil: the scenario has none).
    public var parametersField: YAMLField?

    /// The fields each system's node boxes show (its `RealNodeView`), for
    /// predicates written `n1.commit`; every real node also shows `leader`
    /// and `pid`. `field(n1, 'name')` reads any field without this list.
    public static let nodeFields: [String: Set<String>] = [
        "etcd": ["commit", "applied"],
        "redis": ["current_epoch", "slots", "slot_count", "replicates", "known", "seen", "state", "offset"],
        "haproxy": ["status", "check", "cur", "delay", "queue", "requests", "total", "up", "answers", "answered",
                    "share", "strategy", "healthy", "p50", "p99"],
        "zookeeper": ["mode", "zxid", "epoch", "nodes"],
    ]

    /// The keys `parameters:` may have in a real scenario.
    public static let parameterKeys = ["masters", "replicas", "node_timeout_ms", "backends", "strategy"]

    public init(system: String, nodes: Int, clients: Int, masters: Int? = nil, replicas: Int? = nil, nodeTimeoutMs: Int? = nil,
                backends: Int? = nil, strategy: String? = nil, seed: UInt64, protocolField: YAMLField, parametersField: YAMLField? = nil) {
        self.system = system; self.nodes = nodes; self.clients = clients; self.masters = masters; self.replicas = replicas
        self.nodeTimeoutMs = nodeTimeoutMs; self.backends = backends; self.strategy = strategy; self.seed = seed
        self.protocolField = protocolField; self.parametersField = parametersField
    }

    /// The real cluster `scenario` asks for; `file:line:column` errors for an
    /// unknown parameter, a value of the wrong kind, or a simulator-only setting.
    public static func read(_ scenario: Scenario) throws -> RealClusterSpec {
        guard let system = ExternalRuns.realSystem(of: scenario.protocolName) else {
            throw scenario.protocolField.error("'\(scenario.protocolName)' is not a real system")
        }
        if let w = scenario.workload {
            throw w.keyError("a real \(system) cluster runs its own clients' workload: 'workload:' does not apply (use 'clients:')")
        }
        if scenario.network != LinkSettings() || !scenario.links.isEmpty {
            throw scenario.protocolField.error("latency and loss are not available on a real cluster (this kernel has no netem): "
                                               + "leave 'network:' out; partitions and cuts come from the lab's steps")
        }
        if !scenario.actions.isEmpty {
            throw scenario.protocolField.error("a real cluster takes its faults from the lab's 'do:' steps, not scheduled 'actions:'")
        }
        var spec = RealClusterSpec(system: system, nodes: scenario.servers, clients: scenario.clients, seed: scenario.seed,
                                   protocolField: scenario.protocolField, parametersField: scenario.parameters)
        guard let field = scenario.parameters else { return spec }
        let map = try field.mapping(allowed: parameterKeys)
        spec.masters = try map["masters"]?.int(in: 1...64)
        spec.replicas = try map["replicas"]?.int(in: 0...8)
        spec.nodeTimeoutMs = try map["node_timeout_ms"]?.int(in: 1...3_600_000)
        spec.backends = try map["backends"]?.int(in: 1...64)
        spec.strategy = try map["strategy"]?.string()
        return spec
    }

    /// An error about the cluster's parameters, where they are written.
    public func error(_ message: String) -> SourceError {
        parametersField?.keyError(message) ?? protocolField.error(message)
    }
}
