import ClusterSim

/// One replica of a PBFT cluster: the normal-case operation of Castro &
/// Liskov, OSDI 1999, §4.2, in view 0 (the primary is n1, as p = v mod |R|).
///
/// An honest replica accepts one pre-prepare per (view, sequence number)
/// from the primary, multicasts a PREPARE, is *prepared* once it also holds
/// `prepareQuorum` matching PREPAREs from different backups, then multicasts
/// a COMMIT; it is *committed-local* once prepared with `commitQuorum`
/// matching COMMITs from different replicas (its own included), and it
/// executes requests in sequence-number order, replying to each client.
/// A Byzantine replica runs `PBFTReplica+Byzantine.swift` instead.
public struct PBFTReplica: Sendable {
    /// What a replica holds for one sequence number.
    public struct Slot: Hashable, Sendable {
        /// The request of the pre-prepare this replica accepted (nil: none yet).
        public var request: PBFTRequest?
        /// Backups that sent a PREPARE, by digest (this replica's own included).
        public var prepares: [PBFTDigest: Set<Int>] = [:]
        /// Replicas that sent a COMMIT, by digest (this replica's own included).
        public var commits: [PBFTDigest: Set<Int>] = [:]
        public var sentCommit = false
        public var committed = false
    }

    /// How far a sequence number has got at this replica.
    public enum Phase: String, Sendable, Comparable {
        case prePrepared = "pre-prepared", prepared, committed, executed
        static let order: [Phase] = [.prePrepared, .prepared, .committed, .executed]
        public static func < (a: Phase, b: Phase) -> Bool { order.firstIndex(of: a)! < order.firstIndex(of: b)! }
    }

    public let id: Int
    public let config: PBFTConfig
    public private(set) var view = 0
    public internal(set) var slots: [Int: Slot] = [:]
    /// The primary's next sequence number.
    public internal(set) var nextSeq = 1
    /// Requests the primary has given a sequence number (a resent request gets no second one).
    public internal(set) var assigned: Set<PBFTRequest> = []
    /// Executed requests in order: `executed[k]` ran at sequence number k + 1.
    public private(set) var executed: [PBFTRequest] = []
    /// A lying primary's requests waiting to be paired for equivocation.
    public internal(set) var held: [PBFTRequest] = []
    /// Sequence numbers in the order they became committed-local, so a
    /// checker reads only what is new (not part of the state: see `==`).
    public private(set) var commitOrder: [Int] = []

    public init(id: Int, config: PBFTConfig) { self.id = id; self.config = config }

    public var primary: Int { view % config.replicas }
    public var isPrimary: Bool { id == primary }
    public var isByzantine: Bool { config.isByzantine(id) }

    /// The result a replica returns for `request` executed at `seq`.
    public static func result(_ request: PBFTRequest, seq: Int) -> String { "\(request.op)@\(seq)" }

    // MARK: Handling messages

    mutating func receive(_ message: PBFTMessage, from j: NodeID, _ context: inout PBFTContext) {
        if isByzantine { return lie(message, from: j, &context) }
        switch message {
        case .request(let r):
            guard isPrimary, context.layout.isClient(j), r.client == j.index else { return }
            prePrepare(r, &context)
        case let .prePrepare(v, n, r):
            guard v == view, j.index == primary, !isPrimary else { return }
            if let had = slots[n]?.request {
                if had != r { context.log("refuses #\(n) = \(r): already accepted \(had) for #\(n) in view \(v)") }
                return
            }
            slots[n, default: Slot()].request = r
            slots[n]!.prepares[r.digest, default: []].insert(id)
            context.broadcast(.prepare(view: v, seq: n, digest: r.digest))
            advance(n, &context)
        case let .prepare(v, n, d):
            // PREPAREs count only from backups: the pre-prepare stands for the primary.
            guard v == view, !context.layout.isClient(j), j.index != primary else { return }
            slots[n, default: Slot()].prepares[d, default: []].insert(j.index)
            advance(n, &context)
        case let .commit(v, n, d):
            guard v == view, !context.layout.isClient(j) else { return }
            slots[n, default: Slot()].commits[d, default: []].insert(j.index)
            advance(n, &context)
        case .reply:
            return
        }
    }

