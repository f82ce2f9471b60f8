import ClusterSim

/// What a Consul-style run checks after every event: Raft's four safety
/// properties on the servers (the catalog is a Raft state machine), and
/// that a lookup never returns an instance its server's catalog holds as
/// critical.
public enum DiscoveryInvariants {
    public static let healthyLookups = "lookups return no critical instance"

    /// Installs the invariants; returns the Raft monitor shared by the first four.
    @discardableResult
    public static func install(on sim: Simulation<DiscoveryProcess>) -> RaftSafetyMonitor {
        let monitor = RaftInvariants.install(on: sim, servers: raftServers(of:))
        sim.addInvariant(Invariant(healthyLookups) { sim in
            for node in sim.layout.servers {
                if let s = sim.node(node)?.server, let problem = criticalInLookup(s, layout: sim.layout) { return problem }
            }
            return nil
        })
        return monitor
    }

    /// The Raft servers' states, nil for a crashed one (or an agent).
    public static func raftServers(of sim: Simulation<DiscoveryProcess>) -> [RaftServer?] {
        let n = (0..<sim.layout.serverCount).first { sim.node(NodeID($0))?.agent != nil } ?? sim.layout.serverCount
        return (0..<n).map { sim.node(NodeID($0))?.server?.raft }
    }

    /// The server's latest lookup, if its catalog has not moved since, names
    /// an instance that catalog holds as critical: what is wrong, or nil.
    public static func criticalInLookup(_ s: ConsulServer, layout: ClusterLayout) -> String? {
        guard let l = s.lastLookup, l.appliedIndex == s.raft.lastApplied else { return nil }
        let all = s.catalog.instances(of: l.service, nodeNamed: layout.node(named:))
        for i in l.instances {
            if let held = all.first(where: { $0.node == i.node }), held.status == .critical {
                return "\(layout.name(s.raft.id)) answered lookup \(l.service) with \(layout.name(i.node)),"
                    + " whose checks its catalog holds as critical"
            }
        }
        return nil
    }
}

extension DiscoveryInvariants {
    /// Where the catalog disagrees with the agents: for every running agent
    /// and every running server, the entries the agent's state calls for
    /// that the server's catalog lacks or holds otherwise, and entries it
    /// holds that the agent does not have (`serfHealth` aside: the servers
    /// own it). Empty once anti-entropy has converged.
    public static func catalogDifferences(of sim: Simulation<DiscoveryProcess>) -> [String] {
        var out: [String] = []
        let servers = sim.layout.servers.compactMap { n in sim.node(n)?.server.map { (n, $0) } }
        for n in sim.layout.servers {
            guard let agent = sim.node(n)?.agent else { continue }
            let name = sim.layout.name(n), want = agent.localEntries
            let serf = ServiceCatalog.checkKey(name, ServiceCatalog.serfHealth)
            for (s, server) in servers {
                var held = server.catalog.entries(of: name)
                held[serf] = nil
                for k in Set(want.keys).union(held.keys).sorted() where want[k] != held[k] {
                    out.append("\(sim.layout.name(s)) holds \(k) = \(held[k].map(String.init) ?? "nothing"),"
                               + " \(name) has \(want[k].map(String.init) ?? "nothing")")
                }
            }
        }
        return out
    }
}
