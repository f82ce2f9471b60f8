import ClusterSim

/// A node of the erasure protocol: the gateway (node 0), a drive (nodes
/// 1…k+m) or a client.
public enum ErasureProcess: NodeStateMachine, Hashable {
    public static let protocolName = "erasure"
    public typealias Message = ErasureMessage
    public typealias Durable = ErasureDurable

    public enum TimerTag: Hashable, Sendable, CustomStringConvertible {
        case driveTimeout(Int), healScan, nextOp
        public var description: String {
            switch self {
            case let .driveTimeout(r): return "drive-timeout #\(r)"
            case .healScan: return "heal-scan"
            case .nextOp: return "next-op"
            }
        }
    }

    case gateway(ErasureGateway)
    case drive(ErasureDrive)
    case client(ErasureClient)

    public init(id: NodeID, layout: ClusterLayout, config: ErasureConfig, durable: ErasureDurable?) {
        if layout.isClient(id) {
            self = .client(ErasureClient(name: id.index - layout.serverCount, workload: config.workload))
        } else if id.index == 0 {
            self = .gateway(ErasureGateway(config: config))
        } else {
            self = .drive(ErasureDrive(index: id.index - 1, shards: durable?.shards ?? [:]))
        }
    }

    public mutating func start(_ context: inout NodeContext<ErasureProcess>) {
        switch self {
        case .gateway(var g): g.start(&context); self = .gateway(g)
        case .client(var c): c.start(&context); self = .client(c)
        case .drive: break
        }
    }

    public mutating func receive(_ message: ErasureMessage, from: NodeID, _ context: inout NodeContext<ErasureProcess>) {
        switch self {
        case .gateway(var g): g.receive(message, from: from, &context); self = .gateway(g)
        case .drive(var d): d.receive(message, from: from, &context); self = .drive(d)
        case .client(var c): c.receive(message, &context); self = .client(c)
        }
    }

    public mutating func timerFired(_ tag: TimerTag, _ context: inout NodeContext<ErasureProcess>) {
        switch self {
        case .gateway(var g): g.timerFired(tag, &context); self = .gateway(g)
        case .client(var c): c.timerFired(tag, &context); self = .client(c)
        case .drive: break
        }
    }

    public static let commands: [CommandUsage] = [
        CommandUsage("rot", ["[KEY]"], example: "rot obj-0-0", help: "at a drive: corrupt its shard of KEY (every shard without KEY)"),
        CommandUsage("heal", [], example: "heal", help: "at the gateway: run the healing scan now"),
    ]

    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        if layout.isClient(id) { return [] }
        return id.index == 0 ? commands.filter { $0.verb == "heal" } : commands.filter { $0.verb == "rot" }
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<ErasureProcess>) {
        switch self {
        case .gateway(var g): g.command(text, &context); self = .gateway(g)
        case .drive(var d): d.command(text, &context); self = .drive(d)
        case .client: context.log("clients run their own workload; they take no commands")
        }
    }

    public var summary: NodeSummary {
        switch self {
        case .gateway(let g): return g.summary
        case .drive(let d): return d.summary
        case .client(let c): return c.summary
        }
    }
}
