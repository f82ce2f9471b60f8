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
    /// The top-level keys and what each accepts (Labs/README.md §3 lists them from here).
    public static let settings: [ParameterSpec] = [
        .init("name", .text), .init("description", .text),
        .init("protocol", .text, note: "a protocol from the catalog"),
        .init("seed", .seed),
        .count("nodes", 1...64),
        .count("clients", 0...64),
        .init("network", .section(NetworkReader.settings)),
        .init("parameters", .described("mapping read by the protocol (rows below)")),
        .init("workload", .described("mapping read by the protocol (rows below)")),
        .init("until", .duration(1...ParameterSpec.horizonRange.upperBound)),
        .init("actions", .described("list of actions (see `actions:`), each with `at`: duration "
                                    + ParameterSpec.span(ParameterSpec.horizonRange))),
    ]
    public static var keys: [String] { settings.map(\.key) }

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
        let map = try ParameterSection(field, declared: settings)
        let protoField = try map.field("protocol") ?? { throw field.error("missing required key 'protocol'") }()
        guard let proto = try map.text("protocol") else { throw protoField.error("missing protocol") }
        guard let defaultClientCount = defaultClients(proto) else {
            throw protoField.error("unknown protocol '\(proto)'")
        }
        let servers = try map.int("nodes", default: 3)
        let clients = try map.int("clients", default: defaultClientCount)
        let layout = ClusterLayout(servers: servers, clients: clients)
        let (network, links) = try map.field("network").map { try NetworkReader.read($0, layout: layout) } ?? (LinkSettings(), [])
        var s = Scenario(
            source: field.source, name: try map.text("name"), description: try map.text("description"),
            protocolName: proto, protocolField: protoField,
            seed: try map.seed("seed", default: 1), servers: servers, clients: clients,
            network: network, links: links,
            parameters: try map.described("parameters"), workload: try map.described("workload"),
            duration: try map.duration("until"), actions: [])
        if let acts = try map.described("actions") {
            s.actions = try acts.sequence().map { try ActionReader.read($0, layout: layout) }
        }
        return s
    }
}

/// Reads `network:` sections and link settings.
enum NetworkReader {
    /// Latencies, and their means, deviations and floors: at most an hour,
    /// so a latency times the largest slowdown stays far inside virtual time.
    static let latencyRange = ParameterSpec.delayRange
    static let linkSettings: [ParameterSpec] = [
        .init("latency", .described("duration \(ParameterSpec.span(latencyRange)), or `{constant: …}`, `{uniform: [min, max]}`, "
                                    + "`{exponential: {mean, min}}`, `{normal: {mean, stddev, min}}` of such durations")),
        .init("loss", .probability), .init("duplicate", .probability), .init("reorder", .probability),
        .init("slowdown", .number(0.01...1000)),
        .init("cut", .flag),
        .init("rate", .described("bytes per second \(ByteRate.format(ByteRate.range.lowerBound))–\(ByteRate.format(ByteRate.range.upperBound)) "
                                 + "(`1MB/s`, `64kB/s`, `1MiB/s`, `10Mbit/s`), or `off`; messages queue behind each other")),
    ]
    static let settings = linkSettings + [
        .init("links", .described("list of `from`, `to`, `both_ways` and any of the link keys above")),
    ]
    static var linkKeys: [String] { linkSettings.map(\.key) }

    static func read(_ field: YAMLField, layout: ClusterLayout) throws
        -> (LinkSettings, [(from: NodeID, to: NodeID, settings: LinkSettings)]) {
        let section = try ParameterSection(field, declared: settings)
        let defaults = try settings(section, base: LinkSettings())
        var links: [(from: NodeID, to: NodeID, settings: LinkSettings)] = []
        if let list = try section.described("links") {
            for item in try list.sequence() {
                let m = try item.mapping(allowed: ["from", "to", "both_ways"] + linkKeys)
                let from = try NodeNames.node(try m.required("from"), layout)
                let to = try NodeNames.node(try m.required("to"), layout)
                if from == to { throw item.error("a link joins two different nodes") }
                let s = try settings(ParameterSection(m, declared: linkSettings), base: defaults)
                links.append((from, to, s))
                if try m["both_ways"]?.bool() ?? false { links.append((to, from, s)) }
            }
        }
        return (defaults, links)
    }

    static func settings(_ p: ParameterSection, base: LinkSettings) throws -> LinkSettings {
        var s = base
        if let l = try p.described("latency") { s.latency = try latency(l) }
        s.loss = try p.probability("loss", default: s.loss)
        s.duplicate = try p.probability("duplicate", default: s.duplicate)
        s.reorder = try p.probability("reorder", default: s.reorder)
        s.slowdown = try p.double("slowdown", default: s.slowdown)
        s.cut = try p.bool("cut", default: s.cut)
        if let r = try p.described("rate") { s.rate = try rate(r) }
        return s
    }

    /// `1MB/s`, `64kB/s`, `10Mbit/s` in bytes per second, or nil for `off` (no limit).
    static func rate(_ f: YAMLField) throws -> Int64? {
        let example = "a rate such as 1MB/s, 64kB/s or 10Mbit/s, or off"
        let text = try f.plainScalar(example)
        if text == "off" { return nil }
        guard let v = ByteRate.parse(text) else { throw f.error("expected \(example), found '\(text)'") }
        guard ByteRate.range.contains(v) else {
            throw f.error("\(text) is out of range: expected \(ByteRate.format(ByteRate.range.lowerBound)) to \(ByteRate.format(ByteRate.range.upperBound))")
        }
        return v
    }

    /// `5ms`, `{constant: 5ms}`, `{uniform: [1ms, 10ms]}`,
    /// `{exponential: {mean: 5ms, min: 1ms}}`, `{normal: {mean: 5ms, stddev: 1ms, min: 1ms}}`.
    static func latency(_ f: YAMLField) throws -> LatencyDistribution {
        func duration(_ v: YAMLField) throws -> Int64 { try v.duration(in: latencyRange) }
        if case .scalar = f.node { return .constant(try duration(f)) }
        let m = try f.mapping(allowed: ["constant", "uniform", "exponential", "normal"])
        guard m.fields.count == 1, let (kind, v) = m.fields.first.map({ ($0.key, $0.value) }) else {
            throw f.error("give exactly one of constant, uniform, exponential, normal")
        }
        switch kind {
        case "constant": return .constant(try duration(v))
        case "uniform":
            let bounds = try v.sequence()
            guard bounds.count == 2 else { throw v.error("uniform takes two durations: [min, max]") }
            let lo = try duration(bounds[0]), hi = try duration(bounds[1])
            guard lo <= hi else { throw v.error("uniform's min is larger than its max") }
            return .uniform(min: lo, max: hi)
        case "exponential":
            let e = try v.mapping(allowed: ["mean", "min"])
            return .exponential(mean: try duration(e.required("mean")), min: try e["min"].map(duration) ?? 0)
        default:
            let n = try v.mapping(allowed: ["mean", "stddev", "min"])
            return .normal(mean: try duration(n.required("mean")), stddev: try duration(n.required("stddev")),
                           min: try n["min"].map(duration) ?? 0)
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
