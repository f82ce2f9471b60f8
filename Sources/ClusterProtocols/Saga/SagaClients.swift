import ClusterSim

/// c1: books trips one after another through n1 and records each as a
/// transaction that writes one key per step (`flight/t1` ← 1, …): `ok` when
/// the trip is booked, `fail` when the saga undid it. Saga-level isolation
/// is then checkable like any database's: a read of `hotel/t1` by a
/// transaction that committed, when t1 failed, is an aborted read (G1a).
public struct SagaBooker: Sendable, Hashable {
    public let id: NodeID
    public let process: Int
    public let workload: SagaWorkload
    /// The trip waiting for its result.
    public private(set) var current: Int?
    public private(set) var lastTrip = 0
    public private(set) var booked = 0
    public private(set) var undone = 0
    /// Trips asked for from the keyboard (`book`), on top of the workload.
    var extra = 0

    public init(id: NodeID, layout: ClusterLayout, workload: SagaWorkload) {
        self.id = id; self.workload = workload; process = id.index - layout.serverCount
    }

    static func writes(_ t: Int) -> [HistoryValue] {
        SagaStep.allCases.map { HistoryOperation.microOp(.write, "\($0)/t\(t)", .int(Int64(t))) }
    }

    mutating func start(_ context: inout SagaContext) {
        if workload.trips > 0 { context.setTimer(.nextTrip, after: workload.think) }
    }

    mutating func receive(_ message: SagaMessage, from: NodeID, _ context: inout SagaContext) {
        guard case .tripResult(let t, let ok) = message, t == current else { return }
        context.record(.txn(process: process, type: ok ? .ok : .fail, Self.writes(t)))
        if ok { booked += 1 } else { undone += 1 }
        current = nil
        context.cancelTimer(.bookTimeout)
        if lastTrip < workload.trips + extra { context.setTimer(.nextTrip, after: workload.think) }
    }

    mutating func timerFired(_ tag: SagaTimer, _ context: inout SagaContext) {
        switch tag {
        case .nextTrip:
            guard current == nil, lastTrip < workload.trips + extra else { return }
            lastTrip += 1; current = lastTrip
            context.record(.txn(process: process, type: .invoke, Self.writes(lastTrip)))
            ask(&context)
        case .bookTimeout: ask(&context)
        default: break
        }
    }

    func ask(_ context: inout SagaContext) {
        guard let t = current else { return }
        context.send(.bookTrip(trip: t), to: NodeID(0))
        context.setTimer(.bookTimeout, after: workload.timeout)
    }

    /// `book`: one more trip after the ones in progress.
    mutating func command(_ text: String, _ context: inout SagaContext) {
        guard text.split(separator: " ").first == "book" else {
            context.log("ignores '\(text)': the booker takes `book`"); return
        }
        extra += 1
        if current == nil { context.setTimer(.nextTrip, after: 0) }
        context.log("will book trip t\(workload.trips + extra)")
    }

    public var summary: NodeSummary {
        NodeSummary(role: "booker", tone: .neutral, fields: [
            .init("trip", current.map { "t\($0)" } ?? "-"),
            .init("booked", "\(booked)"), .init("undone", "\(undone)"),
        ])
    }
}

/// c2: reads one service after another (flight, hotel, car, …) and records
/// each answer as a read-only transaction of the bookings it saw. It is what
/// a "seats available" page would show: bookings of sagas still running,
/// some of which are later compensated.
public struct SagaReader: Sendable, Hashable {
    public let id: NodeID
    /// The Jepsen process this reader is now (a new one after an unknown outcome).
    public private(set) var process: Int
    let clientCount: Int
    public let workload: SagaWorkload
    public private(set) var reads = 0
    public private(set) var waiting: SagaStep?
    public private(set) var next: SagaStep = .flight
    public private(set) var lastRead = "-"

    public init(id: NodeID, layout: ClusterLayout, workload: SagaWorkload) {
        self.id = id; self.workload = workload; process = id.index - layout.serverCount
        clientCount = layout.clientCount
    }

    mutating func start(_ context: inout SagaContext) {
        context.setTimer(.read, after: workload.readEvery)
    }

    mutating func receive(_ message: SagaMessage, from: NodeID, _ context: inout SagaContext) {
        guard case .bookings(let s, let trips) = message, s == waiting else { return }
        let ops = trips.map { HistoryOperation.microOp(.read, "\(s)/t\($0)", .int(Int64($0))) }
        context.record(.txn(process: process, type: .ok, ops))
        reads += 1; waiting = nil
        lastRead = "\(s): " + SagaService.trips(trips)
    }

    mutating func timerFired(_ tag: SagaTimer, _ context: inout SagaContext) {
        guard tag == .read else { return }
        if waiting != nil {  // no answer (a crashed service): its outcome is unknown
            context.record(.txn(process: process, type: .info, [HistoryOperation.microOp(.read, "\(waiting!)", .null)]))
            process += clientCount
        }
        waiting = next
        next = next.next ?? .flight
        context.record(.txn(process: process, type: .invoke, [HistoryOperation.microOp(.read, "\(waiting!)", .null)]))
        context.send(.read, to: waiting!.node)
        context.setTimer(.read, after: workload.readEvery)
    }

    public var summary: NodeSummary {
        NodeSummary(role: "reader", tone: .neutral, fields: [.init("last_read", lastRead), .init("reads", "\(reads)")])
    }
}
