import ClusterSim

/// The safety properties of single-decree Paxos ("Paxos Made Simple" §2.1–2.2).
public enum PaxosProperty: String, Sendable, Hashable, CaseIterable {
    /// Only a single value is chosen (§2.1).
    case oneValueChosen = "at most one value chosen"
    /// Once a value is chosen at some ballot, every higher-numbered proposal
    /// any acceptor accepts carries that value (§2.2, P2a), so the chosen
    /// value can never be replaced.
    case chosenNeverChanges = "a chosen value never changes"
    /// A learner learns a value only if it has actually been chosen (§2.1).
    case learnedIsChosen = "learned values equal the chosen one"
}

/// Watches the nodes after every event and remembers every acceptance it
/// has seen, which a node's own state forgets: a proposal is chosen once a
/// majority of the acceptors have accepted it at some time, even if some of
/// them later accept a higher ballot.
///
/// A majority here is always a true one, whatever a mutant makes the nodes
/// count. After time travel backwards it starts again from what it is shown.
public final class PaxosSafetyMonitor {
    private let majority: Int
    private var acceptedBy: [Proposal: Set<Int>] = [:]
    private var lastSeen: [Proposal?] = []
    /// The proposals a majority accepted, in the order seen.
    public private(set) var chosen: [Proposal] = []
    private var lastStep: Int64 = -1
    private var found: (property: PaxosProperty, message: String)?

    public init(acceptors: Int) { majority = acceptors / 2 + 1 }

    public var violation: (property: PaxosProperty, message: String)? { found }

    /// The value chosen so far, if any.
    public var chosenValue: String? { chosen.first?.value }

    /// Looks at the nodes (nil for a crashed one); returns the first property broken so far.
    @discardableResult
    public func observe(_ nodes: [PaxosNode?], step: Int64 = .max) -> (property: PaxosProperty, message: String)? {
        if step < lastStep { reset() }
        lastStep = step
        if found != nil { return found }
        if lastSeen.count != nodes.count { lastSeen = .init(repeating: nil, count: nodes.count) }
        for (i, node) in nodes.enumerated() {
            guard let n = node else { continue }
            if let a = n.accepted, a != lastSeen[i] {
                lastSeen[i] = a
                record(a, by: i)
            }
            if let v = n.chosen, found == nil, v != chosenValue {
                fail(.learnedIsChosen, "n\(i + 1) learned \(v), but " + (chosenValue.map { "the chosen value is \($0)" }
                                                                          ?? "no majority of acceptors has accepted any proposal"))
            }
            if found != nil { break }
        }
        return found
    }

    private func record(_ p: Proposal, by acceptor: Int) {
        acceptedBy[p, default: []].insert(acceptor)
        for c in chosen where c.ballot < p.ballot && c.value != p.value {
            return fail(.chosenNeverChanges, "n\(acceptor + 1) accepted \(p) after \(c.value) was chosen at \(c.ballot)")
        }
        guard acceptedBy[p]!.count >= majority, !chosen.contains(p) else { return }
        if let first = chosen.first, first.value != p.value {
            return fail(.oneValueChosen, "\(p.value) is chosen at \(p.ballot) (accepted by "
                        + acceptedBy[p]!.sorted().map { "n\($0 + 1)" }.joined(separator: " ")
                        + "), but \(first.value) was chosen at \(first.ballot)")
        }
        for (q, by) in acceptedBy.sorted(by: { $0.key.ballot < $1.key.ballot }) where q.ballot > p.ballot && q.value != p.value {
            return fail(.chosenNeverChanges, by.sorted().map { "n\($0 + 1)" }.joined(separator: " ")
                        + " accepted \(q), above \(p), which is now chosen")
        }
        chosen.append(p)
    }

    private func reset() { acceptedBy = [:]; lastSeen = []; chosen = []; found = nil }

    private func fail(_ property: PaxosProperty, _ message: String) {
        if found == nil { found = (property, message) }
    }
}

/// Installs the properties on a simulation, checked after every step.
public enum PaxosInvariants {
    @discardableResult
    public static func install(on sim: Simulation<PaxosNode>) -> PaxosSafetyMonitor {
        let monitor = PaxosSafetyMonitor(acceptors: sim.config.acceptorCount(servers: sim.layout.serverCount))
        var lastStep: Int64 = -1
        for property in PaxosProperty.allCases {
            sim.addInvariant(Invariant(property.rawValue) { sim in
                if sim.stepCount != lastStep {
                    lastStep = sim.stepCount
                    monitor.observe(sim.layout.servers.map { sim.node($0) }, step: sim.stepCount)
                }
                guard let v = monitor.violation, v.property == property else { return nil }
                return v.message
            })
        }
        return monitor
    }
}

extension PaxosNode {
    /// Agreement as the model checker checks it on one state (which keeps no
    /// history of acceptances): no two learners learned different values.
    public static let learnersAgree = StateInvariant<PaxosNode>("learners agree", nodes: { nodes in
        var first: (Int, String)?
        for (i, n) in nodes.enumerated() {
            guard let v = n.chosen else { continue }
            guard let f = first else { first = (i, v); continue }
            if f.1 != v { return "n\(f.0 + 1) learned \(f.1) and n\(i + 1) learned \(v)" }
        }
        return nil
    })
}
