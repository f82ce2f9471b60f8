import ClusterSim

/// The MinIO server in front of one erasure set. A PUT is split into k data
/// and m parity shards (Reed–Solomon, klauspost's matrix), each written with
/// its checksum to its own drive, and acknowledged once a write quorum of
/// drives has stored it. A GET reads every drive, keeps the shards of the
/// newest version whose checksums still match, and decodes from any k of
/// them; fewer than k and the read is refused. Shards found missing, stale
/// or rotten on the way are rewritten from the decoded object (healing), and
/// a periodic scan heals every object the gateway has written.
public struct ErasureGateway: Sendable, Hashable {
    struct PendingPut: Sendable, Hashable {
        var client: NodeID
        var op: Int
        var key: String
        var acks: Set<Int> = []
        var answered = false
    }
    struct PendingGet: Sendable, Hashable {
        /// nil for the healing scan's own reads.
        var client: NodeID?
        var op: Int
        var key: String
        var replies: [Int: ErasureStoredShard?] = [:]
    }

    let config: ErasureConfig
    /// Objects acknowledged to a client, which the healing scan visits.
    public var objects: Set<String> = []
    var nextVersion = 1
    var nextRequest = 1
    var puts: [Int: PendingPut] = [:]
    var gets: [Int: PendingGet] = [:]
    public var putsOK = 0, putsFailed = 0, getsOK = 0, getsRefused = 0
    public var healed = 0, rotFound = 0, scans = 0

    init(config: ErasureConfig) { self.config = config }

    static func drive(_ index: Int) -> NodeID { NodeID(index + 1) }

    mutating func start(_ context: inout NodeContext<ErasureProcess>) {
        if let every = config.healScan { context.setTimer(.healScan, after: every) }
    }

    mutating func receive(_ message: ErasureMessage, from: NodeID, _ context: inout NodeContext<ErasureProcess>) {
        switch message {
        case let .put(op, key, value): startPut(client: from, op: op, key: key, value: value, &context)
        case let .get(op, key): startGet(client: from, op: op, key: key, &context)
        case let .shardWritten(request, index): shardWritten(request: request, index: index, &context)
        case let .shardRead(request, shard):
            guard gets[request] != nil else { return }
            gets[request]!.replies[from.index - 1] = .some(shard)
            if gets[request]!.replies.count == config.drives { finishGet(request, &context) }
        default: context.log("gateway ignores \(message)")
        }
    }

    mutating func timerFired(_ tag: ErasureProcess.TimerTag, _ context: inout NodeContext<ErasureProcess>) {
        switch tag {
        case let .driveTimeout(request):
            if gets[request] != nil { finishGet(request, &context) }
            if let put = puts.removeValue(forKey: request), !put.answered {
                putsFailed += 1
                let reason = "write quorum not met: \(put.acks.count) of \(config.writeQuorum) drives stored their shard"
                context.log("PUT \(put.key) failed: \(reason)")
                context.send(.putFailed(op: put.op, reason: reason), to: put.client)
            }
        case .healScan:
            scan(&context)
            if let every = config.healScan { context.setTimer(.healScan, after: every) }
        case .nextOp:
            break
        }
    }

    /// `heal`: scan every object now.
    mutating func command(_ text: String, _ context: inout NodeContext<ErasureProcess>) {
        guard text.trimmingCharacters(in: .whitespaces) == "heal" else {
            context.log("the gateway takes `heal`; not '\(text)'")
            return
        }
        scan(&context)
    }

    mutating func scan(_ context: inout NodeContext<ErasureProcess>) {
        scans += 1
        for key in objects.sorted() { startGet(client: nil, op: 0, key: key, &context) }
    }

    mutating func startPut(client: NodeID, op: Int, key: String, value: [UInt8], _ context: inout NodeContext<ErasureProcess>) {
        let code = try! ErasureCode(dataShards: config.dataShards, parityShards: config.parityShards)
        // MinIO stores an empty object without shards; here a zero byte stands in (size 0 cuts it off).
        let shards = try! code.encode(value.isEmpty ? [0] : value)
        let request = nextRequest, version = nextVersion
        nextRequest += 1; nextVersion += 1
        puts[request] = PendingPut(client: client, op: op, key: key)
        for (i, bytes) in shards.enumerated() {
            let shard = ErasureStoredShard(version: version, index: i, size: value.count, bytes: bytes)
            context.send(.writeShard(request: request, key: key, shard: shard), to: Self.drive(i))
        }
        context.setTimer(.driveTimeout(request), after: config.driveTimeout)
    }

