import ClusterProtocols
import ClusterSim

/// What clerks and servers say to each other (inside the student's message type).
public enum ClerkMessage: Sendable, Hashable, CustomStringConvertible {
    case request(KVRequest)
    /// The answer to request `id`: a result, or "not the leader, try this one" (nil: unknown).
    case reply(id: Int, outcome: ClientOutcome)

    public var description: String {
        switch self {
        case .request(let r): return "Request(\(r))"
        case .reply(let id, let o): return "Reply(#\(id) \(o))"
        }
    }
}

/// The clerk's timers (inside the student's timer type).
public enum ClerkTimer: String, Sendable, Hashable, CustomStringConvertible {
    /// No answer this long: send the same request to the next server.
    case resend
    /// Nobody knew the leader: try the next server after a pause.
    case retry
    public var description: String { "clerk-\(rawValue)" }
}

/// What the clerks do: closed loop, each issues its next operation when the previous one completes.
public struct ClerkWorkload: Sendable, Hashable {
    /// Operations each clerk issues; 0 leaves them idle.
    public var opsPerClient = 0
    public var keys = 2
    public var values = 4
    public var readWeight = 2
    public var writeWeight = 2
    public var casWeight = 1
    /// No answer in this long: resend to another server (the same request number).
    public var resendAfter: Int64 = 400_000
    public var retryBackoff: Int64 = 30_000
    public init() {}
}

/// The given client, as 6.824's Clerk: it sends each operation to the server
/// it believes leads, follows redirects, and on silence resends the SAME
/// request (same number) to the next server until some server answers, so a
/// request may reach the log more than once: servers must apply it once.
/// It records every invoke and completion in the run's history for the
/// linearizability checker (a definite error completes as `fail`).
public struct KVClerk: Sendable, Hashable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: ClerkWorkload
    /// Operations completed.
    public private(set) var completed = 0
    /// The operation waiting for an answer.
    public private(set) var current: KVRequest?
    /// Writes and compare-and-sets acknowledged as done: each must be in the committed log.
    public private(set) var acknowledged: [KVRequest] = []
    /// The server it sends to: the leader, as far as it knows.
    public private(set) var target: NodeID
    private var nextID = 0

    public init(id: NodeID, layout: ClusterLayout, workload: ClerkWorkload) {
        self.id = id; self.layout = layout; self.workload = workload
        target = NodeID((id.index - layout.serverCount) % max(1, layout.serverCount))
    }

    /// Done with its workload and not waiting on an operation a test handed it.
    public var isDone: Bool { completed >= workload.opsPerClient && current == nil }
    /// The Jepsen process of this clerk: it never gives up on an operation, so one process each.
    var process: Int { id.index - layout.serverCount }

    public mutating func start<N: RaftExerciseNode>(_ context: inout NodeContext<N>) { issueNext(&context) }

    /// An operation a test (or a person) hands this clerk: `write k0 3 at n2`
    /// sends it to that server first. Ignored while another is in progress.
    public mutating func command<N: RaftExerciseNode>(_ text: String, _ context: inout NodeContext<N>) {
        var words = text.split(separator: " ").map(String.init)
        if words.count >= 2, words[words.count - 2] == "at", let n = layout.node(named: words[words.count - 1]), !layout.isClient(n) {
            target = n
            words.removeLast(2)
        }
        guard current == nil, let op = KVOperation(parsing: words.joined(separator: " ")) else {
            return context.log("clerk ignores '\(text)': " + (current == nil ? "expected read K, write K V or cas K FROM TO [at nN]" : "busy"))
        }
        issue(op, &context)
    }

    mutating func issueNext<N: RaftExerciseNode>(_ context: inout NodeContext<N>) {
        current = nil
        guard completed < workload.opsPerClient else { return }
        issue(randomOperation(&context), &context)
    }

    mutating func issue<N: RaftExerciseNode>(_ op: KVOperation, _ context: inout NodeContext<N>) {
        nextID += 1
        let request = KVRequest(client: id, id: nextID, op: op)
        current = request
        context.record(HistoryOperation(process: process, type: .invoke, f: request.op.f, key: request.op.key,
                                        value: request.op.historyValue))
        send(request, &context)
    }

    func randomOperation<N: RaftExerciseNode>(_ context: inout NodeContext<N>) -> KVOperation {
        let w = workload
        let key = "k\(context.random(below: max(1, w.keys)))"
        let roll = context.random(below: max(1, w.readWeight + w.writeWeight + w.casWeight))
        let v = { (c: inout NodeContext<N>) in Int64(c.random(below: max(1, w.values))) }
        if roll < w.readWeight { return .read(key) }
        if roll < w.readWeight + w.writeWeight { return .write(key, v(&context)) }
        return .cas(key, from: v(&context), to: v(&context))
    }

    func send<N: RaftExerciseNode>(_ request: KVRequest, _ context: inout NodeContext<N>) {
        context.send(.clerk(.request(request)), to: target)
        context.setTimer(.clerk(.resend), after: workload.resendAfter)
    }

    public mutating func receive<N: RaftExerciseNode>(_ message: ClerkMessage, from: NodeID, _ context: inout NodeContext<N>) {
        guard case .reply(let rid, let outcome) = message, let request = current, request.id == rid else { return }
        switch outcome {
        case .result(.ok(let value)):
            let op = request.op
            complete(.ok, op.isRead ? value.map { .int($0) } ?? .null : op.historyValue, &context)
        case .result(.error(let e)) where e.isDefinite:
            complete(.fail, request.op.historyValue, error: .int(Int64(e.rawValue)), &context)
        case .result(.error):
            break  // indefinite: the resend timer tries again
        case .redirect(let leader):
            if let leader, leader != from, !layout.isClient(leader) {
                target = leader
                send(request, &context)
            } else {
                target = NodeID((from.index + 1) % layout.serverCount)
                context.cancelTimer(.clerk(.resend))
                context.setTimer(.clerk(.retry), after: workload.retryBackoff)
            }
        }
    }

    public mutating func timerFired<N: RaftExerciseNode>(_ timer: ClerkTimer, _ context: inout NodeContext<N>) {
        guard let request = current else { return }
        if timer == .resend { target = NodeID((target.index + 1) % layout.serverCount) }
        send(request, &context)
    }

    mutating func complete<N: RaftExerciseNode>(_ type: HistoryOperation.Kind, _ value: HistoryValue, error: HistoryValue? = nil,
                                                _ context: inout NodeContext<N>) {
        guard let request = current else { return }
        context.record(HistoryOperation(process: process, type: type, f: request.op.f, key: request.op.key,
                                        value: value, error: error))
        if type == .ok && !request.op.isRead { acknowledged.append(request) }
        completed += 1
        context.cancelTimer(.clerk(.resend))
        context.cancelTimer(.clerk(.retry))
        issueNext(&context)
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [
            .init("done", "\(completed)/\(workload.opsPerClient)"),
            .init("server", layout.name(target)),
        ]
        if let r = current { fields.append(.init("waiting", "#\(r.id) \(r.op)")) }
        return NodeSummary(role: "clerk", tone: .neutral, fields: fields)
    }
}
