import ClusterSim

/// What each replica of the `crdt` protocol holds: a counter, a set and a
/// register. A tuple of CRDTs merged field by field is itself a CRDT.
public struct CRDTState: CvRDT, CustomStringConvertible {
    public var counter = PNCounter()
    public var set = ORSet<String>()
    public var register = LWWRegister<String>()

    public init() {}

    public mutating func merge(_ other: CRDTState) {
        counter.merge(other.counter)
        set.merge(other.set)
        register.merge(other.register)
    }

    /// `count 3, set {x,y}, reg v@4@n1`.
    public var description: String {
        "count \(counter.value), set {\(set.elements.joined(separator: ","))}, reg \(register.current?.description ?? "-")"
    }
}

/// Replicas of a counter, a set and a register that a person updates
/// (`inc 3`, `dec 1`, `add x`, `remove x`, `set v`) on any server, even cut
/// off from the others, and that converge by gossip: every round a replica
/// pushes its whole state to `fanout` random peers, which merge it and answer
/// with the merged state if it told the sender something new. The state is
/// persisted on every change, so a crash loses nothing.
public struct CRDTNode: NodeStateMachine {
    public static let protocolName = "crdt"
    public typealias Durable = CRDTState

    public struct Config: Sendable {
        public var fanout: Int
        /// Time between gossip rounds (each round gets jitter of a fifth of this).
        public var interval: Int64
        /// Time between a server's own random updates (0: none, a person types them).
        public var updateEvery: Int64
        public init(fanout: Int = 1, interval: Int64 = 100_000, updateEvery: Int64 = 0) {
            self.fanout = fanout; self.interval = interval; self.updateEvery = updateEvery
        }
    }

