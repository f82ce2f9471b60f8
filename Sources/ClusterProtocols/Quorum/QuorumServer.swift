import ClusterSim

/// A Dynamo/Cassandra-style storage server: a replica of the keys the ring
/// gives it, and the coordinator of every request a client sends it. The
/// coordinator asks all N replicas and answers once the consistency level's
/// count has replied; last-write-wins on (Lamport clock, node) stamps settles
/// conflicts; a read repairs the replicas that answered with older values.
public struct QuorumServer: Sendable {
    /// One request this server is coordinating.
    public struct Coordination: Sendable, Hashable {
        public enum Phase: Sendable, Hashable {
            /// A write collecting the key's stamps before choosing its own.
            case stamping
            case reading
            case writing
        }
        public var client: NodeID
        public var request: Int
        public var key: String
        /// The value to write, for writes.
        public var writeValue: Int64?
        public var phase: Phase
        public var replicas: [NodeID]
        /// Replies to `replicaRead`, by replica (nil: it holds nothing).
        public var readReplies: [NodeID: StoredValue?] = [:]
        public var acks: Set<NodeID> = []
        public var write: StoredValue?
        public var answered = false
    }

    public let id: NodeID
    public let config: QuorumConfig
    public let ring: ReplicaRing
    /// This replica's data.
    public private(set) var store: [String: StoredValue] = [:]
    /// The Lamport clock stamps are drawn from (the engine's clock, and every stamp seen).
    public private(set) var clock: Int64 = 0
    public private(set) var coordinating: [Int: Coordination] = [:]
    var nextOperation = 0

    public init(id: NodeID, serverCount: Int, config: QuorumConfig) {
        self.id = id; self.config = config
        ring = ReplicaRing(servers: serverCount)
    }

    var n: Int { min(config.replicationFactor, ring.tokens.count) }

    // MARK: Coordinator

    public mutating func receive(_ message: QuorumMessage, from: NodeID, _ context: inout QuorumContext) {
        clock = max(clock, context.lamport)
        switch message {
        case .clientRead(let request, let key):
            begin(Coordination(client: from, request: request, key: key, phase: .reading,
                               replicas: ring.replicas(for: key, count: n)), &context)
        case .clientWrite(let request, let key, let value):
            var c = Coordination(client: from, request: request, key: key, writeValue: value, phase: .stamping,
                                 replicas: ring.replicas(for: key, count: n))
            if !config.stampRead { c.phase = .writing }
            begin(c, &context)
        case .replicaRead(let op, let key):
            context.send(.replicaReadReply(op: op, store[key]), to: from)
        case .replicaReadReply(let op, let value):
            readReply(op, value, from: from, &context)
        case .replicaWrite(let op, let key, let value):
            apply(key, value, &context)
            context.send(.replicaWriteAck(op: op), to: from)
        case .replicaWriteAck(let op):
            writeAck(op, from: from, &context)
        case .repair(let key, let value):
            apply(key, value, &context)
        case .clientReply:
            break
        }
    }

    mutating func begin(_ c: Coordination, _ context: inout QuorumContext) {
        nextOperation += 1
        let op = nextOperation
        coordinating[op] = c
        context.setTimer(.operation(op), after: config.coordinatorTimeout)
        c.phase == .writing ? startWriting(op, &context) : startReading(op, &context)
    }

    mutating func startReading(_ op: Int, _ context: inout QuorumContext) {
        guard let c = coordinating[op] else { return }
        for r in c.replicas where r != id { context.send(.replicaRead(op: op, key: c.key), to: r) }
        if c.replicas.contains(id) { readReply(op, store[c.key], from: id, &context) }
    }

