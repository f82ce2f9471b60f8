import ClusterSim

public typealias MapReduceContext = NodeContext<MapReduceProcess>

/// The node type the engine runs for `protocol: mapreduce`: n1 is the master
/// (and the global store), every other server a worker.
public struct MapReduceProcess: NodeStateMachine {
    public typealias Message = MapReduceMessage
    public typealias TimerTag = MapReduceTimer
    public typealias Durable = MRGlobalStore
    public typealias Config = MapReduceConfig

    public static let protocolName = "mapreduce"

    public private(set) var master: MapReduceMaster?
    public private(set) var worker: MapReduceWorker?

    public init(id: NodeID, layout: ClusterLayout, config: MapReduceConfig, durable: MRGlobalStore?) {
        if id.index == 0 { master = MapReduceMaster(config: config, layout: layout, durable: durable) }
        else if !layout.isClient(id) { worker = MapReduceWorker(id: id, config: config) }
    }

    public mutating func start(_ context: inout MapReduceContext) {
        master?.start(&context); worker?.start(&context)
    }

    public mutating func receive(_ message: MapReduceMessage, from: NodeID, _ context: inout MapReduceContext) {
        master?.receive(message, from: from, &context); worker?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: MapReduceTimer, _ context: inout MapReduceContext) {
        master?.timerFired(tag, &context); worker?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout MapReduceContext) {
        if worker != nil { worker!.command(text, &context) } else {
            context.log("ignores command '\(text)': `slow` and `fast` go to a worker (n2…)")
        }
    }

    /// `MapReduceWorker.command`.
    public static let commands = [
        CommandUsage("slow", [], example: "slow", help: "this worker becomes a straggler: its tasks take slow_factor times as long"),
        CommandUsage("fast", [], example: "fast", help: "this worker runs at normal speed again"),
    ]

    /// Workers take `slow` and `fast`; the master takes none.
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        id.index == 0 || layout.isClient(id) ? [] : commands
    }

    public var summary: NodeSummary { master?.summary ?? worker?.summary ?? NodeSummary(role: "idle") }
}
