import ClusterSim

/// The lock checker: finds two clients whose belief that they held the lock
/// overlapped in time and who both had a write accepted by the storage
/// server while believing so — an effective double write.
///
/// It watches the clients' beliefs (`LockClient.holds`) and the storage
/// server's accepted writes after every step, so it is independent of the
/// fencing that should prevent what it looks for.
public final class LockSafetyMonitor {
    struct Holding {
        var client: NodeID
        var token: Int
        var start: Int64
        var end: Int64?
        var wroteAt: Int64?
    }

    private var open: [NodeID: Holding] = [:]
    private var closed: [Holding] = []
    private var seenWrites = 0
    private var lastStep: Int64 = -1
    public private(set) var violation: String?

    public init() {}

    public func observe(_ sim: Simulation<EtcdProcess>) -> String? {
        if sim.stepCount < lastStep { reset() }
        lastStep = sim.stepCount
        if violation != nil { return violation }
        let now = sim.now.microseconds
        let names = sim.layout
        for c in sim.layout.clients {
            let l = sim.node(c)?.locker
            let believes = l?.holds == true
            if var h = open[c], !believes || l?.token != h.token {
                h.end = now; closed.append(h); open[c] = nil
            }
            if believes, open[c] == nil, let t = l?.token { open[c] = Holding(client: c, token: t, start: now) }
        }
        guard let storage = sim.layout.servers.lazy.compactMap({ sim.node($0)?.storage }).first else { return nil }
        while seenWrites < storage.writes.count {
            let w = storage.writes[seenWrites]; seenWrites += 1
            guard w.accepted else { continue }
            // The writer's holding with this token: open, or just closed.
            if open[w.client]?.token == w.token { open[w.client]!.wroteAt = now } else if
                let i = closed.lastIndex(where: { $0.client == w.client && $0.token == w.token }) { closed[i].wroteAt = now } else { continue }
            let mine = open[w.client]?.token == w.token ? open[w.client]! : closed.last { $0.client == w.client && $0.token == w.token }!
            for other in Array(open.values) + closed where other.client != w.client && other.wroteAt != nil {
                if other.start <= (mine.end ?? now) && mine.start <= (other.end ?? now) {
                    violation = "\(names.name(other.client)) (token \(other.token), believed it held the lock from "
                        + "\(DurationText.format(other.start))) and \(names.name(w.client)) (token \(w.token), from "
                        + "\(DurationText.format(mine.start))) both believed they held it at once, and storage accepted a write from each"
                    return violation
                }
            }
        }
        return nil
    }

    private func reset() { open = [:]; closed = []; seenWrites = 0; violation = nil }
}

/// The watch checker: each watcher has received exactly the events after its
/// start revision, in order, with none missing and none repeated — a prefix
/// of the committed history as the most advanced member has applied it.
public enum WatchCheck {
    public static func problem(_ sim: Simulation<EtcdProcess>) -> String? {
        let members = sim.layout.servers.compactMap { sim.node($0)?.member }
        guard let store = members.max(by: { $0.store.revision < $1.store.revision })?.store else { return nil }
        for c in sim.layout.clients {
            guard let w = sim.node(c)?.watcher else { continue }
            let expected = store.events(after: w.from, key: "", prefix: true)
            let got = w.received
            // A member that restarted may not have re-applied as far as the watcher has seen.
            if let last = got.last, last.revision > store.revision { continue }
            for (i, e) in got.enumerated() where i >= expected.count || expected[i] != e {
                let want = i < expected.count ? expected[i].description : "nothing more"
                return "\(sim.layout.name(c))'s watch event \(i + 1) is \(e), but the history after revision \(w.from) has \(want) there"
                    + (got[..<i].contains(e) ? " (a duplicate)" : "")
            }
        }
        return nil
    }
}

/// Installs the checks of an etcd run as invariants checked after every
/// step: Raft's four safety properties on the members, the watch checker,
/// and (when asked) the lock checker.
public enum EtcdInvariants {
    @discardableResult
    public static func install(on sim: Simulation<EtcdProcess>, lockCheck: Bool) -> LockSafetyMonitor {
        RaftInvariants.install(on: sim) { sim in sim.layout.servers.map { sim.node($0)?.member?.raft } }
        sim.addInvariant(Invariant("watch delivery", check: WatchCheck.problem))
        let locks = LockSafetyMonitor()
        if lockCheck { sim.addInvariant(Invariant("lock safety") { locks.observe($0) }) }
        return locks
    }
}
