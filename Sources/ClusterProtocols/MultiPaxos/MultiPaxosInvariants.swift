import ClusterSim

/// The safety properties of Multi-Paxos, checked after every event.
public enum MultiPaxosProperty: String, Sendable, Hashable, CaseIterable {
    /// No two different values are each accepted by a majority in one slot
    /// (Paxos Made Simple §2.1's safety requirement, per slot).
    case oneValuePerSlot = "one value per slot"
    /// What a server learns is decided in a slot is the value chosen there,
    /// the same at every server and at all times, crashes included.
    case chosenNeverChanges = "chosen value never changes"
    /// Every server executes the same command in each slot of its executed prefix.
    case executedPrefixesAgree = "executed prefixes agree"
}

/// Watches the servers step by step, remembering what they did: every vote
/// an acceptor cast (a value accepted in a ballot, even if later overwritten
/// or crashed away), every value a majority voted for, and the first
/// decision and execution seen in each slot.
///
/// History, not state: after time travel backwards it starts again.
public final class MultiPaxosSafetyMonitor {
    struct Vote: Hashable { var slot: Int; var ballot: Ballot; var command: RaftCommand }
    struct Seen { var command: RaftCommand; var server: Int }

    private var votes: [Vote: UInt64] = [:]
    private var chosen: [Int: (command: RaftCommand, ballot: Ballot)] = [:]
    private var decided: [Int: Seen] = [:]
    private var executed: [Int: Seen] = [:]
    private var checkedExecution: [Int] = []
    private var lastStep: Int64 = -1
    private var found: (property: MultiPaxosProperty, message: String)?
    private let serverCount: Int

    public init(serverCount: Int) { self.serverCount = serverCount }

    public var violation: (property: MultiPaxosProperty, message: String)? { found }

    /// Looks at the servers (nil for a crashed one) after a step.
    @discardableResult
    public func observe(_ servers: [MultiPaxosServer?], step: Int64 = .max) -> (property: MultiPaxosProperty, message: String)? {
        if step < lastStep { reset() }
        lastStep = step
        if found != nil { return found }
        if checkedExecution.count != servers.count { checkedExecution = .init(repeating: 0, count: servers.count) }
        for (p, server) in servers.enumerated() {
            guard let s = server else { continue }
            for slot in s.acceptedNow { countVote(s, p, slot) }
            for slot in s.decidedNow { checkDecision(s, p, slot) }
            checkExecution(s, p)
            if found != nil { break }
        }
        return found
    }

    private func reset() {
        votes = [:]; chosen = [:]; decided = [:]; executed = [:]; checkedExecution = []; found = nil
    }

    private func fail(_ property: MultiPaxosProperty, _ message: String) {
        if found == nil { found = (property, message) }
    }

    private func name(_ p: Int) -> String { "n\(p + 1)" }

    /// Server `p`'s acceptor accepted a value in `slot`: one more vote for it in its ballot.
    private func countVote(_ s: MultiPaxosServer, _ p: Int, _ slot: Int) {
        guard let v = s.acceptedValue(slot) else { return }
        let vote = Vote(slot: slot, ballot: v.ballot, command: v.command)
        let voters = (votes[vote] ?? 0) | (1 << UInt64(p))
        votes[vote] = voters
        guard 2 * voters.nonzeroBitCount > serverCount else { return }
        if let c = chosen[slot] {
            if c.command != v.command {
                fail(.oneValuePerSlot, "slot \(slot): a majority accepted \(v.command) in ballot \(v.ballot)"
                    + " after a majority accepted \(c.command) in ballot \(c.ballot)")
            }
        } else {
            chosen[slot] = (v.command, v.ballot)
        }
    }

    private func checkDecision(_ s: MultiPaxosServer, _ p: Int, _ slot: Int) {
        guard let c = s.decidedCommand(slot) else { return }
        if let first = decided[slot], first.command != c {
            return fail(.chosenNeverChanges, "slot \(slot): \(name(p)) learned \(c) is decided;"
                + " \(name(first.server)) learned \(first.command)")
        }
        if decided[slot] == nil { decided[slot] = Seen(command: c, server: p) }
        if let ch = chosen[slot], ch.command != c {
            fail(.chosenNeverChanges, "slot \(slot): \(name(p)) learned \(c) is decided, but a majority accepted \(ch.command)")
        }
    }

    private func checkExecution(_ s: MultiPaxosServer, _ p: Int) {
        if s.commitIndex < checkedExecution[p] { checkedExecution[p] = s.commitIndex }  // restarted
        guard s.commitIndex > checkedExecution[p] else { return }
        for slot in (checkedExecution[p] + 1)...s.commitIndex {
            guard let c = s.decidedCommand(slot) else { continue }
            if let first = executed[slot] {
                if first.command != c {
                    return fail(.executedPrefixesAgree, "slot \(slot): \(name(p)) executed \(c);"
                        + " \(name(first.server)) executed \(first.command)")
                }
            } else {
                executed[slot] = Seen(command: c, server: p)
            }
        }
        checkedExecution[p] = s.commitIndex
    }
}

/// Installs the properties on a simulation as invariants checked after every step.
public enum MultiPaxosInvariants {
    @discardableResult
    public static func install(on sim: Simulation<MultiPaxosProcess>) -> MultiPaxosSafetyMonitor {
        let monitor = MultiPaxosSafetyMonitor(serverCount: sim.layout.serverCount)
        MonitorInvariants.install(on: sim, MultiPaxosProperty.self) { sim in
            monitor.observe(servers(of: sim), step: sim.stepCount)
        }
        return monitor
    }

    /// The servers' states, nil for a crashed one.
    public static func servers(of sim: Simulation<MultiPaxosProcess>) -> [MultiPaxosServer?] {
        (0..<sim.layout.serverCount).map { sim.node(NodeID($0))?.server }
    }
}
