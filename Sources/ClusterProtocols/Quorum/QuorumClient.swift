import ClusterSim

/// A closed-loop client of the quorum store: each operation goes to a random
/// server, which coordinates it, and every invoke and completion is recorded
/// in the run's history in Jepsen's shape. Each write writes a value no other
/// write uses, so a read's value names the write it saw.
///
/// Under vector versioning the client remembers the context (merged clock)
/// of its last read of each key and sends it with its next write or delete
/// of that key, so the write supersedes the siblings it read; a read that
/// returns several siblings records them as a list (`v1|v2`).
///
/// The client may choose its requests' consistency levels (the
/// `consistency read|write LEVEL` command, as a Cassandra driver sets a
/// statement's level); until it does, each coordinator uses its own.
///
/// A read that fails or times out completes as `fail` (it changed nothing); a
/// write that is refused or times out completes as `info` (some replicas may
/// hold it), and the client carries on as a new process.
public struct QuorumClient: Sendable {
    public enum Operation: Sendable, Hashable, CustomStringConvertible {
        case read(String)
        case write(String, Int64)
        case delete(String)
        public var key: String { switch self { case .read(let k), .write(let k, _), .delete(let k): return k } }
        public var f: String {
            switch self { case .read: return "read"; case .write: return "write"; case .delete: return "delete" }
        }
        public var description: String {
            switch self {
            case .read(let k): return "read \(k)"
            case .write(let k, let v): return "write \(k) \(v)"
            case .delete(let k): return "delete \(k)"
            }
        }
    }

    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: QuorumWorkload
    public private(set) var process: Int
    public private(set) var completed = 0
    public private(set) var current: (request: Int, op: Operation, coordinator: NodeID)?
    var lastRequest = 0
    var writes = 0
    /// Vector versioning: the context of the last read of each key.
    public private(set) var contexts: [String: VectorClock] = [:]
    /// The last read's key and what it returned (`k0=5|7`).
    public private(set) var lastRead: String?
    public private(set) var lastSiblings = 0
    /// The levels this client's requests carry (nil: the coordinator's).
    public private(set) var readLevel: ConsistencyLevel?
    public private(set) var writeLevel: ConsistencyLevel?
    /// The shopping-cart workload runs instead of reads and writes when the workload has a `cart:` section.
    public private(set) var cart: QuorumCartClient?

    public init(id: NodeID, layout: ClusterLayout, workload: QuorumWorkload) {
        self.id = id; self.layout = layout; self.workload = workload
        process = id.index - layout.serverCount
        if let c = workload.cart { cart = QuorumCartClient(id: id, layout: layout, workload: workload, cart: c) }
    }

    public var isDone: Bool { cart?.isDone ?? (completed >= workload.opsPerClient) }

    public mutating func start(_ context: inout QuorumContext) {
        if cart != nil { return cart!.start(&context) }
        // A typed operation may arrive before the start event (both at time 0): keep it.
        if current == nil { issueNext(&context) }
    }

    mutating func issueNext(_ context: inout QuorumContext) {
        current = nil
        guard !isDone, layout.serverCount > 0 else { return }
        let key = "k\(context.random(below: max(1, workload.keys)))"
        let total = workload.readWeight + workload.writeWeight + workload.deleteWeight
        let pick = context.random(below: max(1, total))
        let coordinator = NodeID(context.random(below: layout.serverCount))
        lastRequest += 1
        if pick < workload.readWeight {
            current = (lastRequest, .read(key), coordinator)
            context.record(HistoryOperation(process: process, type: .invoke, f: "read", key: key, value: .null))
            context.send(.clientRead(request: lastRequest, key: key, level: readLevel), to: coordinator)
        } else if pick < workload.readWeight + workload.writeWeight {
            writes += 1
            // Unique across clients: the client's number, then its write count.
            let value = Int64(id.index - layout.serverCount + 1) * 1_000_000 + Int64(writes)
            current = (lastRequest, .write(key, value), coordinator)
            context.record(HistoryOperation(process: process, type: .invoke, f: "write", key: key, value: .int(value)))
            if let ctx = contexts[key] {
                context.send(.clientUpdate(request: lastRequest, key: key, value: value, context: ctx, level: writeLevel), to: coordinator)
            } else {
                context.send(.clientWrite(request: lastRequest, key: key, value: value, level: writeLevel), to: coordinator)
            }
        } else {
            current = (lastRequest, .delete(key), coordinator)
            context.record(HistoryOperation(process: process, type: .invoke, f: "delete", key: key, value: .null))
            context.send(.clientUpdate(request: lastRequest, key: key, value: nil, context: contexts[key], level: writeLevel),
                         to: coordinator)
        }
        context.setTimer(.requestTimeout, after: workload.timeout)
    }

    public mutating func receive(_ message: QuorumMessage, from: NodeID, _ context: inout QuorumContext) {
        if cart != nil { return cart!.receive(message, from: from, &context) }
        guard case .clientReply(let request, let outcome) = message, let c = current, c.request == request else { return }
        switch (c.op, outcome) {
        case (.read(let k), .value(let v)):
            noteRead(k, v.map { [$0] } ?? [])
            complete(.ok, v.map { .int($0) } ?? .null, &context)
        case (.read(let k), .siblings(let vs, let ctx)):
            contexts[k] = ctx
            noteRead(k, vs)
            complete(.ok, vs.isEmpty ? .null : vs.count == 1 ? .int(vs[0]) : .list(vs.map { .int($0) }), &context)
        case (.write(_, let v), .written): complete(.ok, .int(v), &context)
        case (.delete, .written): complete(.ok, .null, &context)
        default: giveUp(&context)
        }
    }

