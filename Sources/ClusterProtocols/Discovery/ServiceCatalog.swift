import ClusterSim

/// The service catalog, held as entries of the Raft-replicated key-value
/// store the servers already run (so registering is a Raft write and every
/// server's catalog is its applied state machine):
///
///     svc/n4/web            → port         a service registered on a node
///     tag/n4/web/v1         → 1            one of its tags
///     chk/n4/service:web    → 0, 1 or 2    a check: passing, warning, critical
///     chk/n4/serfHealth     → 0 or 2       the node check the leader keeps
///
/// The store cannot delete, so a deregistration writes `removed` (−1).
public struct ServiceCatalog: Sendable, Hashable {
    public static let removed: Int64 = -1
    /// The node check the servers own (Consul's `serfHealth`): agents never sync it.
    public static let serfHealth = "serfHealth"

    /// The live entries (nothing `removed`).
    public let entries: [String: Int64]

    public init(_ data: [String: Int64]) { entries = data.filter { $0.value != Self.removed } }

    public static func serviceKey(_ node: String, _ service: String) -> String { "svc/\(node)/\(service)" }
    public static func tagKey(_ node: String, _ service: String, _ tag: String) -> String { "tag/\(node)/\(service)/\(tag)" }
    public static func checkKey(_ node: String, _ check: String) -> String { "chk/\(node)/\(check)" }
    /// Consul's default id for a service's check.
    public static func serviceCheck(_ service: String) -> String { "service:\(service)" }

    /// The entries that belong to `node` (its services, tags and checks).
    public func entries(of node: String) -> [String: Int64] {
        entries.filter { $0.key.split(separator: "/").dropFirst().first.map(String.init) == node }
    }

    public func status(of check: String, on node: String) -> HealthStatus? {
        entries[Self.checkKey(node, check)].flatMap(HealthStatus.init(rawValue:))
    }

    /// Every registered instance of `service`, with its aggregated status,
    /// in node order; `nodeNamed` turns `n4` into a node.
    public func instances(of service: String, nodeNamed: (String) -> NodeID?) -> [ServiceInstance] {
        var out: [ServiceInstance] = []
        for (key, port) in entries where key.hasPrefix("svc/") {
            let parts = key.split(separator: "/").map(String.init)
            guard parts.count == 3, parts[2] == service, let node = nodeNamed(parts[1]) else { continue }
            let tagPrefix = "tag/\(parts[1])/\(service)/"
            let tags = entries.keys.filter { $0.hasPrefix(tagPrefix) }.map { String($0.dropFirst(tagPrefix.count)) }.sorted()
            let status = [Self.serfHealth, Self.serviceCheck(service)].compactMap { self.status(of: $0, on: parts[1]) }.max()
            out.append(ServiceInstance(node: node, port: Int(port), tags: tags, status: status ?? .passing))
        }
        return out.sorted { $0.node < $1.node }
    }

    /// A DNS-style lookup: the instances whose checks are not critical
    /// (Consul's default), or only the passing ones with `onlyPassing`.
    public func lookup(_ service: String, onlyPassing: Bool, nodeNamed: (String) -> NodeID?) -> [ServiceInstance] {
        instances(of: service, nodeNamed: nodeNamed).filter { onlyPassing ? $0.status == .passing : $0.status != .critical }
    }

    /// How many service instances are registered.
    public var serviceCount: Int { entries.keys.filter { $0.hasPrefix("svc/") }.count }
}
