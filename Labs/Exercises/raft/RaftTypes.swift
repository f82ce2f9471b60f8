import ClusterProtocols
import ClusterSim
import ExerciseKit

/// Everything servers and clerks say to each other (Figure 2's RPCs, as messages).
public enum RaftNodeMessage: RaftExerciseMessage {
    /// §5.2: a candidate asks for a vote.
    case requestVote(term: Int, lastLogIndex: Int, lastLogTerm: Int)
    case requestVoteReply(term: Int, granted: Bool)
    /// §5.3: entries after (`prevLogIndex`, `prevLogTerm`); none is a heartbeat.
    case appendEntries(term: Int, prevLogIndex: Int, prevLogTerm: Int, entries: [LogEntry], leaderCommit: Int)
    /// On success `matchIndex` is the last index known to match the leader's log;
    /// on failure `conflictIndex` is where the leader should try next.
    case appendEntriesReply(term: Int, success: Bool, matchIndex: Int, conflictIndex: Int)
    /// A clerk's request or a server's answer to one.
    case clerk(ClerkMessage)

    public var clerkMessage: ClerkMessage? {
        if case .clerk(let m) = self { return m }
        return nil
    }

    /// The sender's term, for messages between servers.
    public var term: Int? {
        switch self {
        case .requestVote(let t, _, _), .requestVoteReply(let t, _), .appendEntries(let t, _, _, _, _),
             .appendEntriesReply(let t, _, _, _):
            return t
        case .clerk: return nil
        }
    }

    public var kind: String {
        switch self {
        case .requestVote: return "RequestVote"
        case .requestVoteReply: return "RequestVoteReply"
        case .appendEntries: return "AppendEntries"
        case .appendEntriesReply: return "AppendEntriesReply"
        case .clerk(.request): return "ClerkRequest"
        case .clerk(.reply): return "ClerkReply"
        }
    }

    public var isReply: Bool {
        switch self {
        case .requestVoteReply, .appendEntriesReply, .clerk(.reply): return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .requestVote(t, li, lt): return "RequestVote(t\(t), last \(li)@t\(lt))"
        case let .requestVoteReply(t, g): return "RequestVoteReply(t\(t), \(g ? "granted" : "refused"))"
        case let .appendEntries(t, pi, pt, es, c):
            return "AppendEntries(t\(t), prev \(pi)@t\(pt), \(es.isEmpty ? "heartbeat" : "\(es.count) entries"), commit \(c))"
        case let .appendEntriesReply(t, ok, m, ci):
            return ok ? "AppendEntriesReply(t\(t), ok, match \(m))" : "AppendEntriesReply(t\(t), retry from \(ci))"
        case .clerk(let m): return m.description
        }
    }
}

/// The timers of a run's processes.
public enum RaftNodeTimer: RaftExerciseTimer {
    /// A follower or candidate that hears nothing this long starts an election.
    case election
    /// A leader's heartbeat.
    case heartbeat
    /// The clerk's own timers.
    case clerk(ClerkTimer)

    public var clerkTimer: ClerkTimer? {
        if case .clerk(let t) = self { return t }
        return nil
    }

    public var description: String {
        switch self {
        case .election: return "election"
        case .heartbeat: return "heartbeat"
        case .clerk(let t): return t.description
        }
    }
}

/// Figure 2's persistent state: what a server must find again after a crash.
public struct RaftNodeDurable: Sendable, Hashable {
    public var currentTerm: Int
    public var votedFor: NodeID?
    public var log: [LogEntry]

    public init(currentTerm: Int, votedFor: NodeID?, log: [LogEntry]) {
        self.currentTerm = currentTerm; self.votedFor = votedFor; self.log = log
    }
}
