import ClusterSim

/// The engine's own record of a run's causality, event by event, set
/// against a student's stamps: the k-th clock-ticking event of node n in the
/// trace is the k-th entry of n's `stamps`.
struct CausalRecord {
    struct Event {
        var node: NodeID
        /// Its position among the node's events (its index in `stamps`).
        var number: Int
        /// The trace event it is.
        var traceIndex: Int
        /// The vector clock the engine stamped on it.
        var clock: [Int]
    }
    var events: [Event] = []

    /// Every clock-ticking event of the run so far, with the engine's vectors.
    init<N>(_ sim: Simulation<N>) {
        var counts = Array(repeating: 0, count: sim.layout.count)
        VectorClockIndex.forEach(in: sim.trace, processes: sim.layout.count) { i, vector in
            let n = Int(sim.trace.events[i].node)
            events.append(Event(node: NodeID(n), number: counts[n], traceIndex: i, clock: vector.map { Int($0) }))
            counts[n] += 1
        }
    }

    /// The first event whose student stamp differs from the engine's (or is
    /// missing), described, with its trace event; nil when every stamp matches.
    func firstMismatch<N: VectorClockNode>(_ sim: Simulation<N>) -> (String, event: Int)? {
        let stamps: [[[Int]]] = sim.layout.all.map { sim.node($0)?.stamps ?? [] }
        for e in events {
            let own = stamps[e.node.index]
            let name = sim.layout.name(e.node)
            guard e.number < own.count else {
                return ("\(name) has \(own.count) stamps, but event \(e.number + 1) of \(name) is "
                    + "\(sim.describe(event: e.traceIndex)) (every start, timer, receive and send is an event)", e.traceIndex)
            }
            if own[e.number] != e.clock {
                return ("\(name)'s event \(e.number + 1) (\(sim.describe(event: e.traceIndex))) is stamped "
                    + "\(text(own[e.number])), but its causal history is \(text(e.clock))", e.traceIndex)
            }
        }
        for n in sim.layout.all {
            let count = events.filter { $0.node == n }.count
            if stamps[n.index].count > count {
                return ("\(sim.layout.name(n)) has \(stamps[n.index].count) stamps for \(count) events", sim.trace.count - 1)
            }
        }
        return nil
    }

    /// The engine's relation of two events.
    static func order(_ a: [Int], _ b: [Int]) -> CausalOrder {
        if a == b { return .same }
        let va = VectorClock(a.map { Int32($0) }), vb = VectorClock(b.map { Int32($0) })
        if va < vb { return .before }
        if vb < va { return .after }
        return .concurrent
    }

    /// Up to `count` pairs of distinct events the engine relates by one of
    /// `wanted`, drawn at random from the run.
    func samplePairs(seed: UInt64, count: Int, wanted: Set<CausalOrder>) -> [(Event, Event)] {
        guard events.count > 1 else { return [] }
        var random = SeededRandom(seed: seed ^ 0x5EC7_0C10_C500_0002)
        var pairs: [(Event, Event)] = []
        var tries = 0
        while pairs.count < count && tries < 50 * count {
            tries += 1
            let a = events[Int(random.below(UInt64(events.count)))]
            let b = events[Int(random.below(UInt64(events.count)))]
            if a.traceIndex != b.traceIndex, wanted.contains(CausalRecord.order(a.clock, b.clock)) { pairs.append((a, b)) }
        }
        return pairs
    }

    func text(_ v: [Int]) -> String { "[" + v.map(String.init).joined(separator: ",") + "]" }
}
