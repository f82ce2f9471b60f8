import ClusterProtocols
import ClusterSim

/// Parameters of a run of the Raft exercises, shared by servers and clerks.
/// Times are virtual microseconds; the defaults follow the paper's advice
/// (election timeouts of 150–300 ms, heartbeats well under them, §5.2 and §9.3).
public struct RaftExerciseConfig: Sendable, Hashable {
    /// The election timeout's fixed part; each reset adds a random extra.
    public var electionTimeout: Int64 = 150_000
    /// The largest random extra added to the election timeout (§5.2: randomised timeouts avoid split votes).
    public var electionJitter: Int64 = 150_000
    public var heartbeatInterval: Int64 = 50_000
    /// The most entries one AppendEntries may carry.
    public var maxEntriesPerAppend = 8
    /// What the clerks (the given clients) do.
    public var workload = ClerkWorkload()
    /// nil for students; instructors' known-buggy variants of the reference solution read it.
    public var variant: String?

    public init() {}

    /// The longest an election timeout can be: what "within 2 election timeouts" counts in.
    public var maxElectionTimeout: Int64 { electionTimeout + electionJitter }
}

/// A Raft server's role (Figure 2).
public enum ServerRole: String, Sendable, Hashable {
    case follower, candidate, leader
}

/// One entry of a server's log: the term it was created in and its command.
public struct LogEntry: Sendable, Hashable, CustomStringConvertible {
    public var term: Int
    public var command: LogCommand
    public init(term: Int, command: LogCommand) { self.term = term; self.command = command }
    public var description: String { "\(command)@t\(term)" }
}

/// What a log entry asks the state machine to do.
public enum LogCommand: Sendable, Hashable, CustomStringConvertible {
    /// A command handed to the leader by `command(_:_:)` (the tests' `Start()`).
    case text(String)
    /// A clerk's key-value request.
    case kv(KVRequest)

    public var description: String {
        switch self {
        case .text(let t): return "'\(t)'"
        case .kv(let r): return r.description
        }
    }
}

/// A clerk's request: the clerk, its request number (the same on every
/// retry, so servers can spot duplicates) and the operation.
public struct KVRequest: Sendable, Hashable, CustomStringConvertible {
    public var client: NodeID
    public var id: Int
    public var op: KVOperation
    public init(client: NodeID, id: Int, op: KVOperation) { self.client = client; self.id = id; self.op = op }
    public var description: String { "c\(client.index)#\(id) \(op)" }
}

/// What the suite reads of a server after every step: Figure 2's state.
/// Log index i (from 1) is `log[i - 1]`.
public struct RaftServerView: Sendable, Hashable {
    public var role: ServerRole
    public var currentTerm: Int
    public var votedFor: NodeID?
    public var log: [LogEntry]
    public var commitIndex: Int
    public var lastApplied: Int

    public init(role: ServerRole, currentTerm: Int, votedFor: NodeID?, log: [LogEntry], commitIndex: Int, lastApplied: Int) {
        self.role = role; self.currentTerm = currentTerm; self.votedFor = votedFor; self.log = log
        self.commitIndex = commitIndex; self.lastApplied = lastApplied
    }
}

/// The student's messages carry the clerks' messages in a case of their own.
public protocol RaftExerciseMessage: ProtocolMessage, Hashable {
    static func clerk(_ message: ClerkMessage) -> Self
    /// The clerk's message this is, if it is one.
    var clerkMessage: ClerkMessage? { get }
}

/// The student's timers include the clerks' timers.
public protocol RaftExerciseTimer: Hashable, Sendable, CustomStringConvertible {
    static func clerk(_ timer: ClerkTimer) -> Self
    var clerkTimer: ClerkTimer? { get }
}

/// The contract of the Raft exercises (raft-election, raft-log,
/// raft-persistence, raft-kv): one node type for every process of a run,
/// servers (`0..<serverCount`) and the given clerks after them, as in
/// Maelstrom. Hashable, so a model checker can hash states.
public protocol RaftExerciseNode: NodeStateMachine, Hashable
where Config == RaftExerciseConfig, Message: RaftExerciseMessage, TimerTag: RaftExerciseTimer {
    /// Figure 2's state of a server; nil for a clerk.
    var raft: RaftServerView? { get }
    /// The clerk, if this process is one.
    var clerk: KVClerk? { get }
}

extension RaftServerView {
    /// How a server looks in the interface: role, term, vote, commit, the log's tail.
    public var summary: NodeSummary {
        let tone: NodeSummary.Tone = role == .leader ? .leader : role == .candidate ? .candidate : .follower
        let shown = log.suffix(12)
        let first = log.count - shown.count
        return NodeSummary(role: role.rawValue, tone: tone, epoch: currentTerm,
                           fields: [.init("voted", votedFor.map { "n\($0.index + 1)" } ?? "-"),
                                    .init("commit", String(commitIndex)), .init("applied", String(lastApplied))],
                           log: shown.enumerated().map { k, e in
                               NodeSummary.LogEntry(term: e.term, committed: first + k < commitIndex, text: e.command.description)
                           },
                           logLength: log.count, committedCount: commitIndex)
    }
}
