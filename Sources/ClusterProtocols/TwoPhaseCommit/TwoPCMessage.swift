import ClusterSim

/// A transaction's name: the client (or typing node) and a number, `c1.3`.
public typealias TwoPCTxnID = String

/// One write of a transaction.
public struct TwoPCWrite: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var value: Int64
    public init(_ key: String, _ value: Int64) { self.key = key; self.value = value }
    public var description: String { "\(key)=\(value)" }
}

/// What a participant answers another participant that asks about a
/// transaction (cooperative termination).
public enum TwoPCPeerState: String, Sendable, Hashable {
    case committed, aborted
    /// Prepared too: it cannot help.
    case uncertain
}

/// Everything coordinators, participants and clients say to each other.
public enum TwoPCMessage: ProtocolMessage, Hashable {
    /// A client asks the coordinator to run a transaction.
    case begin(txn: TwoPCTxnID, writes: [TwoPCWrite])
    /// The coordinator tells the client the outcome.
    case outcome(txn: TwoPCTxnID, committed: Bool)
    /// A replica that is not the Raft leader sends the client on (nil: unknown).
    case redirect(txn: TwoPCTxnID, leader: NodeID?)
    /// Phase 1: the writes this participant is to make, and who else takes part.
    case prepare(txn: TwoPCTxnID, writes: [TwoPCWrite], participants: [NodeID])
    case vote(txn: TwoPCTxnID, yes: Bool)
    /// Phase 2.
    case decision(txn: TwoPCTxnID, commit: Bool)
    case ack(txn: TwoPCTxnID)
    /// A prepared participant asks a coordinator what was decided.
    case inquire(txn: TwoPCTxnID)
    /// Cooperative termination: a prepared participant asks another.
    case peerInquire(txn: TwoPCTxnID)
    case peerState(txn: TwoPCTxnID, state: TwoPCPeerState)
    /// Raft between coordinator replicas, unchanged.
    case raft(RaftMessage)

    public var kind: String {
        switch self {
        case .begin: return "Begin"
        case .outcome: return "Outcome"
        case .redirect: return "Redirect"
        case .prepare: return "Prepare"
        case .vote: return "Vote"
        case .decision(_, let c): return c ? "Commit" : "Abort"
        case .ack: return "Ack"
        case .inquire: return "Inquire"
        case .peerInquire: return "PeerInquire"
        case .peerState: return "PeerState"
        case .raft(let m): return m.kind
        }
    }

    public var isReply: Bool {
        switch self {
        case .outcome, .redirect, .vote, .ack, .peerState: return true
        case .raft(let m): return m.isReply
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .begin(t, w): return "Begin(\(t) \(w.map(\.description).joined(separator: " ")))"
        case let .outcome(t, c): return "Outcome(\(t) \(c ? "committed" : "aborted"))"
        case let .redirect(t, l): return "Redirect(\(t) to \(l.map { "n\($0.index + 1)" } ?? "?"))"
        case let .prepare(t, w, _): return "Prepare(\(t) \(w.map(\.description).joined(separator: " ")))"
        case let .vote(t, y): return "Vote(\(t) \(y ? "yes" : "no"))"
        case let .decision(t, c): return "\(c ? "Commit" : "Abort")(\(t))"
        case let .ack(t): return "Ack(\(t))"
        case let .inquire(t): return "Inquire(\(t))"
        case let .peerInquire(t): return "PeerInquire(\(t))"
        case let .peerState(t, s): return "PeerState(\(t) \(s.rawValue))"
        case let .raft(m): return m.description
        }
    }
}

/// The timers of a two-phase-commit cluster's processes.
public enum TwoPCTimer: Hashable, Sendable, CustomStringConvertible {
    /// A coordinator replica's Raft timers.
    case raft(RaftTimer)
    /// The coordinator's votes for a transaction did not all arrive.
    case voteTimeout(TwoPCTxnID)
    /// The coordinator has forced its decision to its log.
    case decide(TwoPCTxnID)
    /// The coordinator resends a decision not yet acknowledged.
    case resend(TwoPCTxnID)
    /// A prepared participant asks what was decided.
    case inquire(TwoPCTxnID)
    /// A client gives up on its transaction, or starts its next one.
    case requestTimeout
    case next
    /// A client that found no leader tries the next replica.
    case retry

    public var description: String {
        switch self {
        case .raft(let t): return t.description
        case .voteTimeout(let t): return "voteTimeout \(t)"
        case .decide(let t): return "decide \(t)"
        case .resend(let t): return "resend \(t)"
        case .inquire(let t): return "inquire \(t)"
        case .requestTimeout: return "requestTimeout"
        case .next: return "next"
        case .retry: return "retry"
        }
    }
}
