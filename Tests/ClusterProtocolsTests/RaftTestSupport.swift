import ClusterSim
import ClusterProtocols

/// A Raft cluster run by the engine, with Figure 3's properties checked on
/// every event, and the questions the MIT 6.824 tests ask of it.
final class RaftCluster {
    let sim: Simulation<RaftProcess>
    let seed: UInt64
    let monitor: RaftSafetyMonitor
    /// A liveness expectation that did not hold (no leader, no progress).
    private(set) var livenessFailure: String?

    init(servers: Int, clients: Int = 0, config: RaftConfig = RaftConfig(), seed: UInt64,
         network: LinkSettings = LinkSettings(latency: .uniform(min: 1_000, max: 10_000))) {
        self.seed = seed
        sim = Simulation(layout: ClusterLayout(servers: servers, clients: clients), config: config, seed: seed,
                         network: network, options: SimulationOptions(clocks: false, trace: true, snapshotInterval: 0))
        monitor = RaftInvariants.install(on: sim)
    }

    var layout: ClusterLayout { sim.layout }
    var now: Int64 { sim.now.microseconds }
    func server(_ n: NodeID) -> RaftServer? { sim.node(n)?.server }
    var servers: [RaftServer?] { RaftInvariants.servers(of: sim) }

    /// Runs for `duration` more virtual microseconds.
    @discardableResult
    func run(for duration: Int64) -> Bool { sim.run(until: .us(now + duration)) }

    /// A leader a majority follows: up, and the servers in its partition
    /// group that are up form a majority and share its term.
    var stableLeader: NodeID? {
        for n in layout.servers {
            guard let s = server(n), s.role == .leader else { continue }
            let followers = layout.servers.filter { m in
                guard let t = server(m), !sim.network.partitioned(n, m) else { return false }
                return t.currentTerm == s.currentTerm && (t.leader == n || m == n)
            }
            if 2 * followers.count > layout.serverCount { return n }
        }
        return nil
    }

    /// 6.824's checkOneLeader: waits (up to `within`) for a leader a majority follows.
    @discardableResult
    func checkOneLeader(within: Int64 = 5_000_000) -> NodeID? {
        if sim.violation != nil { return nil }
        let found = sim.run(until: { $0.violation != nil || self.stableLeader != nil }, limit: .us(now + within))
        if found, sim.violation == nil, let l = stableLeader { return l }
        expectLiveness(false, "no leader within \(DurationText.format(within)) at \(DurationText.format(now))")
        return nil
    }

    /// 6.824's checkNoLeader for a group with no majority: nobody there leads a majority.
    func checkNoLeader(for duration: Int64 = 1_000_000) {
        run(for: duration)
        expectLiveness(stableLeader == nil, "a leader was followed by a majority with a majority cut off")
    }

    var clientsDone: Bool {
        layout.clients.allSatisfy { sim.node($0)?.client?.isDone ?? true }
    }

    /// Waits for every client to finish its operations.
    func awaitClients(within: Int64 = 60_000_000) {
        if sim.violation != nil { return }
        let done = sim.run(until: { $0.violation != nil || self.clientsDone }, limit: .us(now + within))
        expectLiveness(done && sim.violation == nil ? clientsDone : sim.violation != nil,
                       "clients did not finish within \(DurationText.format(within))")
    }

    /// The end of every scenario: a leader again, and every client done.
    func finish(leaderWithin: Int64 = 5_000_000) -> RaftCluster {
        checkOneLeader(within: leaderWithin)
        awaitClients()
        return self
    }

    func expectLiveness(_ ok: Bool, _ what: @autoclosure () -> String) {
        if !ok, livenessFailure == nil { livenessFailure = what() }
    }

    var okCount: Int { sim.trace.history.filter { $0.type == .ok }.count }

    func crash(_ n: NodeID) { sim.perform(.crash(n)) }
    func restart(_ n: NodeID) { sim.perform(.restart(n)) }
    func partition(_ groups: [[NodeID]]) { sim.perform(.partition(groups)) }
    func heal() { sim.perform(.heal) }

    /// What went wrong, if anything: an invariant, a liveness expectation,
    /// or the client history, in that order.
    var failure: String? {
        if let v = sim.violation { return "seed \(seed): \(v)" }
        if let l = livenessFailure { return "seed \(seed): liveness: \(l)" }
        do {
            if case .notLinearizable(let key, let window) = try LinearizabilityChecker.check(sim.trace.history) {
                return "seed \(seed): history not linearizable on key \(key): "
                    + window.suffix(12).map { "\($0.process) \($0.type) \($0.f) \($0.value)" }.joined(separator: "; ")
            }
        } catch {
            return "seed \(seed): malformed history: \(error)"
        }
        return nil
    }
}

