import ClusterSim

public typealias SagaContext = NodeContext<SagaProcess>

/// The node type the engine runs for `protocol: saga`: n1 is the
/// orchestrator (or, choreographed, the trip service), n2 flight, n3 hotel,
/// n4 car; c1 books trips and c2 reads the services' bookings.
public struct SagaProcess: NodeStateMachine {
    public typealias Message = SagaMessage
    public typealias TimerTag = SagaTimer
    public typealias Durable = SagaDurable
    public typealias Config = SagaConfig

    public static let protocolName = "saga"

    public private(set) var orchestrator: SagaOrchestrator?
    public private(set) var tripService: SagaTripService?
    public private(set) var service: SagaService?
    public private(set) var booker: SagaBooker?
    public private(set) var reader: SagaReader?

    public init(id: NodeID, layout: ClusterLayout, config: SagaConfig, durable: SagaDurable?) {
        if let step = SagaStep.at(id), !layout.isClient(id) {
            guard case .service(let d)? = durable else { service = SagaService(step: step, config: config, durable: nil); return }
            service = SagaService(step: step, config: config, durable: d)
        } else if id.index == 0 {
            switch config.mode {
            case .orchestrated:
                guard case .orchestrator(let log)? = durable else { orchestrator = SagaOrchestrator(config: config, durable: nil); return }
                orchestrator = SagaOrchestrator(config: config, durable: log)
            case .choreographed:
                guard case .tripService(let d)? = durable else { tripService = SagaTripService(config: config, durable: nil); return }
                tripService = SagaTripService(config: config, durable: d)
            }
        } else if layout.isClient(id) {
            switch id.index - layout.serverCount {
            case 0: booker = SagaBooker(id: id, layout: layout, workload: config.workload)
            case 1: reader = SagaReader(id: id, layout: layout, workload: config.workload)
            default: break
            }
        }
    }

    public mutating func start(_ context: inout SagaContext) {
        orchestrator?.start(&context); tripService?.start(&context); service?.start(&context)
        booker?.start(&context); reader?.start(&context)
    }

    public mutating func receive(_ message: SagaMessage, from: NodeID, _ context: inout SagaContext) {
        orchestrator?.receive(message, from: from, &context)
        tripService?.receive(message, from: from, &context)
        service?.receive(message, from: from, &context)
        booker?.receive(message, from: from, &context)
        reader?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: SagaTimer, _ context: inout SagaContext) {
        orchestrator?.timerFired(tag, &context)
        tripService?.timerFired(tag, &context)
        service?.timerFired(tag, &context)
        booker?.timerFired(tag, &context)
        reader?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout SagaContext) {
        if service != nil { service!.command(text, &context) } else if booker != nil { booker!.command(text, &context) } else {
            context.log("ignores command '\(text)': `fail` goes to a service (n2–n4), `book` to the booker (c1)")
        }
    }

    /// `SagaService.command` and `SagaBooker.command`.
    public static let commands = [
        CommandUsage("fail", ["[N]"], example: "fail", help: "this service refuses its next N reservations (default 1)"),
        CommandUsage("book", [], example: "book", help: "the booker books one more trip"),
    ]

    /// Services take `fail`, the booker `book`; n1 and the reader take none.
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        if layout.isClient(id) { return id.index == layout.serverCount ? [commands[1]] : [] }
        return SagaStep.at(id) == nil ? [] : [commands[0]]
    }

    /// Finished trips at n1 and whether each completed; nil while n1 is crashed.
    public var outcomes: [Int: Bool]? { orchestrator?.outcomes ?? tripService?.outcomes }

    public var summary: NodeSummary {
        orchestrator?.summary ?? tripService?.summary ?? service?.summary ?? booker?.summary ?? reader?.summary
            ?? NodeSummary(role: "idle")
    }
}

/// What survives a crash: the orchestrator's saga log, the trip service's
/// trips and outbox, or a service's local store and outbox.
public enum SagaDurable: Sendable, Hashable {
    case orchestrator([Int: SagaRecord])
    case tripService(SagaTripServiceDurable)
    case service(SagaServiceDurable)
}
