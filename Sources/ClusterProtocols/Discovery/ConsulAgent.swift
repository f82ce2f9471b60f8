import ClusterSim

/// The effects a Consul-style node's handler collects.
public typealias DiscoveryContext = NodeContext<DiscoveryProcess>

/// A client agent: it owns its node's services and their health checks,
/// answers the requests a balancer sends its service, and keeps the catalog
/// in step with its own state by anti-entropy (Consul's agent/ae): every
/// change is pushed once, at once, and a periodic full sync reads what the
/// catalog holds for this node and writes every difference — the agent's
/// state is authoritative, so entries it does not have are removed. A push
/// that fails is not retried: repairing it is the full sync's job.
public struct ConsulAgent: Sendable, Hashable {
    /// One service on this node: what it really is like (`condition`, set
    /// by a scenario or a person) and what its check last found.
    public struct LocalService: Sendable, Hashable {
        public var definition: ServiceDefinition
        public var condition: HealthStatus = .passing
        public var check: HealthStatus = .passing
    }

    /// A catalog write waiting to be sent.
    struct Write: Sendable, Hashable { var key: String; var value: Int64 }

    /// The catalog read or write in flight, to which server.
    enum RPC: Sendable, Hashable {
        case read(request: Int, to: NodeID)
        case write(request: Int, Write, to: NodeID)
        case lookup(request: Int, service: String, to: NodeID)
        var isWrite: Bool { if case .write = self { return true } else { return false } }
        var request: Int {
            switch self { case .read(let r, _), .write(let r, _, _), .lookup(let r, _, _): return r }
        }
    }

    public let id: NodeID
    let layout: ClusterLayout
    let config: DiscoveryConfig
    public internal(set) var services: [String: LocalService] = [:]
    var queue: [Write] = []
    var inFlight: RPC?
    /// Request numbers only grow, across restarts too (the catalog's store
    /// ignores a client's request older than its latest).
    var nextRequest: Int
    /// The server this agent talks to: the leader, once a redirect names it.
    var server: NodeID
    public internal(set) var fullSyncs = 0
    public internal(set) var writesApplied = 0
    /// Differences the latest full sync found.
    public internal(set) var lastDifferences = 0
    public internal(set) var served = 0
    public internal(set) var failed = 0

    init(id: NodeID, layout: ClusterLayout, config: DiscoveryConfig, requests: Int) {
        self.id = id; self.layout = layout; self.config = config
        nextRequest = requests
        server = NodeID(id.index % max(1, config.consulServers))
        services[config.service.name] = LocalService(definition: config.service)
    }

    var nodeName: String { layout.name(id) }

    /// What the catalog should hold for this node, by the agent's state.
    var localEntries: [String: Int64] {
        var out: [String: Int64] = [:]
        for (name, s) in services {
            out[ServiceCatalog.serviceKey(nodeName, name)] = Int64(s.definition.port)
            for t in s.definition.tags { out[ServiceCatalog.tagKey(nodeName, name, t)] = 1 }
            out[ServiceCatalog.checkKey(nodeName, ServiceCatalog.serviceCheck(name))] = s.check.rawValue
        }
        return out
    }

    // MARK: Handlers

    mutating func start(_ context: inout DiscoveryContext) {
        // The first full sync registers everything, once a leader has had time to emerge.
        context.setTimer(.check, after: config.checkInterval)
        context.setTimer(.antiEntropy, after: config.firstSync, jitter: config.firstSync / 5)
    }

    mutating func timerFired(_ tag: DiscoveryTimer, _ context: inout DiscoveryContext) {
        switch tag {
        case .check:
            runChecks(&context)
            context.setTimer(.check, after: config.checkInterval)
        case .antiEntropy:
            if inFlight == nil, queue.isEmpty {
                send(.read(request: takeRequest(&context), to: server), &context)
            }
            if !(config.has(.noAntiEntropy) && fullSyncs > 0) {
                context.setTimer(.antiEntropy, after: config.syncInterval, jitter: config.syncInterval / 4)
            }
        case .rpcTimeout(let r):
            guard let rpc = inFlight, rpc.request == r else { return }
            context.log("no answer from \(layout.name(target(of: rpc))) in \(DurationText.format(config.rpcTimeout))"
                        + (rpc.isWrite ? "; the next anti-entropy sync will repair it" : ""))
            inFlight = nil
            server = NodeID((server.index + 1) % config.consulServers)
            pump(&context)
        case .retry:
            pump(&context)
        default:
            break
        }
    }

