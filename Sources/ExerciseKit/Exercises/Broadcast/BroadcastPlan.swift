import ClusterSim

/// The broadcasts a test makes and the faults it injects, drawn from the
/// test's seed: which server gets which value when, and when the network
/// splits and heals. A test plays it step by step, checking after each
/// broadcast that the server acknowledged it (holds the value).
struct BroadcastPlan {
    enum Action { case broadcast(NodeID, Int), fault(ClusterAction) }
    var actions: [(time: Int64, action: Action)] = []
    /// When each value was broadcast.
    var broadcastAt: [Int: Int64] = [:]

    var values: Set<Int> { Set(broadcastAt.keys) }
    var lastBroadcast: Int64 { broadcastAt.values.max() ?? 0 }

    /// `count` broadcasts of distinct values at random servers, spread
    /// uniformly over `0 ..< span` µs (from 1 ms), plus `faults`.
    init(seed: UInt64, servers: Int, count: Int, span: Int64, faults: [(time: Int64, action: ClusterAction)] = []) {
        var random = SeededRandom(seed: seed ^ 0xB40A_DCA5_7000_0001)
        var used: Set<Int> = []
        for _ in 0..<count {
            var v = Int(random.below(1000))
            while used.contains(v) { v = Int(random.below(1000)) }
            used.insert(v)
            let t = random.int(in: 1_000...max(1_000, span))
            let node = NodeID(Int(random.below(UInt64(servers))))
            actions.append((t, .broadcast(node, v)))
            broadcastAt[v] = t
        }
        actions += faults.map { ($0.time, .fault($0.action)) }
        // Stable: at equal times, faults first, then broadcasts in draw order.
        let unsorted = actions
        let key = { (i: Int) -> (Int64, Int, Int) in (unsorted[i].time, unsorted[i].action.isFault ? 0 : 1, i) }
        actions = unsorted.indices.sorted { key($0) < key($1) }.map { unsorted[$0] }
    }

    /// Runs the plan: each action at its time; after each broadcast, the
    /// server must hold the value (a broadcast is acknowledged when its
    /// server holds it, as Maelstrom's `broadcast_ok` says).
    func play<N: BroadcastServer>(_ h: TestHarness<N>) throws {
        for (time, action) in actions {
            try h.run(until: time)
            switch action {
            case .fault(let a):
                h.sim.perform(a, at: VirtualTime(microseconds: time), byLab: true)
            case .broadcast(let node, let v):
                h.sim.perform(.command(node, "broadcast \(v)"), at: VirtualTime(microseconds: time), byLab: true)
                let holds = h.sim.node(node)?.values.contains(v) ?? false
                try h.require("a broadcast is acknowledged",
                              holds ? nil : "\(h.sim.layout.name(node)) was asked to broadcast \(v) and does not hold it")
            }
        }
    }

    /// The values each server still lacks, among those broadcast by now.
    func missing<N: BroadcastServer>(_ sim: Simulation<N>, upTo time: Int64 = .max) -> [(NodeID, [Int])] {
        let due = broadcastAt.filter { $0.value <= time }.keys
        return sim.layout.servers.compactMap { n in
            let held = sim.node(n)?.values ?? []
            let lacks = due.filter { !held.contains($0) }.sorted()
            return lacks.isEmpty ? nil : (n, lacks)
        }
    }

    /// `n3 lacks 7, 12; n4 lacks 7`, at most a few values a node.
    static func describe<N>(_ missing: [(NodeID, [Int])], _ sim: Simulation<N>) -> String {
        missing.map { n, vs in
            "\(sim.layout.name(n)) lacks " + vs.prefix(6).map(String.init).joined(separator: ", ") + (vs.count > 6 ? " (\(vs.count) values)" : "")
        }.joined(separator: "; ")
    }

    /// Messages servers sent in the run so far, and per broadcast.
    func messageText<N>(_ sim: Simulation<N>) -> String {
        let sent = BroadcastPlan.serverSends(sim)
        let per = Double(sent) / Double(max(1, broadcastAt.count))
        return "\(sent) messages for \(broadcastAt.count) broadcasts (\((per * 10).rounded() / 10) per broadcast)"
    }

    static func serverSends<N>(_ sim: Simulation<N>) -> Int {
        let trace = sim.trace
        var sent = 0
        for i in trace.firstEvent..<trace.count {
            let e = trace[i]
            if e.kind == .send, Int(e.node) < sim.layout.serverCount { sent += 1 }
        }
        return sent
    }
}

extension BroadcastPlan.Action {
    var isFault: Bool { if case .fault = self { return true } else { return false } }
}
