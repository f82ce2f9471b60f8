/// A scenario file: which protocol, how many nodes, what network, which seed,
/// and what happens when. It becomes the `scenario:` part of a lab file, so
/// protocol-specific settings live under `parameters:` and `workload:` and
/// are read (strictly) by the protocol itself.
///
/// ```yaml
/// protocol: gossip
/// seed: 7
/// nodes: 5
/// network:
///   latency: {uniform: [1ms, 10ms]}
///   loss: 5%
/// until: 3s
/// actions:
///   - {at: 500ms, partition: "n1 n2 | n3 n4 n5"}
///   - {at: 1500ms, heal: true}
/// ```
public struct Scenario {
    public static let keys = ["name", "description", "protocol", "seed", "nodes", "clients", "network",
                              "parameters", "workload", "until", "actions"]

    public var source: SourceText
    public var name: String?
    public var description: String?
    public var protocolName: String
    /// Where `protocol:` was written, to point at an unknown protocol.
    public var protocolField: YAMLField
    public var seed: UInt64
    public var servers: Int
    public var clients: Int
    public var network: LinkSettings
    /// Per-link overrides applied before the run starts.
    public var links: [(from: NodeID, to: NodeID, settings: LinkSettings)]
    /// Protocol-specific settings, read by the protocol.
    public var parameters: YAMLField?
    public var workload: YAMLField?
    /// How long `run` runs by default, in microseconds.
    public var duration: Int64?
    public var actions: [(time: Int64, action: ClusterAction)]

    public var layout: ClusterLayout { ClusterLayout(servers: servers, clients: clients) }

    /// Everything the scenario does before and while it runs, as engine actions.
    public var script: [(time: Int64, action: ClusterAction)] {
        links.map { (time: Int64(0), action: ClusterAction.setLink(from: $0.from, to: $0.to, $0.settings)) } + actions
    }

    /// Reads a scenario. `defaultClients` gives the client count a protocol
    /// uses when the file does not say (nil: the protocol is unknown).
    public static func parse(_ source: SourceText, defaultClients: (String) -> Int?) throws -> Scenario {
        try parse(YAMLField.document(source), defaultClients: defaultClients)
    }

    /// Reads a scenario from a mapping inside a larger document (a lab's `scenario:`).
    public static func parse(_ field: YAMLField, defaultClients: (String) -> Int?) throws -> Scenario {
        let map = try field.mapping(allowed: keys)
        let protoField = try map.required("protocol")
        let proto = try protoField.string()
        guard let defaultClientCount = defaultClients(proto) else {
            throw protoField.error("unknown protocol '\(proto)'")
        }
        let servers = try map["nodes"]?.int(in: 1...64) ?? 3
        let clients = try map["clients"]?.int(in: 0...64) ?? defaultClientCount
        let layout = ClusterLayout(servers: servers, clients: clients)
        let (network, links) = try map["network"].map { try NetworkReader.read($0, layout: layout) } ?? (LinkSettings(), [])
        var s = Scenario(
            source: field.source, name: try map["name"]?.string(), description: try map["description"]?.string(),
            protocolName: proto, protocolField: protoField,
            seed: try map["seed"]?.uint64() ?? 1, servers: servers, clients: clients,
            network: network, links: links,
            parameters: map["parameters"], workload: map["workload"],
            duration: try map["until"]?.duration(), actions: [])
        if let acts = map["actions"] {
            s.actions = try acts.sequence().map { try ActionReader.read($0, layout: layout) }
        }
        return s
    }
}

/// Reads `network:` sections and link settings.
enum NetworkReader {
    static let linkKeys = ["latency", "loss", "duplicate", "reorder", "slowdown", "cut"]

    static func read(_ field: YAMLField, layout: ClusterLayout) throws
        -> (LinkSettings, [(from: NodeID, to: NodeID, settings: LinkSettings)]) {
        let map = try field.mapping(allowed: linkKeys + ["links"])
        let defaults = try settings(map, base: LinkSettings())
        var links: [(from: NodeID, to: NodeID, settings: LinkSettings)] = []
        if let list = map["links"] {
            for item in try list.sequence() {
                let m = try item.mapping(allowed: ["from", "to", "both_ways"] + linkKeys)
                let from = try NodeNames.node(try m.required("from"), layout)
                let to = try NodeNames.node(try m.required("to"), layout)
                if from == to { throw item.error("a link joins two different nodes") }
                let s = try settings(m, base: defaults)
                links.append((from, to, s))
                if try m["both_ways"]?.bool() ?? false { links.append((to, from, s)) }
            }
        }
        return (defaults, links)
    }

    static func settings(_ m: YAMLMapping, base: LinkSettings) throws -> LinkSettings {
        var s = base
        if let l = m["latency"] { s.latency = try latency(l) }
        if let v = m["loss"] { s.loss = try v.probability() }
        if let v = m["duplicate"] { s.duplicate = try v.probability() }
        if let v = m["reorder"] { s.reorder = try v.probability() }
        if let v = m["slowdown"] { s.slowdown = try v.double(in: 0.01...1000) }
        if let v = m["cut"] { s.cut = try v.bool() }
        return s
    }

    /// `5ms`, `{constant: 5ms}`, `{uniform: [1ms, 10ms]}`,
    /// `{exponential: {mean: 5ms, min: 1ms}}`, `{normal: {mean: 5ms, stddev: 1ms, min: 1ms}}`.
    static func latency(_ f: YAMLField) throws -> LatencyDistribution {
        if case .scalar = f.node { return .constant(try f.duration()) }
        let m = try f.mapping(allowed: ["constant", "uniform", "exponential", "normal"])
        guard m.fields.count == 1, let (kind, v) = m.fields.first.map({ ($0.key, $0.value) }) else {
            throw f.error("give exactly one of constant, uniform, exponential, normal")
        }
        switch kind {
        case "constant": return .constant(try v.duration())
        case "uniform":
            let bounds = try v.sequence()
            guard bounds.count == 2 else { throw v.error("uniform takes two durations: [min, max]") }
            let lo = try bounds[0].duration(), hi = try bounds[1].duration()
            guard lo <= hi else { throw v.error("uniform's min is larger than its max") }
            return .uniform(min: lo, max: hi)
        case "exponential":
            let e = try v.mapping(allowed: ["mean", "min"])
            return .exponential(mean: try e.required("mean").duration(), min: try e["min"]?.duration() ?? 0)
        default:
            let n = try v.mapping(allowed: ["mean", "stddev", "min"])
            return .normal(mean: try n.required("mean").duration(), stddev: try n.required("stddev").duration(),
                           min: try n["min"]?.duration() ?? 0)
        }
    }
}

/// Reads node names (`n3`, `c1`) with errors that list what exists.
public enum NodeNames {
    public static func node(_ f: YAMLField, _ layout: ClusterLayout) throws -> NodeID {
        let name = try f.string()
        guard let id = layout.node(named: name) else { throw f.error(unknownNode(name, layout)) }
        return id
    }

    public static func unknownNode(_ name: String, _ layout: ClusterLayout) -> String {
        let clients = layout.clientCount > 0 ? " and c1…c\(layout.clientCount)" : ""
        return "unknown node '\(name)': this cluster has n1…n\(layout.serverCount)\(clients)"
    }
}

extension Simulation {
    /// The run a scenario describes: its layout, seed, network and script,
    /// with the protocol's own config (read from `parameters:` by the protocol).
    public convenience init(scenario: Scenario, config: Node.Config, options: SimulationOptions) {
        self.init(layout: scenario.layout, config: config, seed: scenario.seed, network: scenario.network,
                  script: scenario.script, options: options)
    }
}
