import ClusterSim

/// The node type the engine runs for `protocol: ranges`: servers `n1`… (each
/// a replica of several ranges and a gateway), then the clients.
public struct RangeProcess: NodeStateMachine {
    public typealias Message = RangeMessage
    public typealias TimerTag = RangeTimer
    public typealias Durable = RangeNodeDurable
    public typealias Config = RangeConfig

    public static let protocolName = "ranges"

    public private(set) var server: RangeServer?
    public private(set) var client: CrdbClient?

    public init(id: NodeID, layout: ClusterLayout, config: RangeConfig, durable: RangeNodeDurable?) {
        if layout.isClient(id) {
            client = CrdbClient(id: id, layout: layout, config: config)
        } else {
            server = RangeServer(id: id, layout: layout, config: config, durable: durable)
        }
    }

    public mutating func start(_ context: inout RangeContext) {
        server?.start(&context); client?.start(&context)
    }

    public mutating func receive(_ message: RangeMessage, from: NodeID, _ context: inout RangeContext) {
        server?.receive(message, from: from, &context); client?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: RangeTimer, _ context: inout RangeContext) {
        server?.timerFired(tag, &context); client?.timerFired(tag, &context)
    }

    public static let commands: [CommandUsage] = [
        // Up to four micro-ops of up to three words: the prompt counts words.
        .init("txn", ["OP", "KEY", "[VALUE]", "[MORE…]"] + Array(repeating: "[…]", count: 10), example: "txn append k0 7, r k4",
              help: "run a transaction with this server as its gateway: micro-ops `append KEY VALUE` or `r KEY`, comma-separated"),
        .init("split", ["KEY"], example: "split k2", help: "split the range holding KEY at KEY (at the range's leader)"),
    ]

    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }

    public mutating func command(_ text: String, _ context: inout RangeContext) {
        guard server != nil else { return context.log("ignores command '\(text)': clients run their own workload") }
        server!.command(text, &context)
    }

    public var summary: NodeSummary { server?.summary ?? client?.summary ?? NodeSummary(role: "idle") }

    /// Role and tone without building the summary (lab predicates read it every step).
    public var headline: NodeHeadline {
        guard let server else { return NodeHeadline(role: client == nil ? "idle" : "client") }
        return server.led.isEmpty ? NodeHeadline(role: "replica", tone: .follower) : NodeHeadline(role: "leader", tone: .leader)
    }
}
