import ClusterProtocols
import ClusterSim

/// What the Raft suites build their scenarios from: a run of the student's
/// nodes with Figure 3's invariants installed, and 6.824's test helpers
/// (find the leader, submit a command and wait for agreement) as steps of
/// the harness that fail with the run's own names and values.
public enum RaftRun {
    /// A run of `servers` servers and `clients` clerks with the safety invariants installed.
    public static func make<N: RaftExerciseNode>(_: N.Type, servers: Int, clients: Int = 0, seed: UInt64,
                                                 config: RaftExerciseConfig, network: LinkSettings = LinkSettings(),
                                                 script: [(time: Int64, action: ClusterAction)] = []) -> Simulation<N> {
        let sim = Simulation<N>(layout: ClusterLayout(servers: servers, clients: clients), config: config, seed: seed,
                                network: network, script: script)
        RaftExerciseMonitor.install(on: sim)
        return sim
    }

    /// The servers' states, nil for a crashed one.
    public static func views<N: RaftExerciseNode>(_ sim: Simulation<N>) -> [RaftServerView?] {
        (0..<sim.layout.serverCount).map { sim.node(NodeID($0))?.raft }
    }

    /// The leaders among `group` (live servers only), highest term first.
    public static func leaders<N: RaftExerciseNode>(_ sim: Simulation<N>, among group: [NodeID]) -> [(id: NodeID, term: Int)] {
        group.compactMap { n in
            guard let v = sim.node(n)?.raft, v.role == .leader else { return nil }
            return (n, v.currentTerm)
        }.sorted { $0.term > $1.term }
    }

    /// Whether server `n` has committed an entry with this command.
    public static func hasCommitted<N: RaftExerciseNode>(_ sim: Simulation<N>, _ n: NodeID, _ command: LogCommand) -> Bool {
        guard let v = sim.node(n)?.raft else { return false }
        return v.log.prefix(min(v.commitIndex, v.log.count)).contains { $0.command == command }
    }

    /// Whether server `n` has an entry with this command, committed or not.
    public static func hasEntry<N: RaftExerciseNode>(_ sim: Simulation<N>, _ n: NodeID, _ command: LogCommand) -> Bool {
        sim.node(n)?.raft?.log.contains { $0.command == command } ?? false
    }

    static func names(_ ids: [NodeID], _ layout: ClusterLayout) -> String {
        ids.map(layout.name).joined(separator: ", ")
    }
}

extension TestHarness where Node: RaftExerciseNode {
    public var servers: [NodeID] { sim.layout.servers }

    /// A goal: a leader among `group` with a term above `term`, within
    /// `deadline` (default: 2 election timeouts). Returns it and its term.
    @discardableResult
    public func awaitLeader(among group: [NodeID]? = nil, newerThan term: Int = 0, within deadline: Int64? = nil) throws -> (id: NodeID, term: Int) {
        let group = group ?? servers
        let limit = deadline ?? 2 * sim.config.maxElectionTimeout
        try expect("a leader within \(DurationText.format(limit))", within: limit,
                   otherwise: "no leader among \(RaftRun.names(group, sim.layout)) with a term above \(term) after \(DurationText.format(limit)); "
                    + roles(group)) { sim in
            RaftRun.leaders(sim, among: group).contains { $0.term > term }
        }
        let l = RaftRun.leaders(sim, among: group)[0]
        return l
    }

    /// The servers' roles and terms, for failure messages.
    public func roles(_ group: [NodeID]? = nil) -> String {
        (group ?? servers).map { n in
            guard let v = sim.node(n)?.raft else { return "\(sim.layout.name(n)) down" }
            return "\(sim.layout.name(n)) \(v.role.rawValue) t\(v.currentTerm)"
        }.joined(separator: ", ")
    }

    /// Runs `duration` more while requiring that no server of `group` becomes
    /// leader in a term above `term` (a check made after every step).
    public func requireNoNewLeader(among group: [NodeID], above term: Int, for duration: Int64, _ property: String) throws {
        let limit = sim.now.microseconds + duration
        var found: (NodeID, Int)?
        sim.run(until: { sim in
            if let l = RaftRun.leaders(sim, among: group).first(where: { $0.term > term }) { found = (l.id, l.term); return true }
            return false
        }, limit: VirtualTime(microseconds: limit))
        try run(until: sim.now.microseconds)
        if let (n, t) = found {
            let groups = sim.network.partitionGroups.map { RaftRun.names($0, sim.layout) }.joined(separator: " | ")
            throw failure(property, "\(sim.layout.name(n)) became leader of term \(t) though no side of the partition "
                + "(\(groups)) holds a majority of the \(servers.count) servers")
        }
        if sim.now.microseconds < limit { try run(until: limit) }
    }

    /// 6.824's `one()`: hands `text` to the leader of `group` and waits until
    /// at least `count` servers (default: all of `group`) have committed it,
    /// handing it to a newer leader if the one asked loses leadership.
    public func agree(_ text: String, among group: [NodeID]? = nil, count: Int? = nil, within deadline: Int64 = 3_000_000) throws {
        let group = group ?? servers
        let need = count ?? group.count
        let command = LogCommand.text(text)
        let end = sim.now.microseconds + deadline
        var askedTerm = -1
        var window = sim.now.microseconds
        while window < end {
            // Windows of virtual time, not the clock: it stays at the last event.
            window = min(end, window + 200_000)
            let committed = { (sim: Simulation<Node>) in group.filter { RaftRun.hasCommitted(sim, $0, command) }.count }
            if committed(sim) >= need { return }
            if let l = RaftRun.leaders(sim, among: group).first, l.term > askedTerm {
                askedTerm = l.term
                perform(.command(l.id, text))
            }
            sim.run(until: { sim in committed(sim) >= need || RaftRun.leaders(sim, among: group).contains { $0.term > askedTerm } },
                    limit: VirtualTime(microseconds: window))
            try run(until: sim.now.microseconds)
        }
        let have = group.filter { RaftRun.hasCommitted(sim, $0, LogCommand.text(text)) }
        throw failure("agreement", "'\(text)' committed on \(have.count) of the \(need) servers needed "
            + "(\(RaftRun.names(have, sim.layout))) \(DurationText.format(deadline)) after it was handed to the leader; "
            + roles(group) + "; commit indexes " + group.map { "\(sim.layout.name($0)) \(sim.node($0)?.raft?.commitIndex ?? 0)" }.joined(separator: ", "))
    }

    /// Requires that `text` is committed on no server for `duration`.
    public func requireNotCommitted(_ text: String, for duration: Int64) throws {
        let command = LogCommand.text(text)
        let limit = sim.now.microseconds + duration
        sim.run(until: { sim in sim.layout.servers.contains { RaftRun.hasCommitted(sim, $0, command) } },
                limit: VirtualTime(microseconds: limit))
        try run(until: sim.now.microseconds)
        if let n = servers.first(where: { RaftRun.hasCommitted(sim, $0, command) }) {
            throw failure("no commit without a majority", "\(sim.layout.name(n)) committed '\(text)' though only a minority has it")
        }
        if sim.now.microseconds < limit { try run(until: limit) }
    }
}
