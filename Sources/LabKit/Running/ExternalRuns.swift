import ClusterSim
import ClusterProtocols

/// Where a lab's runs come from: the protocol catalog (simulated, seeded),
/// or a factory registered for a protocol outside it. `maelstrom` runs real
/// node processes and `real-etcd`, `real-redis`, `real-haproxy`,
/// `real-zookeeper` real clusters; the modules that start them depend on no
/// lab code, so the clusterlab executable (and tests) register their
/// factories here.
public enum ExternalRuns {
    public typealias Factory = (_ scenario: Scenario, _ seed: UInt64?) throws -> ClusterRun
    /// What a real system says about a lab's cluster without starting it:
    /// how many servers it has. Throws a readable message for a parameter it refuses.
    public typealias RealCheck = (_ cluster: RealClusterSpec) throws -> Int
    /// The real systems a lab may name (`protocol: real-etcd`, `real: [etcd]`).
    public static let realSystems = ["etcd", "redis", "haproxy", "zookeeper"]
    /// Protocols a lab may name that are not in the catalog (their scenarios are not dry-run while loading).
    public static let protocolNames: Set<String> = Set(["maelstrom"] + realSystems.map(realProtocol))
    nonisolated(unsafe) private static var factories: [String: Factory] = [:]
    nonisolated(unsafe) private static var realChecks: [String: RealCheck] = [:]

    /// `real-etcd` for `etcd`.
    public static func realProtocol(_ system: String) -> String { "real-\(system)" }
    /// `etcd` for `real-etcd`; nil for any other protocol.
    public static func realSystem(of protocolName: String) -> String? {
        realSystems.first { realProtocol($0) == protocolName }
    }

    /// Makes `name`'s runs with `factory` from now on (call before any lab is loaded).
    public static func register(_ name: String, _ factory: @escaping Factory) { factories[name] = factory }
    /// Makes real `system`'s runs from now on: `check` answers for the lab
    /// files (no cluster is started to validate one), `make` starts the cluster.
    public static func registerReal(_ system: String, check: @escaping RealCheck,
                                    make: @escaping (_ cluster: RealClusterSpec, _ seed: UInt64?) throws -> ClusterRun) {
        realChecks[realProtocol(system)] = check
        factories[realProtocol(system)] = { scenario, seed in try make(try RealClusterSpec.read(scenario), seed) }
    }
    /// Whether `name`'s runs can be made in this program.
    public static func isAvailable(_ name: String) -> Bool { factories[name] != nil }
    /// The check registered for real protocol `name` (nil: no real system of that name in this program).
    static func realCheck(_ name: String) -> RealCheck? { realChecks[name] }

    /// A run of `scenario`: from its registered factory, else from the catalog.
    static func makeRun(_ scenario: Scenario, seed: UInt64?) throws -> ClusterRun {
        if let make = factories[scenario.protocolName] { return try make(scenario, seed) }
        if let system = realSystem(of: scenario.protocolName) {
            throw scenario.protocolField.error("protocol '\(scenario.protocolName)' runs a real \(system) cluster: "
                                               + "open this lab with the clusterlab program, as root (`clusterlab lab open …`)")
        }
        if protocolNames.contains(scenario.protocolName) {
            throw scenario.protocolField.error("protocol '\(scenario.protocolName)' runs real node processes: "
                                               + "play this lab with the clusterlab program (`clusterlab lab play … --bin PROGRAM`)")
        }
        return try ProtocolCatalog.makeRun(scenario, seed: seed)
    }
}
