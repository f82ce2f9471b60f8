import ClusterSim

/// What a quorum server keeps across a crash: its storage's commit log and
/// SSTables, the hints it holds for other replicas, and its version counter.
public struct QuorumDurable: Sendable, Hashable {
    public var storage: StorageEngine
    public var hints: [Hint]
    public var nextHint: Int
    public var versionCounter: Int32
}

/// A Dynamo/Cassandra-style storage server: a replica of the keys the ring
/// gives it, and the coordinator of every request a client sends it. A
/// write goes to all N replicas and is answered once the consistency level's
/// count has acknowledged it; a read asks only as many replicas as its level
/// needs and repairs those of them that answered with older versions before
/// it answers (`QuorumServer+Reads`). Last-write-wins on (Lamport clock,
/// node) stamps, or vector clocks with siblings, settles conflicts. Hinted
/// handoff, anti-entropy and tombstones live in the other `QuorumServer+…` files.
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
        /// The value to write (nil with `isWrite`: a delete).
        public var writeValue: Int64?
        public var isWrite = false
        /// The client's context under vector versioning.
        public var context: VectorClock?
        public var phase: Phase
        public var replicas: [NodeID]
        /// The levels this request runs at (the client's choice, else the server's).
        public var readLevel = ConsistencyLevel.quorum
        public var writeLevel = ConsistencyLevel.quorum
        /// The replicas a read asked: the level's count, plus speculative
        /// retries (and every replica under `read_repair_chance`).
        public var contacted: [NodeID] = []
        /// Read repairs the read waits for before it answers.
        public var pendingRepairs: Set<NodeID> = []
        /// Replies to `replicaRead`, by replica (empty: it holds nothing).
        public var readReplies: [NodeID: [Version]] = [:]
        public var acks: Set<NodeID> = []
        /// Fallback servers holding a hinted write, and for whom.
        public var fallbacks: [NodeID: NodeID] = [:]
        public var write: Version?
        public var answered = false
        /// A write that reads every replica first and supersedes every
        /// version it saw (the `resolve` command: a client merging siblings).
        public var resolves = false
    }

    public let id: NodeID
    public let config: QuorumConfig
    public let ring: ReplicaRing
    public let serverCount: Int
    /// This replica's data.
    public internal(set) var storage: StorageEngine
    /// Writes held for replicas that did not take them.
    public internal(set) var hints: [Hint]
    var nextHint: Int
    /// This server's entry in the vector clocks of the writes it coordinates.
    var versionCounter: Int32
    /// Replicas that missed a write's or a read's deadline and have not been heard from since.
    public internal(set) var suspected: Set<NodeID> = []
    /// The Lamport clock stamps are drawn from (the engine's clock, and every stamp seen).
    public internal(set) var clock: Int64 = 0
    public internal(set) var coordinating: [Int: Coordination] = [:]
    var nextOperation = 0
    var nextCommand = 0
    /// Anti-entropy: trees of the exchanges in progress, the next peer, counters.
    var merkleTrees: [MerkleSession: MerkleTree] = [:]
    var merkleSessions = 0
    var nextPeer = 0
    public internal(set) var rowsRepaired = 0
    /// Keys this replica took from a read repair (the mechanism a lab checks).
    public internal(set) var readRepairs = 0
    /// The levels requests run at when their client chose none (the
    /// `consistency` command changes them; a restart restores the configured ones).
    public internal(set) var readConsistency: ConsistencyLevel
    public internal(set) var writeConsistency: ConsistencyLevel
    /// The last operation typed at this server (`write k0 at quorum`) and its
    /// answer (`ok`, a value, `unavailable`; `pending` until it comes).
    public internal(set) var lastCommand = "none"
    public internal(set) var lastOutcome = "none"
    /// Client requests this server answered `unavailable`.
    public internal(set) var refused = 0
    public internal(set) var hintsDelivered = 0

    public init(id: NodeID, serverCount: Int, config: QuorumConfig, durable: QuorumDurable? = nil) {
        self.id = id; self.config = config; self.serverCount = serverCount
        ring = ReplicaRing(servers: serverCount, vnodes: config.vnodes)
        storage = durable?.storage.recovered() ?? config.storageEngine
        hints = durable?.hints ?? []
        nextHint = durable?.nextHint ?? 0
        versionCounter = durable?.versionCounter ?? 0
        readConsistency = config.readConsistency
        writeConsistency = config.writeConsistency
    }

    var n: Int { min(config.replicationFactor, serverCount) }

    var durable: QuorumDurable {
        QuorumDurable(storage: storage.onDisk, hints: hints, nextHint: nextHint, versionCounter: versionCounter)
    }

    /// Sets the periodic timers, and the grace timers of tombstones that survived a crash.
    public mutating func start(_ context: inout QuorumContext) {
        if config.hintedHandoff { context.setTimer(.handoff, after: config.handoffInterval) }
        if let every = config.antiEntropyInterval {
            context.setTimer(.antiEntropy, after: every + Int64(id.index) * every / Int64(max(1, serverCount)))
        }
        for (key, versions) in storage.allRows().sorted(by: { $0.key < $1.key }) where versions.allSatisfy(\.isTombstone) {
            context.setTimer(.tombstoneExpiry(key), after: config.gcGrace)
        }
    }

    // MARK: Coordinator

    public mutating func receive(_ message: QuorumMessage, from: NodeID, _ context: inout QuorumContext) {
        clock = max(clock, context.lamport)
        if !suspected.isEmpty { suspected.remove(from) }
        switch message {
        case .clientRead(let request, let key, let level):
            read(from, request, key, level, &context)
        case .clientWrite(let request, let key, let value, let level):
            update(from, request, key, value, nil, level, &context)
        case .clientUpdate(let request, let key, let value, let ctx, let level):
            update(from, request, key, value, ctx, level, &context)
        case .replicaRead(let op, let key):
            context.send(.replicaReadReply(op: op, storage.read(key)), to: from)
        case .replicaReadReply(let op, let versions):
            readReply(op, versions, from: from, &context)
        case .replicaWrite(let op, let key, let version):
            apply(key, [version], &context)
            context.send(.replicaWriteAck(op: op), to: from)
        case .replicaWriteAck(let op):
            writeAck(op, from: from, &context)
        case .hintedWrite(let op, let key, let version, let target):
            hold(Hint(id: 0, target: target, key: key, version: version), &context)
            context.send(.replicaWriteAck(op: op), to: from)
        case .handoff(let delivered):
            receiveHandoff(delivered, from: from, &context)
        case .handoffAck(let ids):
            handoffAcknowledged(ids, &context)
        case .repair(let op, let key, let versions):
            if apply(key, versions, &context) { readRepairs += 1 }
            context.send(.repairAck(op: op), to: from)
        case .repairAck(let op):
            repairAcknowledged(op, from: from, &context)
        case .merkleHashes(let session, let level, let indices, let hashes):
            merkleHashes(session, level: level, indices: indices, hashes: hashes, from: from, &context)
        case .merkleRows(let session, let leaves, let rows, let reply):
            merkleRows(session, leaves: leaves, rows: rows, reply: reply, from: from, &context)
        case .clientReply(let request, let outcome):
            if from == id, request < 0 {
                context.log("command #\(-request): \(outcome)")
                if request == -nextCommand { lastOutcome = outcome.description }
            }
        }
    }

    /// A coordination of `key` at this server's levels, or at `level` for the
    /// operation's own kind (a read's R, a write's W).
    func coordination(_ client: NodeID, _ request: Int, _ key: String, _ phase: Coordination.Phase,
                      isWrite: Bool = false, level: ConsistencyLevel? = nil) -> Coordination {
        var c = Coordination(client: client, request: request, key: key, isWrite: isWrite, phase: phase,
                             replicas: ring.replicas(for: key, count: n))
        c.readLevel = isWrite ? readConsistency : level ?? readConsistency
        c.writeLevel = isWrite ? level ?? writeConsistency : writeConsistency
        return c
    }

    mutating func read(_ client: NodeID, _ request: Int, _ key: String, _ level: ConsistencyLevel?,
                       _ context: inout QuorumContext) {
        begin(coordination(client, request, key, .reading, level: level), &context)
    }

    mutating func update(_ client: NodeID, _ request: Int, _ key: String, _ value: Int64?, _ ctx: VectorClock?,
                         _ level: ConsistencyLevel?, _ context: inout QuorumContext) {
        var c = coordination(client, request, key, config.stampRead ? .stamping : .writing, isWrite: true, level: level)
        c.writeValue = value; c.context = ctx
        begin(c, &context)
    }

    mutating func begin(_ c: Coordination, _ context: inout QuorumContext) {
        nextOperation += 1
        let op = nextOperation
        coordinating[op] = c
        context.setTimer(.operation(op), after: config.coordinatorTimeout)
        c.phase == .writing ? startWriting(op, &context) : startReading(op, &context)
    }

    /// The version a write creates: a stamp later than any seen and, under
    /// vector versioning, the client's context with this server's entry advanced.
    mutating func newVersion(_ c: Coordination) -> Version {
        let seen = c.readReplies.values.joined().map(\.stamp.clock).max() ?? 0
        clock = max(clock, seen) + 1
        let stamp = LamportStamp(clock: clock, node: id.index)
        guard config.versioning == .vector else { return Version(c.writeValue, stamp: stamp) }
        var vector = c.context ?? VectorClock(count: serverCount)
        if c.resolves { vector = c.readReplies.values.joined().compactMap(\.fullClock).reduce(vector) { $0.merged(with: $1) } }
        if vector.entries.count < serverCount { vector.entries += Array(repeating: 0, count: serverCount - vector.entries.count) }
        versionCounter = max(versionCounter, vector.entries[id.index]) + 1
        return Version(c.writeValue, stamp: stamp, clock: vector, dot: Dot(node: id.index, counter: versionCounter))
    }

    mutating func startWriting(_ op: Int, _ context: inout QuorumContext) {
        guard var c = coordinating[op], c.isWrite else { return }
        let write = newVersion(c)
        c.phase = .writing; c.write = write
        // A sloppy quorum: a replica believed down is replaced by the next server on the ring.
        if config.hintedHandoff, c.replicas.contains(where: suspected.contains) {
            var spare = ring.replicas(for: c.key, count: serverCount).filter { !c.replicas.contains($0) && !suspected.contains($0) }
            for r in c.replicas where suspected.contains(r) && !spare.isEmpty { c.fallbacks[spare.removeFirst()] = r }
        }
        coordinating[op] = c
        context.log("writes \(c.key)=\(write) to \(c.replicas.map { context.layout.name($0) }.joined(separator: ","))")
        for r in c.replicas where r != id && (!suspected.contains(r) || !c.fallbacks.values.contains(r)) {
            context.send(.replicaWrite(op: op, key: c.key, write), to: r)
        }
        for (f, target) in c.fallbacks.sorted(by: { $0.key < $1.key }) {
            if f == id { hold(Hint(id: 0, target: target, key: c.key, version: write), &context); writeAck(op, from: id, &context) }
            else { context.send(.hintedWrite(op: op, key: c.key, write, target: target), to: f) }
        }
        if c.replicas.contains(id) { apply(c.key, [write], &context); writeAck(op, from: id, &context) }
        context.persist(durable)
    }

    /// What a read answers: the winner under last-write-wins; every live sibling and their merged clock under vectors.
    func outcome(_ versions: [Version]) -> QuorumOutcome {
        guard config.versioning == .vector else { return .value(versions.first?.value) }
        let context = versions.compactMap(\.fullClock).reduce(VectorClock(count: serverCount)) { $0.merged(with: $1) }
        return .siblings(versions.compactMap(\.value), context: context)
    }

    mutating func writeAck(_ op: Int, from: NodeID, _ context: inout QuorumContext) {
        guard coordinating[op]?.phase == .writing else { return }
        coordinating[op]!.acks.insert(from)
        let c = coordinating[op]!
        if !c.answered, c.acks.count >= c.writeLevel.required(of: c.replicas.count) {
            coordinating[op]!.answered = true
            context.send(.clientReply(request: c.request, .written), to: c.client)
        }
        if c.acks.count == c.replicas.count { finish(op, &context) }
    }

    /// Every reply's versions merged: the newest under last-write-wins, the siblings under vectors.
    func newest(_ c: Coordination) -> [Version] {
        c.readReplies.sorted { $0.key < $1.key }.reduce([]) { storage.versioning.merge($0, $1.value) }
    }

    /// Ends a coordination: answers `unavailable` if it never could answer
    /// (for a read, also one whose repairs were not acknowledged in time);
    /// after a write keeps hints for replicas that never acknowledged.
    mutating func finish(_ op: Int, _ context: inout QuorumContext) {
        guard let c = coordinating.removeValue(forKey: op) else { return }
        context.cancelTimer(.operation(op))
        if c.phase == .reading, c.contacted.count < c.replicas.count, config.speculativeRetry != nil {
            context.cancelTimer(.speculativeRetry(op))
        }
        if !c.answered {
            context.send(.clientReply(request: c.request, .unavailable), to: c.client)
            if c.request >= 0 { refused += 1 }
        }
        if c.phase == .reading { suspected.formUnion(c.contacted.filter { c.readReplies[$0] == nil }) }
        if c.phase == .writing, let write = c.write {
            let covered = Set(c.fallbacks.filter { c.acks.contains($0.key) }.values)
            for r in c.replicas where !c.acks.contains(r) && !covered.contains(r) {
                suspected.insert(r)
                if config.hintedHandoff { hold(Hint(id: 0, target: r, key: c.key, version: write), &context) }
            }
        }
    }

    public mutating func timerFired(_ tag: QuorumTimer, _ context: inout QuorumContext) {
        switch tag {
        case .operation(let op):
            guard let c = coordinating[op] else { return }
            if !c.answered { context.log("op#\(op) on \(c.key): too few replicas answered") }
            finish(op, &context)
        case .handoff:
            handOff(&context)
            context.setTimer(.handoff, after: config.handoffInterval)
        case .antiEntropy:
            startAntiEntropy(&context)
            if let every = config.antiEntropyInterval { context.setTimer(.antiEntropy, after: every) }
        case .tombstoneExpiry(let key):
            collectTombstone(key, &context)
        case .speculativeRetry(let op):
            speculate(op, &context)
        case .requestTimeout:
            break
        }
    }

    // MARK: Replica

    /// Merges `versions` into this replica's storage (those that lose are
    /// dropped on merge); true if that changed what the replica holds.
    @discardableResult
    mutating func apply(_ key: String, _ versions: [Version], _ context: inout QuorumContext) -> Bool {
        var changed = false
        for v in versions {
            clock = max(clock, v.stamp.clock)
            if let e = v.fullClock?.entries, id.index < e.count { versionCounter = max(versionCounter, e[id.index]) }
            if storage.write(key, v) { changed = true }
        }
        guard changed else { return false }
        let now = storage.peek(key)
        if !now.isEmpty, now.allSatisfy(\.isTombstone) { context.setTimer(.tombstoneExpiry(key), after: config.gcGrace) }
        context.stateChanged("\(key)=\(Self.show(now))")
        context.persist(durable)
        return true
    }

    /// `5`, `5|7` for siblings, `deleted` for a tombstone.
    static func show(_ versions: [Version]) -> String {
        let live = versions.compactMap(\.value)
        if live.isEmpty { return versions.isEmpty ? "nil" : "deleted" }
        return live.map(String.init).joined(separator: "|")
    }

    public var summary: NodeSummary {
        let rows = storage.allRows()
        let keys = rows.keys.sorted()
        var fields: [NodeSummary.Field] = [.init("mem", storageHeadline)]
        fields += keys.prefix(6).map { .init($0, Self.show(rows[$0]!)) }
        fields += [.init("clock", String(clock)),
                   .init("commitlog", String(storage.commitLog.count)),
                   .init("memtable", String(storage.memtable.count)),
                   .init("sstables", String(storage.sstables.count)),
                   .init("sstable_sizes", storage.sstables.map { String($0.size) }.joined(separator: " ")),
                   .init("sstables_read", String(storage.lastReadSSTables)),
                   .init("sstables_skipped", String(storage.lastReadSkipped)),
                   .init("bloom_skips", String(storage.bloomSkips)),
                   .init("flushes", String(storage.flushes)),
                   .init("compactions", String(storage.compactions)),
                   .init("tombstones_purged", String(storage.tombstonesPurged)),
                   .init("siblings", String(rows.values.map(\.count).max() ?? 0)),
                   .init("tombstones", String(rows.values.filter { $0.allSatisfy(\.isTombstone) }.count)),
                   .init("hints", String(hints.count)),
                   .init("repaired", String(rowsRepaired)),
                   .init("read_repaired", String(readRepairs)),
                   .init("consistency", "R=\(readConsistency.rawValue) W=\(writeConsistency.rawValue)"),
                   .init("refused", String(refused)),
                   .init("last_command", lastCommand),
                   .init("last_outcome", lastOutcome)]
        return NodeSummary(role: "replica", tone: .follower, epoch: nil, fields: fields,
                           details: keys.map { "\($0) = \(QuorumMessage.show(rows[$0]!))  replicas " + ring.replicas(for: $0, count: n)
                                        .map { "n\($0.index + 1)" }.joined(separator: ",") }
                               + storageDetails
                               + ["coordinating \(coordinating.count)",
                                  "hints delivered \(hintsDelivered), suspected " + suspected.sorted().map { "n\($0.index + 1)" }.joined(separator: ",")])
    }

    /// The node box's line: memtable keys, then the SSTables' sizes oldest first (`mem 3 sst 16 4 4`).
    var storageHeadline: String {
        "\(storage.memtable.count) sst " + (storage.sstables.isEmpty ? "-" : storage.sstables.map { String($0.size) }.joined(separator: " "))
    }

    /// The inspector's write path: memtable, the SSTable stack newest on top, compactions and the Bloom filters' work.
    var storageDetails: [String] {
        ["write path: commit log \(storage.commitLog.count) records, memtable \(storage.memtable.count)/\(storage.memtableLimit) keys",
         "SSTables \(storage.sstables.count) (newest on top):"]
            + storage.sstables.reversed().map { t in
                "  gen \(t.generation): \(t.size) rows, bloom \(t.bloom.bitCount) bits k=\(t.bloom.hashCount)"
            }
            + ["flushes \(storage.flushes), compactions \(storage.compactions), tombstones purged \(storage.tombstonesPurged)",
               "last read: \(storage.lastReadSSTables) SSTables read, \(storage.lastReadSkipped) skipped by Bloom filters",
               "bloom skips \(storage.bloomSkips), false positives \(storage.bloomFalsePositives)"]
    }
}