    public enum Message: ProtocolMessage, Hashable {
        /// The sender's whole state.
        case push(CRDTState)
        /// The receiver's state after merging a push that was missing something.
        case reply(CRDTState)
        public var kind: String { if case .push = self { return "Push" } else { return "Reply" } }
        public var isReply: Bool { if case .reply = self { return true } else { return false } }
        public var description: String {
            switch self {
            case .push(let s): return "Push(\(s))"
            case .reply(let s): return "Reply(\(s))"
            }
        }
    }

    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case round
        /// The workload's next random update (`workload: {update_every: …}`).
        case update
        public var description: String { rawValue }
    }

    public let id: NodeID
    public private(set) var state: CRDTState
    public private(set) var rounds = 0
    let config: Config
    let servers: Int

    public init(id: NodeID, layout: ClusterLayout, config: Config, durable: CRDTState?) {
        self.id = id; self.config = config; servers = layout.serverCount
        state = durable ?? CRDTState()
    }

    var isServer: Bool { id.index < servers }

    public mutating func start(_ context: inout NodeContext<CRDTNode>) {
        guard isServer else { return }
        context.setTimer(.round, after: config.interval, jitter: config.interval / 5)
        if config.updateEvery > 0 { context.setTimer(.update, after: config.updateEvery, jitter: config.updateEvery / 2) }
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<CRDTNode>) {
        switch message {
        case .push(let theirs):
            merge(theirs, from: from, &context)
            if state != theirs { context.send(.reply(state), to: from) }
        case .reply(let theirs):
            merge(theirs, from: from, &context)
        }
    }

    mutating func merge(_ theirs: CRDTState, from: NodeID, _ context: inout NodeContext<CRDTNode>) {
        let before = state
        state.merge(theirs)
        guard state != before else { return }
        context.persist(state)
        context.log("merged from \(context.layout.name(from)): \(state)")
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<CRDTNode>) {
        if tag == .update { return update(&context) }
        rounds += 1
        var peers = Array(0..<servers).filter { $0 != id.index }
        for _ in 0..<min(config.fanout, peers.count) {
            let i = context.random(below: peers.count)
            context.send(.push(state), to: NodeID(peers.remove(at: i)))
        }
        context.setTimer(.round, after: config.interval, jitter: config.interval / 5)
    }

    /// The workload: one random update, as if typed (`inc 1`, `add c`,
    /// `remove a`, `set v4`), then the next one scheduled.
    mutating func update(_ context: inout NodeContext<CRDTNode>) {
        let items = ["a", "b", "c", "d", "e"]
        switch context.random(below: 4) {
        case 0: command("inc 1", &context)
        case 1: command("add \(items[context.random(below: items.count)])", &context)
        case 2: command("remove \(items[context.random(below: items.count)])", &context)
        default: command("set v\(context.random(below: 10))", &context)
        }
        context.setTimer(.update, after: config.updateEvery, jitter: config.updateEvery / 2)
    }

    /// The commands a person can type at a replica.
    public static let commandHelp = "try 'inc 3', 'dec 1', 'add x', 'remove x' or 'set v'"

    public mutating func command(_ text: String, _ context: inout NodeContext<CRDTNode>) {
        guard isServer else { return context.log("ignores command '\(text)': only servers hold replicas") }
        let words = text.split(separator: " ").map(String.init)
        let replica = id.index
        switch (words.first, words.count) {
        case ("inc", 1), ("dec", 1), ("inc", 2), ("dec", 2):
            guard let n = words.count == 2 ? Int64(words[1]) : 1, n >= 0 else {
                return context.log("bad amount in '\(text)': give a whole number, 0 or more")
            }
            if words[0] == "inc" { state.counter.increment(by: n, at: replica) } else { state.counter.decrement(by: n, at: replica) }
        case ("add", 2): state.set.add(words[1], at: replica)
        case ("remove", 2): state.set.remove(words[1])
        case ("set", 2): state.register.assign(words[1], node: replica, clock: context.lamport)
        default: return context.log("unknown command '\(text)': \(Self.commandHelp)")
        }
        context.persist(state)
        context.log("\(text): \(state)")
    }

    public var summary: NodeSummary {
        let members = state.set.elements
        let shown = members.prefix(8).joined(separator: ",") + (members.count > 8 ? "…" : "")
        return NodeSummary(
            role: isServer ? "replica" : "idle", tone: isServer ? .follower : .neutral,
            fields: [.init("count", String(state.counter.value)), .init("set", "{\(shown)}"),
                     .init("reg", state.register.value ?? "-")],
            details: ["round \(rounds)",
                      "counter +\(state.counter.increments.value) −\(state.counter.decrements.value)",
                      "set: " + members.map { "\($0) " + state.set.live[$0]!.sorted().map(\.description).joined(separator: " ") }
                          .joined(separator: ", "),
                      "tombstones: \(state.set.tombstones.count)",
                      "register: \(state.register.current?.description ?? "empty")"])
    }
}

/// The `crdt` protocol's convergence check: every running server holds the same state.
public enum CRDTConvergence {
    public static func check(_ sim: Simulation<CRDTNode>) -> String? {
        let up = sim.layout.servers.compactMap { sim.node($0) }
        guard let first = up.first else { return nil }
        let differ = up.filter { $0.state != first.state }
        if differ.isEmpty { return nil }
        return "not converged: " + up.map { "\(sim.layout.name($0.id)) has \($0.state)" }.joined(separator: "; ")
    }
}

/// `protocol: crdt`, with `parameters: {fanout: 1, interval: 100ms}`; by
/// default no workload (a person or a lab's script types the updates), or
/// `workload: {update_every: 500ms}` for random updates at every server.
enum CRDTProtocol {
    static let parameters: [ParameterSpec] = [.count("fanout", 1...64), .timer("interval")]
    static let workload: [ParameterSpec] = [
        .init("update_every", .durationOrOff(ParameterSpec.timerRange), note: "random updates at every server; off by default"),
    ]

    static let definition = ProtocolDefinition(
        name: "crdt", summary: "CRDTs (counter, add-wins set, last-write-wins register) converging by gossip.",
        defaultServers: 3, defaultClients: 0,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let p = try ParameterSection(scenario.parameters, declared: parameters)
            let w = try ParameterSection(scenario.workload, declared: workload)
            let config = CRDTNode.Config(fanout: try p.int("fanout", default: 1),
                                        interval: try p.duration("interval", default: 100_000),
                                        updateEvery: try w.durationOrOff("update_every", default: nil) ?? 0)
            return Simulation<CRDTNode>(scenario: scenario, config: config, options: options)
        })
}
