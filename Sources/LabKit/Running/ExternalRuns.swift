import ClusterSim
import ClusterProtocols

/// Where a lab's runs come from: the protocol catalog (simulated, seeded),
/// or a factory registered for a protocol outside it. `maelstrom` runs real
/// node processes; the module that starts them depends on no lab code, so
/// the clusterlab executable (and tests) register its factory here.
public enum ExternalRuns {
    public typealias Factory = (_ scenario: Scenario, _ seed: UInt64?) throws -> ClusterRun
    /// Protocols a lab may name that are not in the catalog (their scenarios are not dry-run while loading).
    public static let protocolNames: Set<String> = ["maelstrom"]
    nonisolated(unsafe) private static var factories: [String: Factory] = [:]

    /// Makes `name`'s runs with `factory` from now on (call before any lab is loaded).
    public static func register(_ name: String, _ factory: @escaping Factory) { factories[name] = factory }
    /// Whether `name`'s runs can be made in this program.
    public static func isAvailable(_ name: String) -> Bool { factories[name] != nil }

    /// A run of `scenario`: from its registered factory, else from the catalog.
    static func makeRun(_ scenario: Scenario, seed: UInt64?) throws -> ClusterRun {
        if let make = factories[scenario.protocolName] { return try make(scenario, seed) }
        if protocolNames.contains(scenario.protocolName) {
            throw scenario.protocolField.error("protocol '\(scenario.protocolName)' runs real node processes: "
                                               + "play this lab with the clusterlab program (`clusterlab lab play … --bin PROGRAM`)")
        }
        return try ProtocolCatalog.makeRun(scenario, seed: seed)
    }
}