    mutating func receive(_ message: DiscoveryMessage, from: NodeID, _ context: inout DiscoveryContext) {
        switch message {
        case .serviceRequest(let r):
            let up = services[config.service.name].map { $0.condition != .critical } ?? false
            if up { served += 1 } else { failed += 1 }
            context.send(.serviceReply(request: r, ok: up), to: from)
        case .catalogState(let r, let entries):
            guard case .read(r, _)? = inFlight else { return }
            inFlight = nil
            context.cancelTimer(.rpcTimeout(r))
            reconcile(with: entries, &context)
        case .lookupReply(let r, let service, let instances):
            guard case .lookup(r, _, _)? = inFlight else { return }
            inFlight = nil
            context.cancelTimer(.rpcTimeout(r))
            context.log("lookup \(service): " + (instances.isEmpty ? "no healthy instance" : instances.map(\.description).joined(separator: " ")))
            pump(&context)
        case .raft(.clientReply(let r, let outcome)):
            guard case .write(r, let w, _)? = inFlight else { return }
            inFlight = nil
            context.cancelTimer(.rpcTimeout(r))
            switch outcome {
            case .result(.ok):
                writesApplied += 1
                pump(&context)
            case .redirect(let leader?):
                server = leader
                requeue(w)
                pump(&context)
            case .redirect(nil), .result:
                // No leader known, or the leader lost office: the write is
                // dropped, and the next full sync writes whatever still differs.
                context.log("catalog write \(w.key) failed (\(outcome)); the next anti-entropy sync will repair it")
                server = NodeID((server.index + 1) % config.consulServers)
                context.setTimer(.retry, after: config.raft.heartbeatInterval)
            }
        default:
            break
        }
    }

    // MARK: Checks and anti-entropy

    /// Runs every check; a status that changed is pushed to the catalog at once.
    mutating func runChecks(_ context: inout DiscoveryContext) {
        for name in services.keys.sorted() {
            let found = services[name]!.condition
            guard found != services[name]!.check else { continue }
            services[name]!.check = found
            context.log("check \(ServiceCatalog.serviceCheck(name)) is now \(found)")
            context.stateChanged("\(nodeName) \(name) \(found)")
            enqueue(ServiceCatalog.checkKey(nodeName, ServiceCatalog.serviceCheck(name)), found.rawValue)
        }
        pump(&context)
    }

    /// A full sync's second half: every difference between this agent's
    /// state and the catalog's entries for this node becomes a write.
    mutating func reconcile(with catalog: [String: Int64], _ context: inout DiscoveryContext) {
        fullSyncs += 1
        let local = localEntries
        let mine = ServiceCatalog(catalog).entries(of: nodeName)
        var differences = 0
        for (k, v) in local.sorted(by: { $0.key < $1.key }) where mine[k] != v {
            enqueue(k, v); differences += 1
        }
        let serf = ServiceCatalog.checkKey(nodeName, ServiceCatalog.serfHealth)
        for k in mine.keys.sorted() where local[k] == nil && k != serf {
            enqueue(k, ServiceCatalog.removed); differences += 1
        }
        lastDifferences = differences
        context.log("anti-entropy: " + (differences == 0 ? "catalog in sync" : "\(differences) difference(s) to write"))
        pump(&context)
    }

    mutating func enqueue(_ key: String, _ value: Int64) {
        queue.removeAll { $0.key == key }
        queue.append(Write(key: key, value: value))
    }

    /// Puts an unfinished write back unless a newer value for its key is queued.
    mutating func requeue(_ w: Write) {
        if !queue.contains(where: { $0.key == w.key }) { queue.insert(w, at: 0) }
    }

