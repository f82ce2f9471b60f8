import ClusterSim

/// Consul-style service discovery as scenario files name it.
///
/// ```yaml
/// protocol: consul
/// nodes: 6        # n1–n3 servers (consul_servers), n4–n6 agents running the service
/// clients: 1      # c1, a load balancer that finds its backends by lookup
/// parameters: {consul_servers: 3, service: web, port: 8080, tags: "v1",
///              check_interval: 100ms, sync_interval: 2s, rpc_timeout: 300ms,
///              reconcile_interval: 500ms, only_passing: false,
///              election_timeout: 150ms, heartbeat: 50ms, swim_period: 200ms,
///              suspicion_timeout: 1s, mutations: [lookup-ignores-health]}
/// workload: {lookup_interval: 200ms, request_interval: 10ms}
/// ```
enum DiscoveryProtocol {
    static let parameters: [ParameterSpec] = [
        .count("consul_servers", 1...7, note: "fewer than nodes"),
        .init("service", .text), .count("port", 1...65_535), .init("tags", .text, note: "comma-separated"),
        .timer("check_interval"), .timer("sync_interval"), .timer("rpc_timeout"), .timer("reconcile_interval"),
        .init("only_passing", .flag),
        .timer("election_timeout"), .timer("heartbeat"), .timer("swim_period"), .timer("suspicion_timeout"),
        .init("mutations", .words(DiscoveryMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = [.timer("lookup_interval"), .timer("request_interval")]

    static let definition = ProtocolDefinition(
        name: "consul",
        summary: "Consul-style service discovery: a catalog replicated by Raft, agents with health checks and anti-entropy, SWIM, a balancer using lookups.",
        defaultServers: 6, defaultClients: 1,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let sim = Simulation<DiscoveryProcess>(scenario: scenario, config: try config(scenario), options: options)
            DiscoveryInvariants.install(on: sim)
            return sim
        })

    static func config(_ scenario: Scenario) throws -> DiscoveryConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = DiscoveryConfig()
        c.consulServers = try p.int("consul_servers", default: min(c.consulServers, max(1, scenario.servers - 1)))
        guard c.consulServers < scenario.servers else {
            let at = try p.field("consul_servers") ?? scenario.protocolField
            throw at.error("consul needs at least one agent: consul_servers (\(c.consulServers)) must be below nodes (\(scenario.servers))")
        }
        let name = try p.text("service") ?? c.service.name
        guard !name.isEmpty, !name.contains(where: { $0 == "/" || $0 == " " }) else {
            throw try p.field("service")!.error("a service name is one word without '/'")
        }
        c.service.name = name
        c.service.port = try p.int("port", default: c.service.port)
        c.service.tags = (try p.text("tags") ?? c.service.tags.joined(separator: ","))
            .split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        c.checkInterval = try p.duration("check_interval", default: c.checkInterval)
        c.syncInterval = try p.duration("sync_interval", default: c.syncInterval)
        c.rpcTimeout = try p.duration("rpc_timeout", default: c.rpcTimeout)
        c.reconcileInterval = try p.duration("reconcile_interval", default: c.reconcileInterval)
        c.onlyPassing = try p.bool("only_passing", default: c.onlyPassing)
        c.raft.electionTimeout = try p.duration("election_timeout", default: c.raft.electionTimeout)
        c.raft.heartbeatInterval = try p.duration("heartbeat", default: c.raft.heartbeatInterval)
        c.swim.period = try p.duration("swim_period", default: c.swim.period)
        c.swim.suspicionTimeout = try p.duration("suspicion_timeout", default: c.swim.suspicionTimeout)
        for m in try p.words("mutations") ?? [] { c.mutations.insert(DiscoveryMutation(rawValue: m)!) }
        c.lookupInterval = try w.duration("lookup_interval", default: c.lookupInterval)
        c.requestInterval = try w.duration("request_interval", default: c.requestInterval)
        return c
    }
}

extension String {
    var trimmedSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
