import ClusterSim

extension RaftProcess {
    /// Election safety (§5.2, Figure 3) as the model checker checks it, on
    /// one state: no two servers are leaders of the same term. (The run's
    /// `RaftSafetyMonitor` remembers every term's leader across a run; a
    /// search state has no history, and needs none to catch a double vote.)
    public static let electionSafety = StateInvariant<RaftProcess>(RaftProperty.electionSafety.rawValue, nodes: { nodes in
        let leaders = nodes.compactMap(\.server).filter { $0.role == .leader }
        for (i, a) in leaders.enumerated() {
            for b in leaders[(i + 1)...] where a.currentTerm == b.currentTerm {
                return "n\(a.id.index + 1) and n\(b.id.index + 1) are both leaders of term \(a.currentTerm)"
            }
        }
        return nil
    })
}
