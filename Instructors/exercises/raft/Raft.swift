import ClusterProtocols
import ClusterSim
import ExerciseKit

/// A process of a Raft run: a server (Figure 2 of the Raft paper) or, for
/// ids after the servers, a given clerk. The reference solution of
/// raft-election, raft-log, raft-persistence and raft-kv.
///
/// Known-buggy variants (`config.variant`), each a realistic student bug:
/// - vote-twice: grants a vote even after voting for another candidate in this term
/// - no-step-down: a leader that sees a higher term adopts it but stays leader
/// - minority-majority: a candidate counts half the servers as a majority
/// - fixed-timeout: every server uses the same election timeout, no random part
/// - no-reset-on-heartbeat: followers do not reset their election timer on AppendEntries
/// - no-up-to-date-check: grants votes without §5.4.1's check that the candidate's log is up to date
/// - figure-8: commits an entry of an earlier term by counting replicas (what §5.4.2 forbids)
/// - no-consistency-check: accepts entries without checking prevLogIndex/prevLogTerm
/// - truncate-on-match: cuts the log after the new entries even when they all match
/// - commit-not-bounded: sets commitIndex to min(leaderCommit, log length), not the last new entry
/// - nextindex-stuck: a leader never backs nextIndex up after a refusal
/// - term-not-persisted / vote-not-persisted / log-not-persisted: leaves that out of the durable state
/// - persist-on-timer: persists only when a timer fires, not before answering
/// - persist-committed-only: persists only the committed prefix of the log
/// - local-read: a leader answers reads from its state without going through the log
/// - no-dedup: applies every copy of a clerk's request
/// - reply-before-commit: a leader acknowledges writes when it appends them
/// - apply-uncommitted: applies entries as soon as they are in the log
/// - deposed-leader-answers: a leader that steps down acknowledges the writes it had appended
///
/// And one CORRECT variation, which must pass every suite (the deadlines do
/// not demand the reference's speed):
/// - lazy-replication: a leader replicates only on heartbeats and backs nextIndex up one entry at a time
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
    public private(set) var clerk: KVClerk?

    // Figure 2: persistent state.
    var currentTerm = 0
    var votedFor: NodeID?
    var log: [LogEntry] = []
    // Volatile state.
    var role = ServerRole.follower
    var commitIndex = 0
    var lastApplied = 0
    var leaderHint: NodeID?
    var votes: Set<NodeID> = []
    var nextIndex: [Int] = []
    var matchIndex: [Int] = []
    var kv = RaftKVStateMachine()

    public init(id: NodeID, layout: ClusterLayout, config: RaftExerciseConfig, durable: RaftNodeDurable?) {
        self.id = id; self.config = config; serverCount = layout.serverCount
        if layout.isClient(id) { clerk = KVClerk(id: id, layout: layout, workload: config.workload) }
        if let d = durable {
            currentTerm = d.currentTerm; votedFor = d.votedFor; log = d.log
        }
    }

    func bug(_ name: String) -> Bool { config.variant == name }

    public var raft: RaftServerView? {
        guard clerk == nil else { return nil }
        return RaftServerView(role: role, currentTerm: currentTerm, votedFor: votedFor, log: log,
                              commitIndex: commitIndex, lastApplied: lastApplied)
    }

    // MARK: Handlers

    public mutating func start(_ context: inout Context) {
        if clerk != nil { clerk!.start(&context); return }
        resetElectionTimer(&context)
    }

    public mutating func receive(_ message: RaftNodeMessage, from: NodeID, _ context: inout Context) {
        if clerk != nil {
            if let m = message.clerkMessage { clerk!.receive(m, from: from, &context) }
            return
        }
        if case .clerk(.request(let request)) = message { return clerkRequest(request, &context) }
        if let t = message.term, t > currentTerm {
            if role == .leader && bug("no-step-down") {
                currentTerm = t; votedFor = nil
            } else {
                stepDown(to: t, &context)
            }
        }
        switch message {
        case let .requestVote(t, li, lt):
            requestVote(term: t, lastLogIndex: li, lastLogTerm: lt, from: from, &context)
        case let .requestVoteReply(t, granted):
            guard role == .candidate, t == currentTerm, granted else { break }
            votes.insert(from)
            let majority = bug("minority-majority") ? votes.count >= serverCount / 2 : votes.count * 2 > serverCount
            if majority { becomeLeader(&context) }
        case let .appendEntries(t, pi, pt, es, c):
            appendEntries(term: t, prevLogIndex: pi, prevLogTerm: pt, entries: es, leaderCommit: c, from: from, &context)
        case let .appendEntriesReply(t, ok, m, ci):
            appendEntriesReply(term: t, success: ok, matchIndex: m, conflictIndex: ci, from: from, &context)
        case .clerk:
            break
        }
        persist(&context)
    }

    public mutating func timerFired(_ tag: RaftNodeTimer, _ context: inout Context) {
        switch tag {
        case .clerk(let t): clerk?.timerFired(t, &context)
        case .election:
            if role != .leader { startElection(&context) }
        case .heartbeat:
            guard role == .leader else { return }
            for p in 0..<serverCount where p != id.index { sendAppend(to: p, &context) }
            context.setTimer(.heartbeat, after: config.heartbeatInterval)
        }
        persist(&context, onTimer: true)
    }

    /// The tests' `Start(command)`: a leader appends it to its log. At a
    /// clerk, an operation to issue (`read k0 at n2`).
    public mutating func command(_ text: String, _ context: inout Context) {
        if clerk != nil { return clerk!.command(text, &context) }
        guard role == .leader else {
            context.log("not the leader: '\(text)' ignored")
            return
        }
        append(.text(text), &context)
        persist(&context)
    }

    // MARK: Election (§5.2, §5.4.1)

    mutating func resetElectionTimer(_ context: inout Context) {
        context.setTimer(.election, after: config.electionTimeout, jitter: bug("fixed-timeout") ? 0 : config.electionJitter)
    }

    mutating func startElection(_ context: inout Context) {
        currentTerm += 1
        role = .candidate
        votedFor = id
        votes = [id]
        leaderHint = nil
        context.stateChanged("candidate t\(currentTerm)")
        let lastTerm = log.last?.term ?? 0
        context.broadcast(.requestVote(term: currentTerm, lastLogIndex: log.count, lastLogTerm: lastTerm))
        resetElectionTimer(&context)
        if serverCount == 1 { becomeLeader(&context) }
    }

    mutating func requestVote(term: Int, lastLogIndex: Int, lastLogTerm: Int, from: NodeID, _ context: inout Context) {
        let myLastTerm = log.last?.term ?? 0
        let upToDate = lastLogTerm > myLastTerm || (lastLogTerm == myLastTerm && lastLogIndex >= log.count)
        let free = votedFor == nil || votedFor == from || bug("vote-twice")
        let grant = term == currentTerm && free && (upToDate || bug("no-up-to-date-check"))
        if grant {
            votedFor = from
            resetElectionTimer(&context)
        }
        context.send(.requestVoteReply(term: currentTerm, granted: grant), to: from)
    }

    mutating func stepDown(to term: Int, _ context: inout Context) {
        let wasLeader = role == .leader
        if term > currentTerm { currentTerm = term; votedFor = nil }
        guard role != .follower else { return }
        role = .follower
        context.stateChanged("follower t\(currentTerm)")
        if wasLeader {
            context.cancelTimer(.heartbeat)
            if bug("deposed-leader-answers") {
                for e in log.dropFirst(commitIndex) {
                    if case .kv(let r) = e.command, !r.op.isRead { context.send(.clerk(.reply(id: r.id, outcome: .result(.ok(nil)))), to: r.client) }
                }
            }
        }
        resetElectionTimer(&context)
    }

    mutating func becomeLeader(_ context: inout Context) {
        role = .leader
        leaderHint = id
        nextIndex = Array(repeating: log.count + 1, count: serverCount)
        matchIndex = Array(repeating: 0, count: serverCount)
        context.stateChanged("leader t\(currentTerm)")
        context.cancelTimer(.election)
        for p in 0..<serverCount where p != id.index { sendAppend(to: p, &context) }
        context.setTimer(.heartbeat, after: config.heartbeatInterval)
    }

    // MARK: Replication (§5.3, §5.4.2)

    mutating func append(_ command: LogCommand, _ context: inout Context) {
        log.append(LogEntry(term: currentTerm, command: command))
        matchIndex[id.index] = log.count
        if bug("apply-uncommitted") { apply(&context) }
        if bug("lazy-replication") { return }
        for p in 0..<serverCount where p != id.index { sendAppend(to: p, &context) }
        advanceCommit(&context)
    }

    func sendAppend(to p: Int, _ context: inout Context) {
        let prev = min(nextIndex[p] - 1, log.count)
        let entries = Array(log[prev..<min(log.count, prev + max(1, config.maxEntriesPerAppend))])
        context.send(.appendEntries(term: currentTerm, prevLogIndex: prev, prevLogTerm: prev > 0 ? log[prev - 1].term : 0,
                                    entries: entries, leaderCommit: commitIndex), to: NodeID(p))
    }

    mutating func appendEntries(term: Int, prevLogIndex prev: Int, prevLogTerm: Int, entries: [LogEntry], leaderCommit: Int,
                                from: NodeID, _ context: inout Context) {
        guard term == currentTerm else {
            return context.send(.appendEntriesReply(term: currentTerm, success: false, matchIndex: 0, conflictIndex: 0), to: from)
        }
        if role != .follower { stepDown(to: term, &context) }
        leaderHint = from
        if !bug("no-reset-on-heartbeat") { resetElectionTimer(&context) }
        if !bug("no-consistency-check") {
            if prev > log.count {
                return context.send(.appendEntriesReply(term: currentTerm, success: false, matchIndex: 0, conflictIndex: log.count + 1), to: from)
            }
            if prev > 0 && log[prev - 1].term != prevLogTerm {
                // Fast backup: skip the whole conflicting term.
                let conflictTerm = log[prev - 1].term
                var first = prev
                while first > 1 && log[first - 2].term == conflictTerm { first -= 1 }
                return context.send(.appendEntriesReply(term: currentTerm, success: false, matchIndex: 0, conflictIndex: first), to: from)
            }
        }
        if bug("truncate-on-match") {
            log = Array(log.prefix(prev)) + entries
        } else {
            for (k, e) in entries.enumerated() {
                let i = prev + 1 + k
                if i <= log.count {
                    if log[i - 1].term != e.term { log.removeSubrange((i - 1)...); log.append(e) }
                } else {
                    log.append(e)
                }
            }
        }
        if bug("apply-uncommitted") { lastApplied = min(lastApplied, log.count); apply(&context) }
        let lastNew = min(prev + entries.count, log.count)
        if leaderCommit > commitIndex {
            commitIndex = max(commitIndex, min(leaderCommit, bug("commit-not-bounded") ? log.count : lastNew))
            apply(&context)
        }
        context.send(.appendEntriesReply(term: currentTerm, success: true, matchIndex: lastNew, conflictIndex: 0), to: from)
    }

    mutating func appendEntriesReply(term: Int, success: Bool, matchIndex m: Int, conflictIndex: Int, from: NodeID,
                                     _ context: inout Context) {
        guard role == .leader, term == currentTerm else { return }
        let p = from.index
        if success {
            matchIndex[p] = max(matchIndex[p], m)
            nextIndex[p] = max(nextIndex[p], m + 1)
            advanceCommit(&context)
            if nextIndex[p] <= log.count && !bug("lazy-replication") { sendAppend(to: p, &context) }
        } else if bug("lazy-replication") {
            nextIndex[p] = max(1, nextIndex[p] - 1)
        } else if !bug("nextindex-stuck") {
            nextIndex[p] = max(1, min(nextIndex[p] - 1, conflictIndex))
            sendAppend(to: p, &context)
        }
    }

    /// §5.3–5.4.2: the highest index stored on a majority whose entry is of
    /// the current term is committed (and everything before it).
    mutating func advanceCommit(_ context: inout Context) {
        var n = log.count
        while n > commitIndex {
            if log[n - 1].term == currentTerm || bug("figure-8") {
                let replicas = matchIndex.enumerated().filter { $0.offset == id.index || $0.element >= n }.count
                if replicas * 2 > serverCount { break }
            }
            n -= 1
        }
        if n > commitIndex {
            commitIndex = n
            apply(&context)
        }
    }

    /// Applies committed entries in order; a leader answers the clerk that asked.
    mutating func apply(_ context: inout Context) {
        let upTo = bug("apply-uncommitted") ? log.count : min(commitIndex, log.count)
        while lastApplied < upTo {
            lastApplied += 1
            guard case .kv(let request) = log[lastApplied - 1].command else { continue }
            let result = kv.apply(request, deduplicate: !bug("no-dedup"))
            if role == .leader, let result {
                context.send(.clerk(.reply(id: request.id, outcome: .result(result))), to: request.client)
            }
        }
    }

    // MARK: Clerks (raft-kv)

    mutating func clerkRequest(_ request: KVRequest, _ context: inout Context) {
        guard role == .leader else {
            let hint = leaderHint == id ? nil : leaderHint
            return context.send(.clerk(.reply(id: request.id, outcome: .redirect(hint))), to: request.client)
        }
        if bug("local-read"), case .read(let key) = request.op {
            return context.send(.clerk(.reply(id: request.id, outcome: .result(kv.read(key)))), to: request.client)
        }
        if !bug("no-dedup") {
            if let done = kv.recorded(request) {
                return context.send(.clerk(.reply(id: request.id, outcome: .result(done))), to: request.client)
            }
        }
        // Appended again even if an earlier copy waits in the log: that copy may
        // be of an earlier term, which commits only with an entry of this one (§5.4.2).
        append(.kv(request), &context)
        if bug("reply-before-commit") && !request.op.isRead {
            context.send(.clerk(.reply(id: request.id, outcome: .result(.ok(nil)))), to: request.client)
        }
        persist(&context)
    }

    // MARK: Persistence (Figure 2)

    /// Declares Figure 2's persistent state durable (the engine keeps the
    /// last one declared in a handler, as if written before the handler's messages leave).
    func persist(_ context: inout Context, onTimer: Bool = false) {
        guard clerk == nil, !bug("persist-on-timer") || onTimer else { return }
        context.persist(RaftNodeDurable(currentTerm: bug("term-not-persisted") ? 0 : currentTerm,
                                        votedFor: bug("vote-not-persisted") ? nil : votedFor,
                                        log: bug("log-not-persisted") ? [] : bug("persist-committed-only") ? Array(log.prefix(commitIndex)) : log))
    }

    // MARK: Interface

    public var summary: NodeSummary { clerk?.summary ?? raft!.summary }
}
