import ClusterSim

public typealias StreamContext = NodeContext<StreamProcess>

/// Which node plays which part: n1 the job manager, n2 the output store,
/// n3 onwards the workers.
enum StreamRoles {
    static let jobManager = NodeID(0)
    static let store = NodeID(1)
}

/// The node type the engine runs for `protocol: streams`.
public struct StreamProcess: NodeStateMachine {
    public typealias Message = StreamMessage
    public typealias TimerTag = StreamTimer
    public typealias Durable = StreamDurable
    public typealias Config = StreamConfig

    public static let protocolName = "streams"

    public private(set) var jobManager: StreamJobManager?
    public private(set) var store: StreamOutputStore?
    public private(set) var worker: StreamWorker?

    public init(id: NodeID, layout: ClusterLayout, config: StreamConfig, durable: StreamDurable?) {
        switch id {
        case StreamRoles.jobManager:
            guard case .jobManager(let d)? = durable else { jobManager = StreamJobManager(config: config, layout: layout, durable: nil); return }
            jobManager = StreamJobManager(config: config, layout: layout, durable: d)
        case StreamRoles.store:
            guard case .store(let d)? = durable else { store = StreamOutputStore(config: config, durable: nil); return }
            store = StreamOutputStore(config: config, durable: d)
        default:
            guard !layout.isClient(id) else { return }
            guard case .worker(let n)? = durable else { worker = StreamWorker(id: id, config: config, incarnation: 1); return }
            worker = StreamWorker(id: id, config: config, incarnation: n + 1)
        }
    }

    public mutating func start(_ context: inout StreamContext) {
        jobManager?.start(&context); worker?.start(&context)
    }

    public mutating func receive(_ message: StreamMessage, from: NodeID, _ context: inout StreamContext) {
        jobManager?.receive(message, from: from, &context)
        store?.receive(message, &context)
        worker?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: StreamTimer, _ context: inout StreamContext) {
        jobManager?.timerFired(tag, &context); worker?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout StreamContext) {
        guard jobManager != nil, text.split(separator: " ").first == "checkpoint" else {
            context.log("ignores command '\(text)': `checkpoint` goes to the job manager (n1)")
            return
        }
        if jobManager!.inProgress != nil || jobManager!.finished {
            context.log("no checkpoint triggered: " + (jobManager!.finished ? "the job has finished" : "one is in progress"))
        }
        jobManager!.trigger(&context)
    }

    public static let commands = [
        CommandUsage("checkpoint", [], example: "checkpoint", help: "the job manager triggers a checkpoint now (if none is in progress)"),
    ]

    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        id == StreamRoles.jobManager ? commands : []
    }

    public var summary: NodeSummary {
        jobManager?.summary ?? store?.summary ?? worker?.summary ?? NodeSummary(role: "idle")
    }
}

/// What survives a crash: the job manager's checkpoint metadata, the
/// store's data, a worker's incarnation number (tasks' state does not).
public enum StreamDurable: Sendable, Hashable {
    case jobManager(StreamJobDurable)
    case store(StreamStoreDurable)
    case worker(incarnation: Int)
}
