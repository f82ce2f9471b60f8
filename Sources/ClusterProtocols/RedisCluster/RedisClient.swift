import ClusterSim

/// A cluster-aware client (as redis-py's or Jedis's cluster clients): it
/// keeps a slot → node cache, sends each command to the slot's node, follows
/// MOVED (updating the cache) and ASK (sending ASKING with the command to
/// the importing node, without updating the cache). Every invoke and
/// completion goes into the run's history in Jepsen's shape; every SET
/// writes a value no other SET uses.
public struct RedisClient: Sendable {
    public let id: NodeID
    public let layout: ClusterLayout
    public let workload: RedisWorkload
    public private(set) var process: Int
    public private(set) var completed = 0
    public private(set) var movedSeen = 0
    public private(set) var askSeen = 0
    /// Slot → node index, as `CLUSTER SLOTS` gave it at start; -1: unknown, ask any node.
    public private(set) var cache: [Int32]
    var current: (request: Int, command: RedisCommand, node: NodeID, redirects: Int)?
    var lastRequest = 0
    var writes = 0

    public init(id: NodeID, layout: ClusterLayout, config: RedisClusterConfig) {
        self.id = id; self.layout = layout; workload = config.workload
        process = id.index - layout.serverCount
        cache = RedisSlotMap(masters: config.masters).owners
    }

    public var isDone: Bool { completed >= workload.opsPerClient }

    public mutating func start(_ context: inout RedisContext) { issueNext(&context) }

    mutating func issueNext(_ context: inout RedisContext) {
        current = nil
        guard !isDone, layout.serverCount > 0 else { return }
        let key = workload.keyName(context.random(below: max(1, workload.keys)))
        let isRead = context.random(below: max(1, workload.readWeight + workload.writeWeight)) < workload.readWeight
        lastRequest += 1
        let command: RedisCommand
        if isRead {
            command = .get(key)
            context.record(HistoryOperation(process: process, type: .invoke, f: "read", key: key, value: .null))
        } else {
            writes += 1
            let value = Int64(id.index - layout.serverCount + 1) * 1_000_000 + Int64(writes)
            command = .set(key, value)
            context.record(HistoryOperation(process: process, type: .invoke, f: "write", key: key, value: .int(value)))
        }
        let slot = RedisHashSlot.slot(forKey: key)
        let node = cache[slot] >= 0 ? NodeID(Int(cache[slot])) : NodeID(context.random(below: layout.serverCount))
        current = (lastRequest, command, node, 0)
        context.send(.command(request: lastRequest, command, asking: false), to: node)
        context.setTimer(.requestTimeout, after: workload.timeout)
    }

    public mutating func receive(_ message: RedisMessage, from: NodeID, _ context: inout RedisContext) {
        guard var c = current else { return }
        switch message {
        case .reply(let r, let value, _) where r == c.request:
            if case .set(_, let v) = c.command { complete(.ok, .int(v), &context) } else {
                complete(.ok, value.map { .int($0) } ?? .null, &context)
            }
        case .error(let r, _) where r == c.request:
            // CLUSTERDOWN: the node refused without running the command. Forget
            // its slots, as after a timeout, so later commands find the new owner.
            forget(c.node)
            complete(.fail, c.command.writtenValue, &context)
        case .moved(let r, let slot, let to) where r == c.request:
            movedSeen += 1
            cache[slot] = Int32(to.index)
            c.redirects += 1; c.node = to
            current = c
            redirect(asking: false, &context)
        case .ask(let r, _, let to) where r == c.request:
            askSeen += 1
            c.redirects += 1; c.node = to
            current = c
            redirect(asking: true, &context)
        default: break
        }
    }

    mutating func redirect(asking: Bool, _ context: inout RedisContext) {
        guard let c = current else { return }
        guard c.redirects <= workload.maxRedirects else { return giveUp(&context) }
        context.send(.command(request: c.request, c.command, asking: asking), to: c.node)
    }

    public mutating func timerFired(_ tag: RedisTimer, _ context: inout RedisContext) {
        switch tag {
        case .requestTimeout:
            guard let c = current else { return }
            // The node may be down: forget what it served, so the next
            // command for those slots goes to any node and learns by MOVED.
            forget(c.node)
            giveUp(&context)
        case .think: issueNext(&context)
        default: break
        }
    }

    mutating func forget(_ node: NodeID) {
        let n = Int32(node.index)
        for s in cache.indices where cache[s] == n { cache[s] = -1 }
    }

    /// A GET that got no answer failed; a SET may or may not have happened (`info`).
    mutating func giveUp(_ context: inout RedisContext) {
        guard let c = current else { return }
        if case .set(_, let v) = c.command { complete(.info, .int(v), &context) } else { complete(.fail, .null, &context) }
    }

    mutating func complete(_ type: HistoryOperation.Kind, _ value: HistoryValue, _ context: inout RedisContext) {
        guard let c = current else { return }
        let f: String
        if case .get = c.command { f = "read" } else { f = "write" }
        context.record(HistoryOperation(process: process, type: type, f: f, key: c.command.key, value: value))
        if type == .info { process += layout.clientCount }
        completed += 1
        current = nil
        context.cancelTimer(.requestTimeout)
        if workload.think > 0 { context.setTimer(.think, after: workload.think) } else { issueNext(&context) }
    }

    public var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [.init("done", "\(completed)/\(workload.opsPerClient)"),
                                           .init("moved", String(movedSeen)), .init("asked", String(askSeen))]
        if let c = current { fields.append(.init("waiting", "#\(c.request) \(c.command) at n\(c.node.index + 1)")) }
        return NodeSummary(role: "client", tone: .neutral, fields: fields)
    }
}

extension RedisCommand {
    /// A SET's value for the history (a GET's is null).
    var writtenValue: HistoryValue { if case .set(_, let v) = self { return .int(v) } else { return .null } }
}
