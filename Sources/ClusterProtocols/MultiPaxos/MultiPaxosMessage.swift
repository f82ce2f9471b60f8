import ClusterSim

/// What an acceptor accepted in one slot: the ballot and the command.
public struct AcceptedValue: Sendable, Hashable, CustomStringConvertible {
    public var ballot: Ballot
    public var command: RaftCommand
    public init(ballot: Ballot, command: RaftCommand) { self.ballot = ballot; self.command = command }
    public var description: String { "\(ballot) \(command)" }
}

/// One slot's accepted value, as a promise reports it.
public struct SlotValue: Sendable, Hashable {
    public var slot: Int
    public var value: AcceptedValue
}

/// Everything servers and clients of a Multi-Paxos cluster say to each other.
public enum MultiPaxosMessage: ProtocolMessage, Hashable {
    /// Phase 1a for every slot from `fromSlot` on at once (Paxos Made Simple §3).
    case prepare(ballot: Ballot, fromSlot: Int)
    /// Phase 1b: granted, with every value accepted from `fromSlot` on; or
    /// refused, carrying the higher ballot promised instead.
    case promise(ballot: Ballot, granted: Bool, accepted: [SlotValue])
    /// Phase 2a for one slot; `commit` is the leader's decided prefix (how learners learn).
    case accept(ballot: Ballot, slot: Int, command: RaftCommand, commit: Int)
    /// Phase 2b: the acceptor accepted (`ok`), or refuses, naming its higher promise.
    case accepted(ballot: Ballot, slot: Int, ok: Bool)
    /// The leader is alive; slots through `commit` are decided.
    case heartbeat(ballot: Ballot, commit: Int)
    /// An acceptor refuses a heartbeat: it promised a higher ballot.
    case rejected(ballot: Ballot)
    /// A learner missing decided values asks the leader from `fromSlot` on.
    case catchUp(fromSlot: Int)
    /// Decided commands for slots `fromSlot`, `fromSlot + 1`, ….
    case decisions(fromSlot: Int, commands: [RaftCommand])
    /// A client's request or a server's reply, as Raft's clients speak them.
    case client(RaftMessage)

    public var kind: String {
        switch self {
        case .prepare: return "Prepare"
        case .promise: return "Promise"
        case .accept: return "Accept"
        case .accepted: return "Accepted"
        case .heartbeat: return "Heartbeat"
        case .rejected: return "Rejected"
        case .catchUp: return "CatchUp"
        case .decisions: return "Decisions"
        case .client(let m): return m.kind
        }
    }

    public var isReply: Bool {
        switch self {
        case .promise, .accepted, .rejected, .decisions: return true
        case .client(let m): return m.isReply
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .prepare(b, s): return "Prepare(\(b), slots \(s)…)"
        case let .promise(b, ok, acc):
            return ok ? "Promise(\(b), \(acc.count) accepted)" : "Promise(refused, promised \(b))"
        case let .accept(b, s, c, commit): return "Accept(\(b), slot \(s) \(c), commit \(commit))"
        case let .accepted(b, s, ok): return ok ? "Accepted(\(b), slot \(s))" : "Accepted(refused slot \(s), promised \(b))"
        case let .heartbeat(b, c): return "Heartbeat(\(b), commit \(c))"
        case let .rejected(b): return "Rejected(promised \(b))"
        case let .catchUp(s): return "CatchUp(from slot \(s))"
        case let .decisions(s, cs): return "Decisions(slots \(s)…\(s + cs.count - 1))"
        case .client(let m): return m.description
        }
    }
}

/// The timers of a Multi-Paxos cluster's processes.
public enum MultiPaxosTimer: Hashable, Sendable, CustomStringConvertible {
    /// A server that hears no leader runs phase 1.
    case election
    /// A leader's heartbeat.
    case heartbeat
    /// A client's timer (`RaftTimer.requestTimeout`, `.retry`).
    case client(RaftTimer)

    public var description: String {
        switch self {
        case .election: return "election"
        case .heartbeat: return "heartbeat"
        case .client(let t): return t.description
        }
    }
}
