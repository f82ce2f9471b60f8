/// Whether replicas hold the same versions: the convergence half of eventual
/// consistency. Protocol-neutral: a protocol says what each running replica
/// holds (item -> version) and which replicas should hold an item.
///
///     let holdings = [NodeID(0): ["k0": v1], NodeID(1): ["k0": v1]]
///     ReplicaAgreement.disagreements(holdings) { _ in [NodeID(0), NodeID(1)] }  // []
///
/// A replica that should hold an item but holds nothing disagrees with one
/// that holds it. Replicas missing from `holdings` (crashed) are not counted.
public enum ReplicaAgreement {
    /// The items (sorted) on which the running replicas that should hold them differ.
    public static func disagreements<Version: Hashable>(_ holdings: [NodeID: [String: Version]],
                                                        holders: (String) -> [NodeID]) -> [String] {
        let items = Set(holdings.values.flatMap(\.keys))
        return items.sorted().filter { item in
            let versions = holders(item).compactMap { node in holdings[node].map { $0[item] } }
            return Set(versions).count > 1
        }
    }
}

/// Time to convergence: how long after a moment (a heal) the replicas first agree.
public enum ConvergenceTime {
    /// Runs `run` on until `converged()` holds, checked after every step and
    /// before the first, for at most `limit` past `since`; the virtual time from
    /// `since` to the first moment it held, or nil if it never did.
    public static func measure(_ run: ClusterRun, since: Int64, limit: Int64,
                               converged: () -> Bool) -> Int64? {
        let deadline = VirtualTime(microseconds: since + limit)
        if converged() { return max(0, run.now.microseconds - since) }
        guard run.run(until: converged, limit: deadline), converged() else { return nil }
        return run.now.microseconds - since
    }
}
