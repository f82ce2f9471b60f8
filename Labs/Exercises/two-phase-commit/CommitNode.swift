import ClusterSim
import ExerciseKit

/// Messages of two-phase commit. A start: change them as you like.
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

/// Timers. A start: change them as you like.
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

/// What a node keeps across a crash (`context.persist(record)` declares it;
/// the last call in a handler wins). After a restart `init` gets it back.
public struct CommitRecord: Hashable, Sendable {
    public var states: [Int: TransactionState] = [:]
    public init() {}
}

/// Your node: n1 coordinates, n2–n4 take part. The suite sends `begin TX`
/// to n1 (see `command`) and reads `state(of:)` after every step.
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

    public let id: NodeID
    let config: TwoPhaseCommitConfig
    let participants: [NodeID]
    var record: CommitRecord

    public init(id: NodeID, layout: ClusterLayout, config: TwoPhaseCommitConfig, durable: CommitRecord?) {
        self.id = id; self.config = config
        participants = layout.servers.filter { $0 != TwoPhaseCommitConfig.coordinator }
        record = durable ?? CommitRecord()
    }

    var isCoordinator: Bool { id == TwoPhaseCommitConfig.coordinator }

    public func state(of tx: Int) -> TransactionState? { record.states[tx] }

    public mutating func start(_ context: inout NodeContext<Self>) {
        // Runs at the start and after every restart (with `record` as persisted).
    }

    public mutating func command(_ text: String, _ context: inout NodeContext<Self>) {
        guard isCoordinator, let tx = TwoPhaseCommitConfig.transaction(in: text) else {
            context.log("ignores '\(text)': n1 takes begin TX")
            return
        }
        todo("begin transaction \(tx): ask every participant to prepare", &context)
    }

    public mutating func receive(_ message: CommitMessage, from: NodeID, _ context: inout NodeContext<Self>) {
        todo("handle \(message.kind) (config.votesYes(tx:participant:) says how a participant votes)", &context)
    }

    public mutating func timerFired(_ tag: CommitTimer, _ context: inout NodeContext<Self>) {
        todo("handle the timer \(tag)", &context)
    }

    public var summary: NodeSummary {
        let txs = record.states.keys.sorted()
        return NodeSummary(role: isCoordinator ? "coordinator" : "participant", tone: isCoordinator ? .leader : .follower,
                           fields: txs.suffix(4).map { .init("t\($0)", record.states[$0]!.description) })
    }
}