    /// The primary gives `r` the next sequence number and multicasts the pre-prepare.
    mutating func prePrepare(_ r: PBFTRequest, _ context: inout PBFTContext) {
        guard assigned.insert(r).inserted else { return }
        let n = nextSeq
        nextSeq += 1
        slots[n, default: Slot()].request = r
        context.broadcast(.prePrepare(view: view, seq: n, request: r))
        advance(n, &context)
    }

    /// prepared(m, v, n, i): the pre-prepare and `prepareQuorum` matching PREPAREs from different backups.
    public func prepared(_ n: Int) -> Bool {
        guard let s = slots[n], let r = s.request else { return false }
        return (s.prepares[r.digest]?.count ?? 0) >= config.prepareQuorum
    }

    /// committed-local(m, v, n, i): prepared, and `commitQuorum` matching COMMITs from different replicas.
    public func committedLocal(_ n: Int) -> Bool {
        guard prepared(n), let r = slots[n]?.request else { return false }
        return (slots[n]?.commits[r.digest]?.count ?? 0) >= config.commitQuorum
    }

    private mutating func advance(_ n: Int, _ context: inout PBFTContext) {
        guard let r = slots[n]?.request else { return }
        if prepared(n), !slots[n]!.sentCommit {
            slots[n]!.sentCommit = true
            slots[n]!.commits[r.digest, default: []].insert(id)
            context.broadcast(.commit(view: view, seq: n, digest: r.digest))
            context.stateChanged("prepared #\(n) \(r.op)")
        }
        if committedLocal(n), !slots[n]!.committed {
            slots[n]!.committed = true
            commitOrder.append(n)
            context.stateChanged("committed #\(n) \(r.op)")
        }
        executeInOrder(&context)
    }

    /// Executes every committed request whose predecessors have run, in sequence order.
    private mutating func executeInOrder(_ context: inout PBFTContext) {
        while let s = slots[executed.count + 1], s.committed, let r = s.request {
            executed.append(r)
            let result = Self.result(r, seq: executed.count)
            context.log("executes #\(executed.count) \(r.op)")
            context.send(.reply(view: view, timestamp: r.timestamp, result: result), to: NodeID(r.client))
        }
    }

    // MARK: Reading the state

    /// How far sequence number `n` has got here (nil: nothing accepted for it).
    public func phase(_ n: Int) -> Phase? {
        guard slots[n]?.request != nil else { return nil }
        if n <= executed.count { return .executed }
        if slots[n]!.committed { return .committed }
        return prepared(n) ? .prepared : .prePrepared
    }

    /// The request committed at `n`, if this replica committed one.
    public func committedRequest(_ n: Int) -> PBFTRequest? {
        guard let s = slots[n], s.committed else { return nil }
        return s.request
    }

    /// Sequence numbers this replica holds anything for, in order.
    public var sequenceNumbers: [Int] { slots.keys.sorted() }
}

// Equality as the model checker needs it: two replicas are equal when they
// would behave the same from here on; the order past commits happened in
// does not count, so two schedules reaching one situation meet in one state.
extension PBFTReplica: Hashable {
    public static func == (a: PBFTReplica, b: PBFTReplica) -> Bool {
        a.id == b.id && a.view == b.view && a.slots == b.slots && a.nextSeq == b.nextSeq && a.assigned == b.assigned
            && a.executed == b.executed && a.held == b.held && a.config == b.config
    }

    public func hash(into h: inout Hasher) {
        h.combine(id); h.combine(slots); h.combine(nextSeq); h.combine(executed.count); h.combine(held)
    }
}
