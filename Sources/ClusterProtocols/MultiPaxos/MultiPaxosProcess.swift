import ClusterSim

/// The node type the engine runs for Multi-Paxos: servers, and clients that
/// are Raft's own `KVClient`s, so both protocols serve the same closed-loop
/// workload and feed the same linearizability check.
public struct MultiPaxosProcess: NodeStateMachine {
    public typealias Message = MultiPaxosMessage
    public typealias TimerTag = MultiPaxosTimer
    public typealias Durable = MultiPaxosDurable
    public typealias Config = MultiPaxosConfig

    public static let protocolName = "multipaxos"

    public private(set) var server: MultiPaxosServer?
    public private(set) var client: KVClient?
    /// Messages this process has received (for benchmarks).
    public private(set) var received = 0

    public init(id: NodeID, layout: ClusterLayout, config: MultiPaxosConfig, durable: MultiPaxosDurable?) {
        if layout.isClient(id) {
            client = KVClient(id: id, layout: layout, workload: config.workload)
        } else {
            server = MultiPaxosServer(id: id, serverCount: layout.serverCount, config: config, durable: durable)
        }
    }

    public mutating func start(_ context: inout MultiPaxosContext) {
        server?.start(&context)
        if client != nil { runClient(&context) { c, ctx in c.start(&ctx) } }
    }

    public mutating func receive(_ message: MultiPaxosMessage, from: NodeID, _ context: inout MultiPaxosContext) {
        received &+= 1
        server?.receive(message, from: from, &context)
        if client != nil, case .client(let m) = message { runClient(&context) { c, ctx in c.receive(m, from: from, &ctx) } }
    }

    public mutating func timerFired(_ tag: MultiPaxosTimer, _ context: inout MultiPaxosContext) {
        server?.timerFired(tag, &context)
        if client != nil, case .client(let t) = tag { runClient(&context) { c, ctx in c.timerFired(t, &ctx) } }
    }

    public mutating func command(_ text: String, _ context: inout MultiPaxosContext) {
        if server != nil { server!.command(text, &context) } else {
            context.log("ignores command '\(text)': clients run their own workload")
        }
    }

    /// Runs a `KVClient` handler in a Raft context of its own and carries its
    /// effects (sends, timers, history, log lines) over into ours; its random
    /// choices come from a generator seeded by one draw from the run's.
    mutating func runClient(_ context: inout MultiPaxosContext, _ body: (inout KVClient, inout RaftContext) -> Void) {
        let seed = UInt64(context.random(below: Int.max))
        var inner = RaftContext(id: context.id, layout: context.layout, random: SeededRandom(seed: seed))
        body(&client!, &inner)
        for s in inner.sends { context.send(.client(s.message), to: s.to) }
        for t in inner.timersCancelled { context.cancelTimer(.client(t)) }
        for t in inner.timersSet { context.setTimer(.client(t.tag), after: t.delay, jitter: t.jitter) }
        for h in inner.history { context.record(h) }
        for l in inner.logLines { context.log(l) }
    }

    public var summary: NodeSummary {
        server?.summary ?? client?.summary ?? NodeSummary(role: "?")
    }

    public var headline: NodeHeadline {
        server?.headline ?? client?.summary.headline ?? NodeHeadline(role: "?")
    }

    /// `MultiPaxosServer.command`: the key-value commands, `put`/`get` first.
    public static let commands = [
        CommandUsage("put", ["KEY", "VALUE"], example: "put x 3", help: "the leader gives a write a slot"),
        CommandUsage("get", ["KEY"], example: "get x", help: "a read, through a slot like a write"),
        CommandUsage("cas", ["KEY", "FROM", "TO"], example: "cas x 3 4", help: "compare and set"),
        CommandUsage("write", ["KEY", "VALUE"], example: "write x 3", help: "the same as put"),
        CommandUsage("read", ["KEY"], example: "read x", help: "the same as get"),
    ]
    /// Servers only: a client runs its own workload.
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        layout.isClient(id) ? [] : commands
    }
}
