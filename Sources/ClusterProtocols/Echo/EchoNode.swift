import ClusterSim

/// Request and reply, the smallest protocol: clients send `Echo(n)` to the
/// servers in turn and servers answer `EchoOK(n)`.
public enum EchoNode: NodeStateMachine {
    public static let protocolName = "echo"

    public struct Config: Sendable {
        /// Time between a client's requests.
        public var interval: Int64
        /// Requests each client sends.
        public var requests: Int
        public init(interval: Int64 = 100_000, requests: Int = 10) { self.interval = interval; self.requests = requests }
    }

    public enum Message: ProtocolMessage, Hashable {
        case echo(Int)
        case echoOK(Int)
        public var kind: String { if case .echo = self { return "Echo" } else { return "EchoOK" } }
        public var isReply: Bool { if case .echoOK = self { return true } else { return false } }
        public var description: String {
            switch self { case .echo(let n): return "Echo(\(n))"; case .echoOK(let n): return "EchoOK(\(n))" }
        }
    }

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case nextRequest
        public var description: String { rawValue }
    }

    case server(answered: Int)
    case client(sent: Int, answered: Int, limit: Int, interval: Int64)

    public init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) {
        self = layout.isClient(id)
            ? .client(sent: 0, answered: 0, limit: config.requests, interval: config.interval)
            : .server(answered: 0)
    }

    public mutating func start(_ context: inout NodeContext<EchoNode>) {
        if case .client(_, _, _, let interval) = self { context.setTimer(.nextRequest, after: interval / 10) }
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<EchoNode>) {
        switch (self, message) {
        case (.server(let n), .echo(let k)):
            self = .server(answered: n + 1)
            context.send(.echoOK(k), to: from)
        case (.client(let sent, let answered, let limit, let interval), .echoOK(let k)):
            self = .client(sent: sent, answered: answered + 1, limit: limit, interval: interval)
            context.log("echo \(k) came back from \(context.layout.name(from))")
        default:
            context.log("unexpected \(message) from \(context.layout.name(from))")
        }
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<EchoNode>) {
        guard case .client(let sent, let answered, let limit, let interval) = self, sent < limit else { return }
        let server = NodeID(sent % context.layout.serverCount)
        context.send(.echo(sent + 1), to: server)
        self = .client(sent: sent + 1, answered: answered, limit: limit, interval: interval)
        if sent + 1 < limit { context.setTimer(.nextRequest, after: interval) }
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<EchoNode>) {
        context.log("echo servers answer requests from clients; they take no commands")
    }

    public var summary: NodeSummary {
        switch self {
        case .server(let n): return NodeSummary(role: "server", tone: .follower, fields: [.init("answered", "\(n)")])
        case .client(let sent, let answered, let limit, _):
            return NodeSummary(role: "client", tone: .neutral,
                               fields: [.init("sent", "\(sent)/\(limit)"), .init("answered", "\(answered)")])
        }
    }
}

enum EchoProtocol {
    static let parameters: [ParameterSpec] = []
    static let workload: [ParameterSpec] = [.timer("interval"), .count("requests", 0...1_000_000)]

    static let definition = ProtocolDefinition(
        name: "echo", summary: "Request and reply: clients send Echo, servers answer EchoOK.",
        defaultServers: 3, defaultClients: 1,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let w = try ParameterSection(scenario.workload, declared: workload)
            _ = try ParameterSection(scenario.parameters, declared: parameters)
            let config = EchoNode.Config(interval: try w.duration("interval", default: 100_000),
                                         requests: try w.int("requests", default: 10))
            return Simulation<EchoNode>(scenario: scenario, config: config, options: options)
        })
}
