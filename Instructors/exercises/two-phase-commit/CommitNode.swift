import ClusterSim
import ExerciseKit

/// Messages of two-phase commit.
public enum CommitMessage: ProtocolMessage, Hashable {
    case prepare(tx: Int)
    case vote(tx: Int, yes: Bool)
    case commit(tx: Int)
    case abort(tx: Int)
    /// Participant → coordinator: the decision reached me.
    case ack(tx: Int)
    /// A prepared participant asks what was decided.
    case inquire(tx: Int)

    public var kind: String {
        switch self {
        case .prepare: return "Prepare"
        case .vote: return "Vote"
        case .commit: return "Commit"
        case .abort: return "Abort"
        case .ack: return "Ack"
        case .inquire: return "Inquire"
        }
    }
    public var isReply: Bool {
        switch self { case .vote, .ack: return true; default: return false }
    }
    public var description: String {
        switch self {
        case .prepare(let t): return "Prepare(t\(t))"
        case .vote(let t, let yes): return "Vote(t\(t) \(yes ? "yes" : "no"))"
        case .commit(let t): return "Commit(t\(t))"
        case .abort(let t): return "Abort(t\(t))"
        case .ack(let t): return "Ack(t\(t))"
        case .inquire(let t): return "Inquire(t\(t))"
        }
    }
}

public enum CommitTimer: Hashable, Sendable, CustomStringConvertible {
    /// The coordinator stops waiting for votes.
    case votes(tx: Int)
    /// The coordinator resends its decision to those that have not acknowledged it.
    case resend(tx: Int)
    /// A prepared participant asks again.
    case inquire(tx: Int)
    public var description: String {
        switch self {
        case .votes(let t): return "votes t\(t)"
        case .resend(let t): return "resend t\(t)"
        case .inquire(let t): return "inquire t\(t)"
        }
    }
}

/// What a node keeps across a crash: its view of each transaction.
public struct CommitRecord: Hashable, Sendable {
    public var states: [Int: TransactionState] = [:]
    public init() {}
}