    mutating func shardWritten(request: Int, index: Int, _ context: inout NodeContext<ErasureProcess>) {
        guard var put = puts[request] else { return }
        put.acks.insert(index)
        if !put.answered, put.acks.count >= config.writeQuorum {
            put.answered = true
            putsOK += 1
            objects.insert(put.key)
            context.send(.putOK(op: put.op), to: put.client)
        }
        puts[request] = put.acks.count == config.drives ? nil : put
        if puts[request] == nil { context.cancelTimer(.driveTimeout(request)) }
    }

    mutating func startGet(client: NodeID?, op: Int, key: String, _ context: inout NodeContext<ErasureProcess>) {
        let request = nextRequest
        nextRequest += 1
        gets[request] = PendingGet(client: client, op: op, key: key)
        for i in 0..<config.drives { context.send(.readShard(request: request, key: key), to: Self.drive(i)) }
        context.setTimer(.driveTimeout(request), after: config.driveTimeout)
    }

    /// Decides a GET on the replies in hand (all drives, or the timeout).
    mutating func finishGet(_ request: Int, _ context: inout NodeContext<ErasureProcess>) {
        guard let get = gets.removeValue(forKey: request) else { return }
        context.cancelTimer(.driveTimeout(request))
        let found = get.replies.values.compactMap { $0 }
        let trustAll = config.mutations.contains(.skipBitrotCheck)
        let rotten = found.filter { !trustAll && !$0.isIntact }
        rotFound += rotten.count
        for shard in rotten { context.log("bit rot found: \(get.key) shard \(shard.index) fails its checksum") }
        let usable = found.filter { trustAll || $0.isIntact }
        // The newest version that k shards agree on.
        let versions = Set(usable.map(\.version)).sorted(by: >)
        guard let version = versions.first(where: { v in usable.filter { $0.version == v }.count >= config.readQuorum }),
              let value = decode(usable.filter { $0.version == version }) else {
            let best = versions.map { v in usable.filter { $0.version == v }.count }.max() ?? 0
            let reason = found.isEmpty && get.replies.count == config.drives
                ? "no such object" : "read quorum not met: \(best) usable shards, \(config.readQuorum) needed"
            if let client = get.client {
                getsRefused += 1
                context.log("GET \(get.key) refused: \(reason)")
                context.send(.getFailed(op: get.op, reason: reason), to: client)
            } else {
                context.log("heal of \(get.key) impossible: \(reason)")
            }
            return
        }
        if let client = get.client {
            getsOK += 1
            context.send(.getOK(op: get.op, value: value), to: client)
        }
        heal(get, version: version, value: value, usable: usable, &context)
    }

    /// Rewrites every shard of a drive that answered without a good copy of `version`.
    mutating func heal(_ get: PendingGet, version: Int, value: [UInt8], usable: [ErasureStoredShard],
                       _ context: inout NodeContext<ErasureProcess>) {
        let good = Set(usable.filter { $0.version == version }.map(\.index))
        let answered = Set(get.replies.keys)
        let toHeal = (0..<config.drives).filter { answered.contains($0) && !good.contains($0) }
        guard !toHeal.isEmpty else { return }
        let code = try! ErasureCode(dataShards: config.dataShards, parityShards: config.parityShards)
        let shards = try! code.encode(value.isEmpty ? [0] : value)
        for i in toHeal {
            healed += 1
            context.log("healing \(get.key) shard \(i) on drive \(i + 1)")
            let shard = ErasureStoredShard(version: version, index: i, size: value.count, bytes: shards[i])
            context.send(.writeShard(request: 0, key: get.key, shard: shard), to: Self.drive(i))
        }
    }

    /// The object from shards of one version (at least k, any of them).
    func decode(_ shards: [ErasureStoredShard]) -> [UInt8]? {
        guard let size = shards.first?.size else { return nil }
        let code = try! ErasureCode(dataShards: config.dataShards, parityShards: config.parityShards)
        var slots = [[UInt8]?](repeating: nil, count: config.drives)
        for shard in shards where shard.index < config.drives { slots[shard.index] = shard.bytes }
        guard let all = try? code.reconstruct(slots) else { return nil }
        return ErasureSplit.join(Array(all.prefix(config.dataShards)), byteCount: size)
    }

    /// Counts as numbers, so lab predicates can compare them (`n1.refused > 0`).
    var summary: NodeSummary {
        NodeSummary(role: "gateway", tone: .leader, fields: [
            .init("EC", "\(config.dataShards)+\(config.parityShards)"),
            .init("puts", "\(putsOK)"), .init("failed", "\(putsFailed)"),
            .init("gets", "\(getsOK)"), .init("refused", "\(getsRefused)"),
            .init("healed", "\(healed)"), .init("rot", "\(rotFound)"),
        ], details: ["write quorum \(config.writeQuorum) drives, read quorum \(config.readQuorum) shards",
                     "healing scans run: \(scans)"])
    }
}
