import ClusterSim

/// The MapReduce checks: each partition's output committed exactly once
/// (every step), and at the end the job's output equals a single-node run
/// of the same job over the same input, or, if the job has not finished,
/// the reason it never can.
public enum MapReduceChecker {
    public static let committedOnce = "reduce output committed once"

    public static func install(on sim: Simulation<MapReduceProcess>) {
        sim.addInvariant(Invariant(committedOnce) { sim in
            guard let m = sim.node(NodeID(0))?.master else { return nil }
            return commitProblem(m.store)
        })
    }

    /// A partition whose final file was written more than once.
    public static func commitProblem(_ store: MRGlobalStore) -> String? {
        for j in store.commits.keys.sorted() where store.commits[j]! > 1 {
            return "partition r\(j)'s output was committed \(store.commits[j]!) times (the rename must be atomic: the first wins)"
        }
        return nil
    }

    /// Compares a finished job's output with the single-node run: the first
    /// duplicated, missing, extra or wrong key, or nil when they are equal.
    public static func outputProblem(_ store: MRGlobalStore, _ config: MapReduceConfig) -> String? {
        let expected = MRJobFunctions.singleNode(config.job, MRCorpus(config))
        var got: [String: String] = [:]
        for j in store.committed.keys.sorted() {
            for p in store.committed[j]! {
                if let old = got[p.key] { return "key '\(p.key)' appears twice in the output (\(old) and \(p.value), partition r\(j))" }
                got[p.key] = p.value
            }
        }
        for k in expected.keys.sorted() {
            guard let v = got[k] else { return "key '\(k)' is missing from the output (a single-node run gives \(expected[k]!))" }
            if v != expected[k]! { return "key '\(k)' is \(v) in the output but \(expected[k]!) in a single-node run" }
        }
        if let extra = got.keys.sorted().first(where: { expected[$0] == nil }) { return "key '\(extra)' is in the output but not in a single-node run" }
        return nil
    }

    /// An unfinished job that can never finish: a reduce task waits for a
    /// map output on a worker the master declared dead while that map task is
    /// still marked completed (so nobody will run it again).
    public static func stuckProblem(_ master: MapReduceMaster) -> String? {
        guard master.phase == .reduce || master.phase == .map else { return nil }
        for (i, m) in master.maps.enumerated() where m.state == .completed {
            if let w = m.doneAt, master.workers[w]?.dead == true,
               let j = master.reduces.firstIndex(where: { $0.state != .completed }) {
                return "job stuck: map m\(i)'s output is on \(w.mrName), which was declared dead, and m\(i) is not run again; reduce r\(j) can never read it"
            }
        }
        return nil
    }

    /// The whole check on a master's final state.
    public static func check(_ master: MapReduceMaster) -> String? {
        if let p = commitProblem(master.store) { return p }
        if master.phase == .done { return outputProblem(master.store, master.config).map { "output differs from a single-node run: \($0)" } }
        return stuckProblem(master)
    }

    public static func finalCheck(_ run: ClusterRun) -> String? {
        guard let sim = run as? Simulation<MapReduceProcess>, let m = sim.node(NodeID(0))?.master else { return nil }
        return check(m)
    }
}
