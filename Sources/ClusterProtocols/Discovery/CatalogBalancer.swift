import ClusterSim

/// A load balancer that finds its backends through the catalog: it looks
/// the service up every `lookupInterval` (as a client re-resolving a DNS
/// name with a short TTL) and spreads requests round-robin over the
/// instances the last answer named. It never judges health itself — when a
/// backend's check fails, traffic moves away only once a lookup stops
/// returning it.
public struct CatalogBalancer: Sendable, Hashable {
    /// What the balancer measured of one backend.
    public struct BackendCounts: Sendable, Hashable {
        public var sent = 0, ok = 0, errors = 0
        /// Requests sent in each recent lookup interval, oldest first (for the sparkline).
        public var recent: [Double] = []
    }

    public let id: NodeID
    let layout: ClusterLayout
    let config: DiscoveryConfig
    /// The instances of the latest lookup answer, in node order.
    public internal(set) var backends: [ServiceInstance] = []
    public internal(set) var counts: [NodeID: BackendCounts] = [:]
    public internal(set) var lookups = 0
    var nextRequest = 0
    /// The newest lookup answered; older answers arriving late are ignored.
    var newestAnswered = 0
    var cursor = 0
    var sentThisInterval: [NodeID: Int] = [:]
    static let historyLength = 20

    init(id: NodeID, layout: ClusterLayout, config: DiscoveryConfig) {
        self.id = id; self.layout = layout; self.config = config
        for n in layout.servers where n.index >= config.consulServers { counts[n] = BackendCounts() }
    }

    mutating func start(_ context: inout DiscoveryContext) {
        context.setTimer(.lookup, after: 0)
        context.setTimer(.send, after: config.requestInterval)
    }

    mutating func timerFired(_ tag: DiscoveryTimer, _ context: inout DiscoveryContext) {
        switch tag {
        case .lookup:
            lookups += 1
            nextRequest += 1
            // Any server answers (Consul's DNS allows stale reads by default).
            let server = NodeID(lookups % config.consulServers)
            context.send(.lookup(request: nextRequest, service: config.service.name), to: server)
            for n in counts.keys {
                counts[n]!.recent.append(Double(sentThisInterval[n] ?? 0))
                if counts[n]!.recent.count > Self.historyLength { counts[n]!.recent.removeFirst() }
            }
            sentThisInterval = [:]
            context.setTimer(.lookup, after: config.lookupInterval)
        case .send:
            if !backends.isEmpty {
                let b = backends[cursor % backends.count].node
                cursor += 1
                nextRequest += 1
                counts[b, default: BackendCounts()].sent += 1
                sentThisInterval[b, default: 0] += 1
                context.send(.serviceRequest(request: nextRequest), to: b)
            }
            context.setTimer(.send, after: config.requestInterval)
        default:
            break
        }
    }

    mutating func receive(_ message: DiscoveryMessage, from: NodeID, _ context: inout DiscoveryContext) {
        switch message {
        case .lookupReply(let r, _, let instances):
            guard r > newestAnswered else { return }
            newestAnswered = r
            let before = backends.map(\.node), after = instances.map(\.node)
            backends = instances
            if before != after {
                let names = after.isEmpty ? "none" : after.map(layout.name).joined(separator: " ")
                context.log("backends now: \(names)")
                context.stateChanged("backends \(names)")
            }
        case .serviceReply(_, let ok):
            if ok { counts[from, default: BackendCounts()].ok += 1 } else { counts[from, default: BackendCounts()].errors += 1 }
        default:
            break
        }
    }

    public var errors: Int { counts.values.map(\.errors).reduce(0, +) }
    public var ok: Int { counts.values.map(\.ok).reduce(0, +) }
}
