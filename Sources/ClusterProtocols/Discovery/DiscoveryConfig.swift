import ClusterSim

/// Per-run parameters of a Consul-style cluster. The first `consulServers`
/// nodes are servers (the Raft group holding the catalog); every other node
/// is an agent running the service; clients are load balancers that find
/// the service through lookups. Durations are virtual microseconds.
public struct DiscoveryConfig: Sendable, Hashable {
    /// How many nodes are servers (n1…); the rest are agents.
    public var consulServers = 3
    /// The servers' Raft; its own defaults.
    public var raft = RaftConfig()
    /// Membership and failure detection among all nodes (Consul uses Serf, a SWIM).
    public var swim = MembershipConfig(detector: .swim)
    /// The service every agent registers when it starts.
    public var service = ServiceDefinition(name: "web", port: 8080, tags: ["v1"])
    /// How often an agent runs each service's health check.
    public var checkInterval: Int64 = 100_000
    /// How often an agent runs a full anti-entropy sync with the catalog.
    public var syncInterval: Int64 = 2_000_000
    /// When an agent runs its first full sync (which registers its services).
    public var firstSync: Int64 = 500_000
    /// How long an agent waits for a catalog read or write before trying another server.
    public var rpcTimeout: Int64 = 300_000
    /// How often the leader reconciles membership into `serfHealth` checks.
    public var reconcileInterval: Int64 = 500_000
    /// Lookups leave out warning instances too (Consul's `dns_config.only_passing`).
    public var onlyPassing = false
    /// How often a balancer looks the service up again (a DNS TTL of this).
    public var lookupInterval: Int64 = 200_000
    /// How often a balancer sends a request to a backend.
    public var requestInterval: Int64 = 10_000
    /// Deliberate bugs, for proving the checkers can fail. Empty in normal runs.
    public var mutations: Set<DiscoveryMutation> = []

    public init() {}

    func has(_ m: DiscoveryMutation) -> Bool { !mutations.isEmpty && mutations.contains(m) }
}

/// A service an agent registers: Consul's name, port and tags.
public struct ServiceDefinition: Sendable, Hashable {
    public var name: String
    public var port: Int
    public var tags: [String]
    public init(name: String, port: Int, tags: [String]) { self.name = name; self.port = port; self.tags = tags }
}

/// A health check's status, ordered from best to worst (Consul's passing,
/// warning, critical).
public enum HealthStatus: Int64, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case passing = 0, warning = 1, critical = 2

    public init?(word: String) {
        guard let s = HealthStatus.allCases.first(where: { $0.description == word }) else { return nil }
        self = s
    }
    public var description: String {
        switch self { case .passing: return "passing"; case .warning: return "warning"; case .critical: return "critical" }
    }
    public static func < (a: HealthStatus, b: HealthStatus) -> Bool { a.rawValue < b.rawValue }
}

/// Deliberate bugs, each caught by a test.
public enum DiscoveryMutation: String, Sendable, Hashable, CaseIterable {
    /// Lookups return every registered instance, whatever its checks say.
    case lookupIgnoresHealth = "lookup-ignores-health"
    /// Agents run one full sync at start, then only push changes, so a
    /// change lost while the catalog was unreachable is never repaired.
    case noAntiEntropy = "no-anti-entropy"
}