    /// Sends the next queued write if nothing is in flight (one at a time,
    /// so the catalog applies this agent's writes in order).
    mutating func pump(_ context: inout DiscoveryContext) {
        guard inFlight == nil, !queue.isEmpty else { return }
        let w = queue.removeFirst()
        send(.write(request: takeRequest(&context), w, to: server), &context)
    }

    mutating func takeRequest(_ context: inout DiscoveryContext) -> Int {
        nextRequest += 1
        context.persist(DiscoveryDurable(agentRequests: nextRequest))
        return nextRequest
    }

    func target(of rpc: RPC) -> NodeID {
        switch rpc { case .read(_, let t), .write(_, _, let t), .lookup(_, _, let t): return t }
    }

    mutating func send(_ rpc: RPC, _ context: inout DiscoveryContext) {
        inFlight = rpc
        switch rpc {
        case .read(let r, let to): context.send(.catalogRead(request: r), to: to)
        case .write(let r, let w, let to):
            context.send(.raft(.clientRequest(request: r, op: .write(w.key, w.value))), to: to)
        case .lookup(let r, let service, let to): context.send(.lookup(request: r, service: service), to: to)
        }
        context.setTimer(.rpcTimeout(rpc.request), after: config.rpcTimeout)
    }

    // MARK: Commands

    /// `check NAME STATUS`, `register NAME PORT [TAG,TAG]`, `deregister NAME`, `lookup NAME`.
    mutating func command(_ words: [String], _ context: inout DiscoveryContext) {
        switch (words.first, words.count) {
        case ("check", 3):
            guard services[words[1]] != nil else { return context.log("no service '\(words[1])' on \(nodeName)") }
            guard let s = HealthStatus(word: words[2]) else {
                return context.log("unknown status '\(words[2])': passing, warning or critical")
            }
            services[words[1]]!.condition = s
            context.log("service \(words[1]) is now \(s); its check will notice within \(DurationText.format(config.checkInterval))")
        case ("register", 3), ("register", 4):
            guard let port = Int(words[2]), (1...65535).contains(port) else {
                return context.log("register: port '\(words[2])' is not 1–65535")
            }
            let tags = words.count == 4 ? words[3].split(separator: ",").map(String.init) : []
            if let old = services[words[1]] {
                for t in old.definition.tags where !tags.contains(t) {
                    enqueue(ServiceCatalog.tagKey(nodeName, words[1], t), ServiceCatalog.removed)
                }
            }
            services[words[1]] = LocalService(definition: ServiceDefinition(name: words[1], port: port, tags: tags))
            let ownKeys = [ServiceCatalog.serviceKey(nodeName, words[1]),
                           ServiceCatalog.checkKey(nodeName, ServiceCatalog.serviceCheck(words[1]))]
                + tags.map { ServiceCatalog.tagKey(nodeName, words[1], $0) }
            for k in ownKeys { enqueue(k, localEntries[k]!) }
            context.log("registered \(words[1]) on port \(port)")
            pump(&context)
        case ("deregister", 2):
            guard let old = services.removeValue(forKey: words[1]) else {
                return context.log("no service '\(words[1])' on \(nodeName)")
            }
            enqueue(ServiceCatalog.serviceKey(nodeName, words[1]), ServiceCatalog.removed)
            for t in old.definition.tags { enqueue(ServiceCatalog.tagKey(nodeName, words[1], t), ServiceCatalog.removed) }
            enqueue(ServiceCatalog.checkKey(nodeName, ServiceCatalog.serviceCheck(words[1])), ServiceCatalog.removed)
            context.log("deregistered \(words[1])")
            pump(&context)
        case ("lookup", 2):
            guard inFlight == nil else { return context.log("lookup: a catalog request is in flight; try again") }
            send(.lookup(request: takeRequest(&context), service: words[1], to: server), &context)
        default:
            context.log("unknown command '\(words.joined(separator: " "))'")
        }
    }
}
