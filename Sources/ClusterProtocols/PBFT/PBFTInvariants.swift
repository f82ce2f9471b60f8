import ClusterSim

/// PBFT's safety, checked on every step: what honest replicas and clients
/// may never see, whatever the f Byzantine replicas do.
public enum PBFTInvariants {
    public static let agreementName = "honest agreement"
    public static let clientName = "client accepts only executed results"

    /// No two honest replicas commit different requests for the same
    /// sequence number (§4.2's invariant: committed-local at one honest
    /// replica means no other honest replica commits another request there).
    public static func agreement(_ nodes: [PBFTProcess?]) -> String? {
        var first: [Int: (replica: Int, request: PBFTRequest)] = [:]
        for case let r? in nodes.map({ $0?.replica }) where !r.isByzantine {
            for n in r.sequenceNumbers {
                guard let m = r.committedRequest(n) else { continue }
                if let seen = first[n], seen.request != m {
                    return "honest n\(r.id + 1) committed \(m.op) at #\(n); honest n\(seen.replica + 1) committed \(seen.request.op)"
                }
                if first[n] == nil { first[n] = (r.id, m) }
            }
        }
        return nil
    }

    /// A result a client accepted was returned by some honest replica that
    /// executed the request (otherwise f + 1 replies came from liars).
    public static func clientAcceptance(_ nodes: [PBFTProcess?]) -> String? {
        let honest = nodes.compactMap { $0?.replica }.filter { !$0.isByzantine }
        for case let c? in nodes.map({ $0?.client }) {
            for a in c.accepted {
                let executedThere = honest.contains { r in
                    r.executed.enumerated().contains { k, e in e == a.request && PBFTReplica.result(e, seq: k + 1) == a.result }
                }
                if !executedThere {
                    return "c\(c.id - c.config.replicas + 1) accepted \(a.request.op) = \(a.result) from "
                        + a.from.sorted().map { "n\($0 + 1)" }.joined(separator: " ") + ", which no honest replica executed"
                }
            }
        }
        return nil
    }

    /// Both, as model-checking invariants.
    public static let stateInvariants: [StateInvariant<PBFTProcess>] = [
        StateInvariant(agreementName, nodes: { agreement($0) }),
        StateInvariant(clientName, nodes: { clientAcceptance($0) }),
    ]

    /// Installs both on a run (agreement only if the config stops on it),
    /// sharing one monitor that reads only what changed since its last look.
    public static func install(on sim: Simulation<PBFTProcess>, config: PBFTConfig) {
        let monitor = PBFTSafetyMonitor()
        var lastStep: Int64 = -1
        let look = { (sim: Simulation<PBFTProcess>) in
            if sim.stepCount != lastStep {
                lastStep = sim.stepCount
                monitor.observe(sim.layout.all.map { sim.node($0) }, step: sim.stepCount)
            }
        }
        if config.stopOnDisagreement {
            sim.addInvariant(Invariant(agreementName) { sim in look(sim); return monitor.disagreement })
        }
        sim.addInvariant(Invariant(clientName) { sim in look(sim); return monitor.fooledClient })
    }
}

/// The two invariants of `PBFTInvariants`, checked incrementally on a run:
/// each look reads only the commits, executions and acceptances appended
/// since the last one. What it remembers is history: after time travel
/// backwards it starts again from the state it is shown.
public final class PBFTSafetyMonitor {
    private var committedAt: [Int: (replica: Int, request: PBFTRequest)] = [:]
    private var executedResults: Set<ExecutedResult> = []
    private var seenCommits: [Int: Int] = [:]
    private var seenExecuted: [Int: Int] = [:]
    private var seenAccepted: [Int: Int] = [:]
    private var lastStep: Int64 = -1
    public private(set) var disagreement: String?
    public private(set) var fooledClient: String?

    struct ExecutedResult: Hashable { var request: PBFTRequest; var result: String }

    public init() {}

    public func observe(_ nodes: [PBFTProcess?], step: Int64 = .max) {
        if step < lastStep { reset() }
        lastStep = step
        let replicas = nodes.compactMap { $0?.replica }.filter { !$0.isByzantine }
        for r in replicas {
            // A restarted replica starts with nothing: read it again from its start.
            if r.commitOrder.count < seenCommits[r.id, default: 0] { seenCommits[r.id] = 0 }
            if r.executed.count < seenExecuted[r.id, default: 0] { seenExecuted[r.id] = 0 }
            for n in r.commitOrder.dropFirst(seenCommits[r.id, default: 0]) {
                guard let m = r.committedRequest(n) else { continue }
                if let seen = committedAt[n] {
                    if seen.request != m, disagreement == nil {
                        disagreement = "honest n\(r.id + 1) committed \(m.op) at #\(n); honest n\(seen.replica + 1) committed \(seen.request.op)"
                    }
                } else {
                    committedAt[n] = (r.id, m)
                }
            }
            seenCommits[r.id] = r.commitOrder.count
            for (k, e) in r.executed.enumerated().dropFirst(seenExecuted[r.id, default: 0]) {
                executedResults.insert(ExecutedResult(request: e, result: PBFTReplica.result(e, seq: k + 1)))
            }
            seenExecuted[r.id] = r.executed.count
        }
        for case let c? in nodes.map({ $0?.client }) {
            if c.accepted.count < seenAccepted[c.id, default: 0] { seenAccepted[c.id] = 0 }
            for a in c.accepted.dropFirst(seenAccepted[c.id, default: 0])
            where fooledClient == nil && !executedResults.contains(ExecutedResult(request: a.request, result: a.result)) {
                fooledClient = "c\(c.id - c.config.replicas + 1) accepted \(a.request.op) = \(a.result) from "
                    + a.from.sorted().map { "n\($0 + 1)" }.joined(separator: " ") + ", which no honest replica executed"
            }
            seenAccepted[c.id] = c.accepted.count
        }
    }

    private func reset() {
        committedAt = [:]; executedResults = []; seenCommits = [:]; seenExecuted = [:]; seenAccepted = [:]
        disagreement = nil; fooledClient = nil
    }
}
