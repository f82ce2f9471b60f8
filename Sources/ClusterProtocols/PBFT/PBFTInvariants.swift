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

    /// Installs both on a run (agreement only if the config stops on it).
    public static func install(on sim: Simulation<PBFTProcess>, config: PBFTConfig) {
        let nodes = { (sim: Simulation<PBFTProcess>) in sim.layout.all.map { sim.node($0) } }
        if config.stopOnDisagreement { sim.addInvariant(Invariant(agreementName) { agreement(nodes($0)) }) }
        sim.addInvariant(Invariant(clientName) { clientAcceptance(nodes($0)) })
    }
}
