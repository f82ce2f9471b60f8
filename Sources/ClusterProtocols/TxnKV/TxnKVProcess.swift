import ClusterSim

/// The node type the engine runs for `txnkv`: n1 is the server, every other
/// process a client.
public struct TxnKVProcess: NodeStateMachine {
    public typealias Message = TxnKVMessage
    public typealias TimerTag = TxnKVTimer
    public typealias Durable = TxnKVDurable
    public typealias Config = TxnKVConfig

    public static let protocolName = "txnkv"

    public private(set) var server: TxnKVServer?
    public private(set) var client: TxnKVClient?

    public init(id: NodeID, layout: ClusterLayout, config: TxnKVConfig, durable: TxnKVDurable?) {
        if layout.isClient(id) {
            client = TxnKVClient(id: id, layout: layout, workload: config.workload)
        } else {
            server = TxnKVServer(id: id, config: config, durable: durable)
        }
    }

    public mutating func start(_ context: inout TxnKVContext) { client?.start(&context) }

    public mutating func receive(_ message: TxnKVMessage, from: NodeID, _ context: inout TxnKVContext) {
        server?.receive(message, from: from, &context)
        client?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: TxnKVTimer, _ context: inout TxnKVContext) {
        server?.timerFired(tag, &context)
        client?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout TxnKVContext) {
        if server != nil { server!.command(text, &context) } else {
            context.log("ignores command '\(text)': clients run their own transactions")
        }
    }

    public static let commands = [
        CommandUsage("read", ["KEY"], example: "read a0", help: "log the latest committed value of KEY"),
        CommandUsage("locks", [], example: "locks", help: "log the lock table (2PL)"),
    ]
    /// The server only: clients run their own transactions.
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }

    public var summary: NodeSummary { server?.summary ?? client?.summary ?? NodeSummary(role: "?") }

    /// Role and tone without building the summary (lab predicates read it every step).
    public var headline: NodeHeadline {
        if let s = server { return NodeHeadline(role: "server", tone: s.open.isEmpty ? .neutral : .leader) }
        return NodeHeadline(role: "client", tone: client?.txn == nil ? .neutral : .follower)
    }
}
