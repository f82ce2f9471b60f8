import ClusterSim

/// Messages of the quorum store: the given client protocol, and the
/// student's own between servers (`peer`).
public enum QuorumKVMessage<Peer: Hashable & Sendable & CustomStringConvertible>: ProtocolMessage, Hashable {
    case get(request: Int, key: String)
    case put(request: Int, key: String, value: Versioned)
    /// The newest value the read found (nil: the key was never written).
    case getReply(request: Int, value: Versioned?)
    case putReply(request: Int)
    case peer(Peer)

    public var kind: String {
        switch self {
        case .get: return "Get"
        case .put: return "Put"
        case .getReply: return "GetReply"
        case .putReply: return "PutReply"
        case .peer(let p): return String(String(describing: p).prefix { $0.isLetter })
        }
    }
    public var isReply: Bool {
        switch self { case .getReply, .putReply: return true; default: return false }
    }
    public var description: String {
        switch self {
        case .get(let r, let k): return "Get#\(r)(\(k))"
        case .put(let r, let k, let v): return "Put#\(r)(\(k)=\(v))"
        case .getReply(let r, let v): return "GetReply#\(r)(\(v.map(\.description) ?? "nil"))"
        case .putReply(let r): return "PutReply#\(r)"
        case .peer(let p): return p.description
        }
    }
}

/// The client's request timeout.
public enum QuorumKVTimer: Hashable, Sendable, CustomStringConvertible {
    case requestTimeout
    public var description: String { "request timeout" }
}

/// The given cluster of `quorum-kv`: servers run the student's code; clients
/// run a closed-loop workload (half writes in the first half of a client's
/// operations, then reads only), each request to a random server, and record
/// every invoke and completion in the history the consistency checkers read.
/// Client i owns key `k<i>`, writes only it (versions 1, 2, …
/// per key) and reads any client's keys. A read not answered within the
/// timeout completes as `fail`, a write as `info` (it may still land).
public struct QuorumKVCluster<Server: QuorumKVServer>: NodeStateMachine {
    public typealias Message = QuorumKVMessage<Server.Peer>
    public typealias TimerTag = QuorumKVTimer
    public typealias Config = QuorumKVConfig
    public static var protocolName: String { "quorum-kv-exercise" }

    /// How many operations each client runs.
    public static var operationsPerClient: Int { 60 }
    public static var timeout: Int64 { 250_000 }

    /// A client's state.
    public struct Client: Sendable {
        public internal(set) var completed = 0
        var request = 0
        var process: Int
        var current: (request: Int, f: String, key: String, value: Versioned?)?
        var versions: [String: Int] = [:]
        public var isDone: Bool { completed >= QuorumKVCluster.operationsPerClient }
    }

    public let id: NodeID
    public internal(set) var server: Server?
    public internal(set) var client: Client?

    public init(id: NodeID, layout: ClusterLayout, config: QuorumKVConfig, durable: NoDurableState?) {
        self.id = id
        if layout.isClient(id) { client = Client(process: id.index - layout.serverCount) }
        else { server = Server(id: id, layout: layout, config: config) }
    }

    /// The keys client number `i` (0-based) owns.
    public static func keys(ofClient i: Int) -> [String] { ["k\(i + 1)"] }

    public mutating func start(_ context: inout NodeContext<Self>) {
        if client != nil { issueNext(&context) }
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<Self>) {
        switch message {
        case .get(let r, let k): server?.clientGet(request: r, key: k, from: from, &context)
        case .put(let r, let k, let v): server?.clientPut(request: r, key: k, value: v, from: from, &context)
        case .peer(let p): server?.peer(p, from: from, &context)
        case .getReply(let r, let v):
            guard let c = client?.current, c.request == r, c.f == "read" else { return }
            complete(.ok, v.map { .int($0.value) } ?? .null, &context)
        case .putReply(let r):
            guard let c = client?.current, c.request == r, c.f == "write", let v = c.value else { return }
            complete(.ok, .int(v.value), &context)
        }
    }

    public mutating func timerFired(_ tag: QuorumKVTimer, _ context: inout NodeContext<Self>) {
        guard let c = client?.current else { return }
        if c.f == "read" { complete(.fail, .null, &context) }
        else { complete(.info, .int(c.value?.value ?? 0), &context) }
    }

    mutating func issueNext(_ context: inout NodeContext<Self>) {
        guard var c = client else { return }
        c.current = nil
        defer { client = c }
        guard !c.isDone, context.layout.serverCount > 0 else { return }
        let me = id.index - context.layout.serverCount
        c.request += 1
        let coordinator = NodeID(context.random(below: context.layout.serverCount))
        if c.completed < Self.operationsPerClient / 2, context.random(below: 2) == 0 {
            let mine = Self.keys(ofClient: me)
            let key = mine[context.random(below: mine.count)]
            let version = (c.versions[key] ?? 0) + 1
            c.versions[key] = version
            // Unique across clients: the client's number, then the key's version.
            let value = Versioned(value: Int64(me + 1) * 1_000_000 + Int64(version), version: version)
            c.current = (c.request, "write", key, value)
            context.record(HistoryOperation(process: c.process, type: .invoke, f: "write", key: key, value: .int(value.value)))
            context.send(.put(request: c.request, key: key, value: value), to: coordinator)
        } else {
            let owner = context.random(below: max(1, context.layout.clientCount))
            let keys = Self.keys(ofClient: owner)
            let key = keys[context.random(below: keys.count)]
            c.current = (c.request, "read", key, nil)
            context.record(HistoryOperation(process: c.process, type: .invoke, f: "read", key: key, value: .null))
            context.send(.get(request: c.request, key: key), to: coordinator)
        }
        context.setTimer(.requestTimeout, after: Self.timeout)
    }

    mutating func complete(_ type: HistoryOperation.Kind, _ value: HistoryValue, _ context: inout NodeContext<Self>) {
        guard let c = client?.current else { return }
        context.record(HistoryOperation(process: client!.process, type: type, f: c.f, key: c.key, value: value))
        if type == .info { client!.process += context.layout.clientCount }
        client!.completed += 1
        context.cancelTimer(.requestTimeout)
        issueNext(&context)
    }

    public var summary: NodeSummary {
        if let s = server {
            let keys = s.stored.keys.sorted()
            return NodeSummary(role: "server", tone: .follower, fields: [.init("keys", "\(keys.count)")],
                               details: keys.map { "\($0) = \(s.stored[$0]!)" })
        }
        let c = client
        var fields: [NodeSummary.Field] = [.init("done", "\(c?.completed ?? 0)/\(Self.operationsPerClient)")]
        if let cur = c?.current { fields.append(.init("waiting", "\(cur.f) \(cur.key)" + (cur.value.map { " \($0)" } ?? ""))) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
