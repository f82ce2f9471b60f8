import ClusterSim

/// A server of single-decree Paxos playing the three roles of "Paxos Made
/// Simple" §2.1, as every process does in §2.5: proposer, acceptor (when it
/// is one of the first `acceptors` servers) and learner. A pure state
/// machine: messages and timers in, effects out through the context.
///
/// A node's messages to itself are handled at once, in the same step, as
/// if its acceptor and learner shared its proposer's memory.
public struct PaxosNode: NodeStateMachine, Hashable {
    public typealias Message = PaxosMessage
    public typealias TimerTag = PaxosTimer
    public typealias Durable = PaxosDurable
    public typealias Config = PaxosConfig

    public static let protocolName = "paxos"

    public let id: NodeID
    public let serverCount: Int
    public let config: PaxosConfig

    // Acceptor (§2.2), durable.
    /// The highest ballot this acceptor promised; it accepts nothing lower.
    public internal(set) var promised: Ballot?
    /// The highest-numbered proposal this acceptor accepted.
    public internal(set) var accepted: Proposal?

    // Proposer (§2.2), volatile except `highestRound`.
    public internal(set) var phase: PaxosPhase = .idle
    /// The ballot this proposer is running (or last ran).
    public internal(set) var ballot: Ballot?
    /// The highest round seen in any ballot; the next ballot goes above it.
    public internal(set) var highestRound = 0
    /// The value a person (or the workload) asked this node to propose.
    public internal(set) var ownValue: String?
    /// The value sent in phase 2: the adopted one, or `ownValue`.
    public internal(set) var proposing: String?
    /// Acceptors that promised `ballot`.
    public internal(set) var promises: Set<Int> = []
    /// The highest-numbered accepted proposal the promises reported.
    public internal(set) var highestReported: Proposal?

    // Learner (§2.3).
    /// Which acceptors reported accepting each proposal.
    public internal(set) var tallies: [Proposal: Set<Int>] = [:]
    /// The value this learner learned was chosen.
    public internal(set) var chosen: String?

    /// Whether the node started from durable state (a restart): it does not
    /// make its start-up proposal again.
    let restarted: Bool

    public init(id: NodeID, layout: ClusterLayout, config: PaxosConfig, durable: PaxosDurable?) {
        self.id = id; self.serverCount = layout.serverCount; self.config = config
        restarted = durable != nil
        if let d = durable {
            promised = d.promised; accepted = d.accepted; highestRound = d.highestRound; chosen = d.chosen
        }
    }

    /// Whether this server is an acceptor.
    public var isAcceptor: Bool { id.index < acceptorCount }
    var acceptorCount: Int { config.acceptorCount(servers: serverCount) }
    var quorum: Int { config.quorum(servers: serverCount) }

    public mutating func start(_ context: inout NodeContext<PaxosNode>) {
        let k = id.index
        guard !restarted, k < config.initialProposers else { return }
        if k == 0 || config.stagger == 0 {
            propose(PaxosConfig.initialValue(k), &context)
        } else {
            context.setTimer(.begin, after: Int64(k) * config.stagger)
        }
    }

    public mutating func receive(_ message: PaxosMessage, from: NodeID, _ context: inout NodeContext<PaxosNode>) {
        handle(message, from: from.index, &context)
    }

    /// Dispatches a message to the role it is for.
    mutating func handle(_ message: PaxosMessage, from: Int, _ context: inout NodeContext<PaxosNode>) {
        switch message {
        case .prepare(let b): if isAcceptor { onPrepare(b, from: from, &context) }
        case .accept(let b, let v): if isAcceptor { onAccept(b, v, from: from, &context) }
        case .promise(let b, let a): onPromise(b, a, from: from, &context)
        case .nack(let b, let p): onNack(b, promised: p, &context)
        case .accepted(let p): onAccepted(p, from: from, &context)
        }
    }

    /// Sends to `to`, or handles it here at once when `to` is this node.
    mutating func send(_ message: PaxosMessage, to: Int, _ context: inout NodeContext<PaxosNode>) {
        if to == id.index { handle(message, from: to, &context) } else { context.send(message, to: NodeID(to)) }
    }

    public mutating func timerFired(_ tag: PaxosTimer, _ context: inout NodeContext<PaxosNode>) {
        switch tag {
        case .begin: propose(PaxosConfig.initialValue(id.index), &context)
        case .retry: if chosen == nil, ownValue != nil { startBallot(&context) }
        }
    }

    /// `propose VALUE`.
    public mutating func command(_ text: String, _ context: inout NodeContext<PaxosNode>) {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 2, words[0].lowercased() == "propose" else {
            context.log("ignores command '\(text)': try propose VALUE")
            return
        }
        propose(words[1], &context)
    }

    public static let commands = [
        CommandUsage("propose", ["VALUE"], example: "propose apple", help: "this node proposes a value (one word)"),
    ]

    /// What survives a crash, declared after every change to it.
    func persist(_ context: inout NodeContext<PaxosNode>) {
        let keepPromise = config.mutant != .forgetPromiseAfterCrash
        context.persist(PaxosDurable(promised: keepPromise ? promised : nil, accepted: accepted,
                                     highestRound: highestRound, chosen: chosen))
    }

    func name(_ index: Int) -> String { "n\(index + 1)" }
}

/// Where a node's proposer is.
public enum PaxosPhase: String, Hashable, Sendable {
    /// Nothing to propose (or its ballot is over).
    case idle
    /// Phase 1: waiting for promises from a quorum.
    case preparing
    /// Phase 2: waiting to learn that a quorum accepted.
    case accepting
    /// Refused; waiting a random time before a higher ballot.
    case backoff
    /// Its learner learned the chosen value.
    case done
}

/// The timers of a Paxos node.
public enum PaxosTimer: String, Hashable, Sendable, CustomStringConvertible {
    /// The start-up proposal of a staggered proposer.
    case begin
    /// A ballot's timeout, or the end of a back-off: try a higher ballot.
    case retry

    public var description: String { rawValue }
}