extension RaftConfig {
    /// The default config with a client workload.
    static func workload(ops: Int, keys: Int = 3, _ adjust: (inout RaftConfig) -> Void = { _ in }) -> RaftConfig {
        var c = RaftConfig()
        c.workload.opsPerClient = ops
        c.workload.keys = keys
        adjust(&c)
        return c
    }
}

/// Servers driven by hand with no engine, as etcd's raft_paper_test.go does:
/// the test decides which message is delivered, which timer fires, who
/// crashes. Figure 3's properties are checked after every handler.
struct HandCluster {
    var servers: [RaftServer?]
    var durable: [RaftDurable?]
    /// Messages sent and not yet delivered or dropped, in send order.
    var inbox: [(from: NodeID, to: NodeID, message: RaftMessage)] = []
    let layout: ClusterLayout
    let config: RaftConfig
    let monitor = RaftSafetyMonitor()
    var steps: Int64 = 0

    init(servers n: Int, config: RaftConfig = RaftConfig(), durable: [RaftDurable?]? = nil) {
        layout = ClusterLayout(servers: n)
        self.config = config
        self.durable = durable ?? .init(repeating: nil, count: n)
        servers = (0..<n).map { RaftServer(id: NodeID($0), serverCount: n, config: config, durable: durable?[$0]) }
    }

    /// Runs one handler on server `p` and collects its effects.
    @discardableResult
    mutating func handle(_ p: Int, _ body: (inout RaftServer, inout RaftContext) -> Void) -> RaftContext {
        var ctx = RaftContext(id: NodeID(p), layout: layout)
        body(&servers[p]!, &ctx)
        if let d = ctx.persisted { durable[p] = d }
        for s in ctx.sends { inbox.append((NodeID(p), s.to, s.message)) }
        steps += 1
        monitor.observe(servers, step: steps)
        return ctx
    }

    mutating func timeout(_ p: Int) { handle(p) { s, c in s.timerFired(.election, &c) } }
    mutating func heartbeat(_ p: Int) { handle(p) { s, c in s.timerFired(.heartbeat, &c) } }

    /// Delivers the first message that matches (to a running server); returns whether there was one.
    @discardableResult
    mutating func deliverFirst(where match: (NodeID, NodeID, RaftMessage) -> Bool) -> Bool {
        guard let i = inbox.firstIndex(where: { match($0.from, $0.to, $0.message) }) else { return false }
        let m = inbox.remove(at: i)
        guard servers[m.to.index] != nil else { return true }
        handle(m.to.index) { s, c in s.receive(m.message, from: m.from, &c) }
        return true
    }

    /// Delivers messages among `group` until none is left, dropping every
    /// message to or from anyone outside it.
    mutating func settle(_ group: Set<Int>, dropping drop: (NodeID, NodeID, RaftMessage) -> Bool = { _, _, _ in false }) {
        while let i = inbox.firstIndex(where: { group.contains($0.from.index) && group.contains($0.to.index) }) {
            let m = inbox.remove(at: i)
            if drop(m.from, m.to, m.message) || servers[m.to.index] == nil { continue }
            handle(m.to.index) { s, c in s.receive(m.message, from: m.from, &c) }
        }
        inbox.removeAll()
    }

    mutating func crash(_ p: Int) {
        servers[p] = nil
        inbox.removeAll { $0.to.index == p || $0.from.index == p }
    }

    mutating func restart(_ p: Int) {
        servers[p] = RaftServer(id: NodeID(p), serverCount: layout.serverCount, config: config, durable: durable[p])
        handle(p) { s, c in s.start(&c) }
    }

    /// Makes `p` leader with the votes of `voters` (which must grant them).
    mutating func elect(_ p: Int, voters: Set<Int>) {
        timeout(p)
        settle(voters.union([p]), dropping: { _, _, m in if case .appendEntries = m { return true }; return false })
    }

    func logTerms(_ p: Int) -> [Int] { servers[p]!.log.entries.map(\.term) }
    var violation: String? { monitor.violation.map { "\($0.property.rawValue): \($0.message)" } }
}

/// A log whose entries have these terms (client writes, distinguishable by index).
func logWith(terms: [Int]) -> RaftLog {
    var log = RaftLog()
    for (i, t) in terms.enumerated() {
        log.append(RaftEntry(term: t, command: .client(.write("x", Int64(i + 1)), client: NodeID(99), request: i + 1)))
    }
    return log
}

func durableState(term: Int, votedFor: NodeID? = nil, terms: [Int]) -> RaftDurable {
    RaftDurable(currentTerm: term, votedFor: votedFor, log: logWith(terms: terms), snapshot: KVStore())
}
