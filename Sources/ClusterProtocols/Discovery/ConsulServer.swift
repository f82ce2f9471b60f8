import ClusterSim

/// What survives a crash: a server's Raft state, an agent's request counter.
public struct DiscoveryDurable: Sendable, Hashable {
    public var raft: RaftDurable?
    public var agentRequests = 0
    public init(raft: RaftDurable? = nil, agentRequests: Int = 0) { self.raft = raft; self.agentRequests = agentRequests }
}

/// A lookup a server answered, kept for the checker: which instances it
/// returned, and how far its catalog had applied the log then.
public struct LookupRecord: Sendable, Hashable {
    public var service: String
    public var instances: [ServiceInstance]
    public var appliedIndex: Int
}

/// A Consul server: a Raft server (`RaftServer`, unchanged) whose state
/// machine is the catalog, answering catalog reads and lookups from what it
/// has applied (Consul's DNS default `allow_stale`: any server answers), and,
/// while it leads, writing each node's `serfHealth` check from what the
/// gossip layer says of it.
public struct ConsulServer: Sendable {
    public internal(set) var raft: RaftServer
    let layout: ClusterLayout
    let config: DiscoveryConfig
    public internal(set) var lastLookup: LookupRecord?
    public internal(set) var lookups = 0
    /// serfHealth values this leader proposed in `proposedTerm`, not yet applied.
    var proposed: [String: Int64] = [:]
    var proposedTerm = 0

    static let embed = EmbeddedHandler<RaftProcess, DiscoveryProcess>(message: { .raft($0) }, timer: { .raft($0) })

    init(id: NodeID, layout: ClusterLayout, config: DiscoveryConfig, durable: RaftDurable?) {
        raft = RaftServer(id: id, serverCount: config.consulServers, config: config.raft, durable: durable)
        self.layout = layout; self.config = config
    }

    public var catalog: ServiceCatalog { ServiceCatalog(raft.store.data) }

    // MARK: Handlers

    mutating func start(_ context: inout DiscoveryContext) {
        persist(Self.embed.run(&context) { raft.start(&$0) }, &context)
        context.setTimer(.reconcile, after: config.reconcileInterval)
    }

    mutating func receive(_ message: DiscoveryMessage, from: NodeID, _ context: inout DiscoveryContext) {
        switch message {
        case .raft(let m):
            persist(Self.embed.run(&context) { raft.receive(m, from: from, &$0) }, &context)
        case .catalogRead(let r):
            context.send(.catalogState(request: r, entries: catalog.entries(of: layout.name(from))), to: from)
        case .lookup(let r, let service):
            context.send(.lookupReply(request: r, service: service, instances: lookup(service)), to: from)
        default:
            break
        }
    }

    mutating func timerFired(_ tag: DiscoveryTimer, _ context: inout DiscoveryContext, members: MembershipNode?) {
        switch tag {
        case .raft(let t):
            persist(Self.embed.run(&context) { raft.timerFired(t, &$0) }, &context)
        case .reconcile:
            // One write per handler (a Raft handler call each), the next soon after.
            let more = members.map { reconcileMembers($0, &context) } ?? false
            context.setTimer(.reconcile, after: more ? 1_000 : config.reconcileInterval)
        default:
            break
        }
    }

    func persist(_ raftDurable: RaftDurable?, _ context: inout DiscoveryContext) {
        if let d = raftDurable { context.persist(DiscoveryDurable(raft: d)) }
    }

    /// A DNS-style lookup answered from this server's catalog, remembered for the checker.
    mutating func lookup(_ service: String) -> [ServiceInstance] {
        let found = config.has(.lookupIgnoresHealth)
            ? catalog.instances(of: service, nodeNamed: layout.node(named:))
            : catalog.lookup(service, onlyPassing: config.onlyPassing, nodeNamed: layout.node(named:))
        lookups += 1
        lastLookup = LookupRecord(service: service, instances: found, appliedIndex: raft.lastApplied)
        return found
    }

    /// The leader's membership reconciliation (Consul's leader marks a
    /// failed member's `serfHealth` critical, and passing when it is alive
    /// again): one catalog write per node whose check the gossip view
    /// contradicts, each through the Raft log. Proposes the first; returns
    /// whether others remain.
    mutating func reconcileMembers(_ members: MembershipNode, _ context: inout DiscoveryContext) -> Bool {
        guard raft.role == .leader else { proposed = [:]; return false }
        if proposedTerm != raft.currentTerm { proposed = [:]; proposedTerm = raft.currentTerm }
        let stored = raft.store.data
        var writes: [(String, Int64)] = []
        for node in layout.servers {
            let key = ServiceCatalog.checkKey(layout.name(node), ServiceCatalog.serfHealth)
            let want = (members.status(of: node) == .dead ? HealthStatus.critical : .passing).rawValue
            if stored[key] == want { proposed[key] = nil; continue }
            if proposed[key] == want { continue }
            writes.append((key, want))
        }
        guard let (key, value) = writes.first else { return false }
        proposed[key] = value
        persist(Self.embed.run(&context) { raft.command("write \(key) \(value)", &$0) }, &context)
        return writes.count > 1
    }

    // MARK: Commands

    mutating func command(_ words: [String], _ context: inout DiscoveryContext) {
        switch (words.first, words.count) {
        case ("lookup", 2):
            let found = lookup(words[1])
            context.log("lookup \(words[1]): " + (found.isEmpty ? "no healthy instance" : found.map(\.description).joined(separator: " ")))
        case ("catalog", 1):
            let lines = catalog.entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            context.log("catalog (\(lines.count) entries): " + (lines.isEmpty ? "empty" : lines.joined(separator: " ")))
        default:
            context.log("unknown command '\(words.joined(separator: " "))' at a server: try lookup NAME or catalog")
        }
    }
}
