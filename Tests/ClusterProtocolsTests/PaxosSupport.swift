import ClusterSim
import ClusterProtocols

/// Paxos runs for the tests: a simulation with the safety monitor installed.
enum PaxosRuns {
    /// Latency in a narrow band: two proposers with no back-off then pre-empt
    /// each other round after round (dueling proposers).
    static let narrowLatency = LinkSettings(latency: .uniform(min: 4_000, max: 6_000))

    static func config(proposers: Int = 0, backoff: Int64 = 30_000, mutant: PaxosMutant? = nil) -> PaxosConfig {
        var c = PaxosConfig()
        c.initialProposers = proposers
        c.backoff = backoff
        c.mutant = mutant
        return c
    }

    static func sim(_ config: PaxosConfig, servers: Int = 5, seed: UInt64, network: LinkSettings = LinkSettings(),
                    script: [(time: Int64, action: ClusterAction)] = []) -> (Simulation<PaxosNode>, PaxosSafetyMonitor) {
        let sim = Simulation<PaxosNode>(layout: ClusterLayout(servers: servers), config: config, seed: seed,
                                        network: network, script: script)
        return (sim, PaxosInvariants.install(on: sim))
    }

    /// The values the running servers learned, by server (nil: none yet, or crashed).
    static func learned(_ sim: Simulation<PaxosNode>) -> [String?] {
        sim.layout.servers.map { sim.node($0)?.chosen }
    }
}

/// Paxos driven by hand, one handler call at a time, as etcd-raft's
/// interaction tests drive Raft: the test picks which message arrives next,
/// and crashes and restarts nodes between steps. The same safety monitor a
/// simulation uses looks at the nodes after every step.
struct PaxosHand {
    let layout: ClusterLayout
    let config: PaxosConfig
    var nodes: [PaxosNode?]
    var durable: [PaxosDurable?]
    var inFlight: [(from: Int, to: Int, message: PaxosMessage)] = []
    let monitor: PaxosSafetyMonitor

    init(servers: Int, config: PaxosConfig) {
        layout = ClusterLayout(servers: servers)
        self.config = config
        nodes = .init(repeating: nil, count: servers)
        durable = .init(repeating: nil, count: servers)
        monitor = PaxosSafetyMonitor(acceptors: config.acceptorCount(servers: servers))
        for i in 0..<servers { restart(i) }
    }

    var violation: String? { monitor.violation.map { "\($0.property.rawValue): \($0.message)" } }

    /// One handler call at node `i`; its sends go in flight, its durable state is kept.
    mutating func step(_ i: Int, _ body: (inout PaxosNode, inout NodeContext<PaxosNode>) -> Void) {
        var ctx = NodeContext<PaxosNode>(id: NodeID(i), layout: layout)
        body(&nodes[i]!, &ctx)
        for s in ctx.sends { inFlight.append((i, s.to.index, s.message)) }
        if let d = ctx.persisted { durable[i] = d }
        monitor.observe(nodes)
    }

    mutating func propose(_ i: Int, _ value: String) { step(i) { $0.command("propose \(value)", &$1) } }

    /// Delivers the oldest message in flight from `from` to `to` of this kind (`Prepare`, `Accept`, …).
    mutating func deliver(_ from: Int, _ to: Int, _ kind: String) {
        guard let k = inFlight.firstIndex(where: { $0.from == from && $0.to == to && $0.message.kind == kind }) else {
            fatalError("no \(kind) in flight from n\(from + 1) to n\(to + 1): \(inFlight.map { "\($0)" })")
        }
        let m = inFlight.remove(at: k)
        step(to) { $0.receive(m.message, from: NodeID(from), &$1) }
    }

    /// Loses everything but the durable state.
    mutating func crash(_ i: Int) { nodes[i] = nil; monitor.observe(nodes) }

    mutating func restart(_ i: Int) {
        nodes[i] = PaxosNode(id: NodeID(i), layout: layout, config: config, durable: durable[i])
        step(i) { $0.start(&$1) }
    }
}