    mutating func startWriting(_ op: Int, _ context: inout QuorumContext) {
        guard var c = coordinating[op], let value = c.writeValue else { return }
        let seen = c.readReplies.values.compactMap { $0?.stamp.clock }.max() ?? 0
        clock = max(clock, seen) + 1
        let write = StoredValue(value, stamp: LamportStamp(clock: clock, node: id.index))
        c.phase = .writing; c.write = write
        coordinating[op] = c
        context.log("writes \(c.key)=\(write) to \(c.replicas.map { context.layout.name($0) }.joined(separator: ","))")
        for r in c.replicas where r != id { context.send(.replicaWrite(op: op, key: c.key, write), to: r) }
        if c.replicas.contains(id) { apply(c.key, write, &context); writeAck(op, from: id, &context) }
    }

    mutating func readReply(_ op: Int, _ value: StoredValue?, from: NodeID, _ context: inout QuorumContext) {
        guard var c = coordinating[op], c.phase != .writing, c.replicas.contains(from) else { return }
        if let value { clock = max(clock, value.stamp.clock) }
        c.readReplies[from] = .some(value)
        coordinating[op] = c
        let needed = config.readConsistency.required(of: c.replicas.count)
        if c.phase == .stamping {
            if c.readReplies.count >= needed { startWriting(op, &context) }
            return
        }
        if !c.answered, c.readReplies.count >= needed {
            coordinating[op]!.answered = true
            context.send(.clientReply(request: c.request, .value(newest(c)?.value)), to: c.client)
        }
        if c.readReplies.count == c.replicas.count { finish(op, &context) }
    }

    mutating func writeAck(_ op: Int, from: NodeID, _ context: inout QuorumContext) {
        guard var c = coordinating[op], c.phase == .writing else { return }
        c.acks.insert(from)
        coordinating[op] = c
        if !c.answered, c.acks.count >= config.writeConsistency.required(of: c.replicas.count) {
            coordinating[op]!.answered = true
            context.send(.clientReply(request: c.request, .written), to: c.client)
        }
        if c.acks.count == c.replicas.count { finish(op, &context) }
    }

    func newest(_ c: Coordination) -> StoredValue? {
        c.readReplies.values.compactMap { $0 }.max { $1.supersedes($0) }
    }

    /// Ends a coordination: answers `unavailable` if it never could answer,
    /// and after a read sends the newest value to every replica that answered with less.
    mutating func finish(_ op: Int, _ context: inout QuorumContext) {
        guard let c = coordinating.removeValue(forKey: op) else { return }
        context.cancelTimer(.operation(op))
        if !c.answered { context.send(.clientReply(request: c.request, .unavailable), to: c.client) }
        guard c.phase == .reading, let latest = newest(c) else { return }
        for (replica, held) in c.readReplies.sorted(by: { $0.key < $1.key }) where held.map({ latest.supersedes($0) }) ?? true {
            context.log("read repair: \(context.layout.name(replica)) gets \(c.key)=\(latest)")
            if replica == id { apply(c.key, latest, &context) } else { context.send(.repair(key: c.key, latest), to: replica) }
        }
    }

    public mutating func timerFired(_ tag: QuorumTimer, _ context: inout QuorumContext) {
        guard case .operation(let op) = tag, let c = coordinating[op] else { return }
        if !c.answered { context.log("op#\(op) on \(c.key): too few replicas answered") }
        finish(op, &context)
    }

    // MARK: Replica

    /// Keeps `value` for `key` if it wins over what this replica holds.
    mutating func apply(_ key: String, _ value: StoredValue, _ context: inout QuorumContext) {
        clock = max(clock, value.stamp.clock)
        if store[key].map({ value.supersedes($0) }) ?? true {
            store[key] = value
            context.stateChanged("\(key)=\(value.value)")
        }
    }

    public var summary: NodeSummary {
        let keys = store.keys.sorted()
        return NodeSummary(role: "replica", tone: .follower, epoch: nil,
                           fields: keys.prefix(6).map { .init($0, String(store[$0]!.value)) }
                               + [.init("clock", String(clock))],
                           details: keys.map { "\($0) = \(store[$0]!)  replicas " + ring.replicas(for: $0, count: n)
                                        .map { "n\($0.index + 1)" }.joined(separator: ",") }
                               + ["coordinating \(coordinating.count)"])
    }
}
