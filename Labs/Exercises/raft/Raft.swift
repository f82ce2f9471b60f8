import ClusterProtocols
import ClusterSim
import ExerciseKit

/// A process of a Raft run: a server (Figure 2 of the Raft paper) or, for
/// ids after the servers, a given clerk. One file for the four exercises:
/// raft-election, then raft-log, raft-persistence and raft-kv build on it.
///
/// A pure state machine: handlers read only this state and their input, and
/// act through `context` (send, setTimer, persist, log). No clock, no I/O.
/// Log index i (from 1) is `log[i - 1]`.
public struct RaftNode: RaftExerciseNode {
    public typealias Message = RaftNodeMessage
    public typealias TimerTag = RaftNodeTimer
    public typealias Durable = RaftNodeDurable
    public typealias Config = RaftExerciseConfig
    public typealias Context = NodeContext<RaftNode>

    public static let protocolName = "raft-exercise"

    let id: NodeID
    let serverCount: Int
    let config: RaftExerciseConfig
    /// The clerk, if this process is one (given: leave it be).
    public private(set) var clerk: KVClerk?

    // Figure 2: persistent state.
    var currentTerm = 0
    var votedFor: NodeID?
    var log: [LogEntry] = []
    // Volatile state.
    var role = ServerRole.follower
    var commitIndex = 0
    var lastApplied = 0
    /// The leader as far as this server knows (for redirecting clerks).
    var leaderHint: NodeID?
    var votes: Set<NodeID> = []
    // A leader's state, reinitialised on election.
    var nextIndex: [Int] = []
    var matchIndex: [Int] = []
    var kv = RaftKVStateMachine()

    public init(id: NodeID, layout: ClusterLayout, config: RaftExerciseConfig, durable: RaftNodeDurable?) {
        self.id = id; self.config = config; serverCount = layout.serverCount
        if layout.isClient(id) { clerk = KVClerk(id: id, layout: layout, workload: config.workload) }
        // TODO(raft-persistence): a restarting server (durable != nil) takes back its currentTerm, votedFor and log.
    }

    /// What the suite reads after every step (given).
    public var raft: RaftServerView? {
        guard clerk == nil else { return nil }
        return RaftServerView(role: role, currentTerm: currentTerm, votedFor: votedFor, log: log,
                              commitIndex: commitIndex, lastApplied: lastApplied)
    }

    // MARK: Handlers

    public mutating func start(_ context: inout Context) {
        if clerk != nil { clerk!.start(&context); return }
        todo("start: set the election timer (config.electionTimeout plus a random part up to config.electionJitter)", &context)
    }

    public mutating func receive(_ message: RaftNodeMessage, from: NodeID, _ context: inout Context) {
        if clerk != nil {
            if let m = message.clerkMessage { clerk!.receive(m, from: from, &context) }
            return
        }
        if case .clerk(.request(let request)) = message { return clerkRequest(request, &context) }
        // TODO(raft-election): a message with a higher term first makes this server a follower of that term.
        switch message {
        case .requestVote:
            todo("RequestVote: grant the vote if the term is current, no other vote was given in it and the candidate's log is up to date; reply", &context)
        case .requestVoteReply:
            todo("RequestVoteReply: count the vote; a majority of all servers makes a leader", &context)
        case .appendEntries:
            todo("AppendEntries: refuse an old term; otherwise follow this leader (reset the election timer), check prevLogIndex/prevLogTerm, add the entries, advance commitIndex; reply", &context)
        case .appendEntriesReply:
            todo("AppendEntriesReply: on success advance matchIndex/nextIndex and the commit index; on refusal back nextIndex up and retry", &context)
        case .clerk:
            break
        }
        persist(&context)
    }

    public mutating func timerFired(_ tag: RaftNodeTimer, _ context: inout Context) {
        switch tag {
        case .clerk(let t): clerk?.timerFired(t, &context)
        case .election:
            todo("election timeout: become a candidate of the next term, vote for yourself, ask every other server for its vote", &context)
        case .heartbeat:
            todo("heartbeat: a leader sends AppendEntries to every other server and sets the timer again", &context)
        }
    }

    /// The tests' `Start(command)`: a leader appends `text` to its log and
    /// replicates it. At a clerk, an operation to issue (given).
    public mutating func command(_ text: String, _ context: inout Context) {
        if clerk != nil { return clerk!.command(text, &context) }
        todo("command: a leader appends .text(\"\(text)\") to its log and replicates it; others ignore it", &context)
    }

    // MARK: Log (raft-log)

    /// Applies committed entries in order (lastApplied + 1 ... commitIndex).
    mutating func apply(_ context: inout Context) {
        guard lastApplied < commitIndex else { return }
        todo("apply: apply entries lastApplied+1...commitIndex to kv in order; a leader answers the clerk of a .kv entry", &context)
    }

    // MARK: Clerks (raft-kv)

    mutating func clerkRequest(_ request: KVRequest, _ context: inout Context) {
        todo("clerk request: a server that is not the leader redirects (.redirect(leaderHint)); the leader appends .kv(request) and answers once it is applied", &context)
    }

    // MARK: Persistence (raft-persistence)

    /// Declares Figure 2's persistent state (currentTerm, votedFor, log)
    /// durable. The last `context.persist` of a handler is what survives a crash.
    func persist(_ context: inout Context) {
        // TODO(raft-persistence): context.persist(RaftNodeDurable(currentTerm: …, votedFor: …, log: …))
    }

    // MARK: Interface (given)

    public var summary: NodeSummary { clerk?.summary ?? raft!.summary }
}