    public static let commandHelp = "consistency read|write one|quorum|all | read KEY via nN | write KEY VALUE via nN | delete KEY via nN"

    /// `consistency read|write LEVEL`: the level of this client's next
    /// requests. `read KEY via n2`, `write KEY VALUE via n2`, `delete KEY via
    /// n2`: one operation through that coordinator, recorded in the history
    /// like the workload's, once the client has nothing outstanding (a lab
    /// sets `ops: 0` and drives the client by hand). Values typed here must
    /// differ from each other for the history checkers to tell writes apart.
    public mutating func command(_ text: String, _ context: inout QuorumContext) {
        let words = text.split(separator: " ").map(String.init)
        if let op = Self.operation(words, servers: layout.serverCount) {
            guard cart == nil, current == nil else {
                context.log("ignores '\(text)': it is busy with its own request")
                return
            }
            issue(op.op, via: op.via, &context)
            return
        }
        guard words.count == 3, words[0] == "consistency", ["read", "write"].contains(words[1]),
              let level = ConsistencyLevel(rawValue: words[2].lowercased()) else {
            context.log("ignores '\(text)': a client takes \(Self.commandHelp)")
            return
        }
        if words[1] == "read" { readLevel = level } else { writeLevel = level }
        cart?.setLevels(read: readLevel, write: writeLevel)
        context.log("consistency: reads at \(Self.show(readLevel)), writes at \(Self.show(writeLevel))")
    }

    /// `read KEY via nN`, `write KEY VALUE via nN`, `delete KEY via nN` (nil: not one of them).
    static func operation(_ words: [String], servers: Int) -> (op: Operation, via: NodeID)? {
        guard words.count >= 4, words[words.count - 2] == "via", words.last!.hasPrefix("n"),
              let n = Int(words.last!.dropFirst()), (1...servers).contains(n) else { return nil }
        let via = NodeID(n - 1)
        switch (words[0], words.count) {
        case ("read", 4): return (.read(words[1]), via)
        case ("delete", 4): return (.delete(words[1]), via)
        case ("write", 5): return Int64(words[2]).map { (.write(words[1], $0), via) }
        default: return nil
        }
    }

    /// Sends one operation typed at the client and records its invoke.
    mutating func issue(_ op: Operation, via coordinator: NodeID, _ context: inout QuorumContext) {
        lastRequest += 1
        current = (lastRequest, op, coordinator)
        switch op {
        case .read(let key):
            context.record(HistoryOperation(process: process, type: .invoke, f: "read", key: key, value: .null))
            context.send(.clientRead(request: lastRequest, key: key, level: readLevel), to: coordinator)
        case .write(let key, let value):
            context.record(HistoryOperation(process: process, type: .invoke, f: "write", key: key, value: .int(value)))
            context.send(.clientWrite(request: lastRequest, key: key, value: value, level: writeLevel), to: coordinator)
        case .delete(let key):
            context.record(HistoryOperation(process: process, type: .invoke, f: "delete", key: key, value: .null))
            context.send(.clientUpdate(request: lastRequest, key: key, value: nil, context: contexts[key], level: writeLevel),
                         to: coordinator)
        }
        context.setTimer(.requestTimeout, after: workload.timeout)
    }

    static func show(_ level: ConsistencyLevel?) -> String { level?.rawValue.uppercased() ?? "the coordinator's level" }

    public mutating func timerFired(_ tag: QuorumTimer, _ context: inout QuorumContext) {
        if cart != nil { return cart!.timerFired(tag, &context) }
        if tag == .requestTimeout, current != nil { giveUp(&context) }
    }

    mutating func noteRead(_ key: String, _ values: [Int64]) {
        lastRead = "\(key)=" + (values.isEmpty ? "nil" : values.map(String.init).joined(separator: "|"))
        lastSiblings = values.count
    }

    mutating func giveUp(_ context: inout QuorumContext) {
        guard let c = current else { return }
        switch c.op {
        case .read: complete(.fail, .null, &context)
        case .write(_, let v): complete(.info, .int(v), &context)
        case .delete: complete(.info, .null, &context)
        }
    }

    mutating func complete(_ type: HistoryOperation.Kind, _ value: HistoryValue, _ context: inout QuorumContext) {
        guard let c = current else { return }
        context.record(HistoryOperation(process: process, type: type, f: c.op.f, key: c.op.key, value: value))
        if type == .info { process += layout.clientCount }
        completed += 1
        context.cancelTimer(.requestTimeout)
        issueNext(&context)
    }

    public var summary: NodeSummary {
        if let cart { return cart.summary }
        var fields: [NodeSummary.Field] = [.init("process", String(process)),
                                           .init("done", "\(completed)/\(workload.opsPerClient)")]
        if let r = lastRead { fields += [.init("last_read", r), .init("last_siblings", String(lastSiblings))] }
        if readLevel != nil || writeLevel != nil {
            fields.append(.init("consistency", "R=\(readLevel?.rawValue ?? "-") W=\(writeLevel?.rawValue ?? "-")"))
        }
        if let c = current { fields.append(.init("waiting", "#\(c.request) \(c.op) via n\(c.coordinator.index + 1)")) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}