/// Reference solution of `two-phase-commit`: presumed abort; the coordinator
/// persists its decision before announcing it and resends it until every
/// participant acknowledges; a participant persists its yes vote before
/// sending it and, once prepared, asks the coordinator until it learns the
/// decision.
///
/// Known-buggy variants (`config.variant`):
/// - `abort-when-waiting`: a prepared participant gives up after a few
///   unanswered inquiries and aborts on its own.
/// - `commit-on-first-yes`: the coordinator commits as soon as one yes vote arrives.
/// - `prepare-not-durable`: a participant votes yes without persisting it first.
public struct CommitNode: TwoPhaseCommitNode {
    public typealias Message = CommitMessage
    public typealias TimerTag = CommitTimer
    public typealias Durable = CommitRecord
    public typealias Config = TwoPhaseCommitConfig
    public static let protocolName = "two-phase-commit-exercise"
    public static let commands = TwoPhaseCommitConfig.commands
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] {
        id == TwoPhaseCommitConfig.coordinator ? commands : []
    }

    static let voteTimeout: Int64 = 100_000
    static let resendEvery: Int64 = 50_000
    static let inquireEvery: Int64 = 80_000

    public let id: NodeID
    let config: TwoPhaseCommitConfig
    let participants: [NodeID]
    var record: CommitRecord
    /// Coordinator: yes votes and acknowledgements per transaction.
    var yes: [Int: Set<NodeID>] = [:]
    var acked: [Int: Set<NodeID>] = [:]
    /// Participant: unanswered inquiries per transaction.
    var inquiries: [Int: Int] = [:]

    public init(id: NodeID, layout: ClusterLayout, config: TwoPhaseCommitConfig, durable: CommitRecord?) {
        self.id = id; self.config = config
        participants = layout.servers.filter { $0 != TwoPhaseCommitConfig.coordinator }
        record = durable ?? CommitRecord()
    }

    var isCoordinator: Bool { id == TwoPhaseCommitConfig.coordinator }

    public func state(of tx: Int) -> TransactionState? { record.states[tx] }

    public mutating func start(_ context: inout NodeContext<Self>) {
        // After a restart: announce decisions again, ask about prepared transactions.
        for (tx, s) in record.states.sorted(by: { $0.key < $1.key }) {
            if isCoordinator, s.isDecided { announce(tx, &context) }
            if !isCoordinator, s == .prepared { context.setTimer(.inquire(tx: tx), after: 0) }
        }
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<Self>) {
        guard isCoordinator, let tx = TwoPhaseCommitConfig.transaction(in: text) else {
            context.log("ignores '\(text)': n1 takes begin TX")
            return
        }
        guard record.states[tx] == nil else { context.log("transaction \(tx) already started"); return }
        record.states[tx] = .voting
        yes[tx] = []
        for p in participants { context.send(.prepare(tx: tx), to: p) }
        context.setTimer(.votes(tx: tx), after: Self.voteTimeout)
    }

    public mutating func receive(_ message: CommitMessage, from: NodeID, _ context: inout NodeContext<Self>) {
        switch message {
        case .prepare(let tx):
            if let s = record.states[tx] {
                // A repeated prepare: repeat the vote.
                if s == .prepared { context.send(.vote(tx: tx, yes: true), to: from) }
                if s == .aborted { context.send(.vote(tx: tx, yes: false), to: from) }
                return
            }
            let vote = config.votesYes(tx: tx, participant: id)
            record.states[tx] = vote ? .prepared : .aborted
            if !(vote && config.variant == "prepare-not-durable") { context.persist(record) }
            context.send(.vote(tx: tx, yes: vote), to: from)
            if vote { context.setTimer(.inquire(tx: tx), after: Self.inquireEvery) }
        case .vote(let tx, let vote):
            guard record.states[tx] == .voting else { return }
            if !vote { decide(tx, .aborted, &context); return }
            yes[tx, default: []].insert(from)
            if yes[tx]!.count == participants.count || config.variant == "commit-on-first-yes" {
                decide(tx, .committed, &context)
            }
        case .commit(let tx): learn(tx, .committed, from: from, &context)
        case .abort(let tx): learn(tx, .aborted, from: from, &context)
        case .ack(let tx):
            acked[tx, default: []].insert(from)
            if acked[tx]!.count == participants.count { context.cancelTimer(.resend(tx: tx)) }
        case .inquire(let tx):
            switch record.states[tx] {
            case .committed?: context.send(.commit(tx: tx), to: from)
            case .aborted?: context.send(.abort(tx: tx), to: from)
            case nil: decide(tx, .aborted, &context)                      // no record: presumed abort
            default: break                                                // still voting: answer later
            }
        }
    }

    public mutating func timerFired(_ tag: CommitTimer, _ context: inout NodeContext<Self>) {
        switch tag {
        case .votes(let tx):
            if record.states[tx] == .voting { decide(tx, .aborted, &context) }
        case .resend(let tx):
            announce(tx, &context)
        case .inquire(let tx):
            guard record.states[tx] == .prepared else { return }
            inquiries[tx, default: 0] += 1
            if config.variant == "abort-when-waiting", inquiries[tx]! > 3 {
                record.states[tx] = .aborted
                context.persist(record)
                return
            }
            context.send(.inquire(tx: tx), to: TwoPhaseCommitConfig.coordinator)
            context.setTimer(.inquire(tx: tx), after: Self.inquireEvery)
        }
    }

    /// The coordinator decides: durable first, then announced.
    mutating func decide(_ tx: Int, _ outcome: TransactionState, _ context: inout NodeContext<Self>) {
        record.states[tx] = outcome
        context.persist(record)
        context.cancelTimer(.votes(tx: tx))
        context.stateChanged("t\(tx) \(outcome)")
        announce(tx, &context)
    }

    mutating func announce(_ tx: Int, _ context: inout NodeContext<Self>) {
        guard let s = record.states[tx], s.isDecided else { return }
        for p in participants where !(acked[tx]?.contains(p) ?? false) {
            context.send(s == .committed ? .commit(tx: tx) : .abort(tx: tx), to: p)
        }
        context.setTimer(.resend(tx: tx), after: Self.resendEvery)
    }

    /// A participant learns the decision, makes it durable, and acknowledges.
    mutating func learn(_ tx: Int, _ outcome: TransactionState, from: NodeID, _ context: inout NodeContext<Self>) {
        if record.states[tx] != outcome {
            record.states[tx] = outcome
            context.persist(record)
            context.cancelTimer(.inquire(tx: tx))
        }
        context.send(.ack(tx: tx), to: from)
    }

    public var summary: NodeSummary {
        let txs = record.states.keys.sorted()
        return NodeSummary(role: isCoordinator ? "coordinator" : "participant", tone: isCoordinator ? .leader : .follower,
                           fields: txs.suffix(4).map { .init("t\($0)", record.states[$0]!.description) })
    }
}
