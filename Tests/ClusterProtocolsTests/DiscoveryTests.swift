import Testing
import ClusterSim
@testable import ClusterProtocols
import TestSupport

/// `protocol: consul`: three servers (n1–n3) holding the catalog in Raft,
/// three agents (n4–n6) running `web`, one balancer (c1).
enum DiscoveryRuns {
    static func sim(seed: UInt64, _ tweak: (inout DiscoveryConfig) -> Void = { _ in }) -> Simulation<DiscoveryProcess> {
        var config = DiscoveryConfig()
        tweak(&config)
        let sim = Simulation<DiscoveryProcess>(layout: ClusterLayout(servers: 6, clients: 1), config: config, seed: seed)
        DiscoveryInvariants.install(on: sim)
        return sim
    }

    static func at(_ sim: Simulation<DiscoveryProcess>, _ seconds: Double) {
        _ = sim.run(until: VirtualTime(microseconds: Int64(seconds * 1_000_000)))
    }

    static func balancer(_ sim: Simulation<DiscoveryProcess>) -> CatalogBalancer { sim.node(NodeID(6))!.balancer! }
    static func backends(_ sim: Simulation<DiscoveryProcess>) -> [Int] { balancer(sim).backends.map { $0.node.index + 1 } }
    static func sent(_ sim: Simulation<DiscoveryProcess>, to n: Int) -> Int { balancer(sim).counts[NodeID(n - 1)]?.sent ?? 0 }
    static func status(_ sim: Simulation<DiscoveryProcess>, server: Int, check: String, node: String) -> HealthStatus? {
        sim.node(NodeID(server - 1))?.server?.catalog.status(of: check, on: node)
    }
}

@Test func agentsRegisterTheirServicesAndTheBalancerFindsThem() {
    let sim = DiscoveryRuns.sim(seed: 1)
    DiscoveryRuns.at(sim, 2)
    #expect(sim.violation == nil, "\(sim.violation!)")
    #expect(DiscoveryRuns.backends(sim) == [4, 5, 6])
    #expect(DiscoveryInvariants.catalogDifferences(of: sim).isEmpty)
    for n in 4...6 { #expect(DiscoveryRuns.sent(sim, to: n) > 20) }
}

@Test(arguments: TestSeeds.sweep(5))
func aFailingCheckTakesTheInstanceOutOfLookupsAndItsRecoveryBringsItBack(seed: UInt64) {
    let sim = DiscoveryRuns.sim(seed: seed)
    DiscoveryRuns.at(sim, 2)
    sim.perform(.command(NodeID(3), "check web critical"))
    DiscoveryRuns.at(sim, 3)
    #expect(sim.violation == nil, "seed \(seed): \(String(describing: sim.violation))")
    #expect(DiscoveryRuns.backends(sim) == [5, 6], "seed \(seed)")
    for s in 1...3 { #expect(DiscoveryRuns.status(sim, server: s, check: "service:web", node: "n4") == .critical, "seed \(seed)") }
    let sentToN4 = DiscoveryRuns.sent(sim, to: 4)
    DiscoveryRuns.at(sim, 4)
    #expect(DiscoveryRuns.sent(sim, to: 4) == sentToN4, "seed \(seed): traffic still reaches n4")
    sim.perform(.command(NodeID(3), "check web passing"))
    DiscoveryRuns.at(sim, 5)
    #expect(DiscoveryRuns.backends(sim) == [4, 5, 6], "seed \(seed)")
    #expect(DiscoveryRuns.sent(sim, to: 4) > sentToN4 + 20, "seed \(seed): traffic did not return")
    #expect(sim.violation == nil, "seed \(seed): \(String(describing: sim.violation))")
}

@Test func aWarningInstanceIsStillReturnedUnlessOnlyPassing() {
    for onlyPassing in [false, true] {
        let sim = DiscoveryRuns.sim(seed: 2) { $0.onlyPassing = onlyPassing }
        DiscoveryRuns.at(sim, 2)
        sim.perform(.command(NodeID(4), "check web warning"))
        DiscoveryRuns.at(sim, 3)
        #expect(DiscoveryRuns.backends(sim) == (onlyPassing ? [4, 6] : [4, 5, 6]), "only_passing \(onlyPassing)")
    }
}

@Test(arguments: TestSeeds.sweep(3))
func aCrashedAgentsSerfHealthGoesCriticalAndPassesAgainAfterItRestarts(seed: UInt64) {
    let sim = DiscoveryRuns.sim(seed: seed)
    DiscoveryRuns.at(sim, 2)
    sim.perform(.crash(NodeID(4)))
    DiscoveryRuns.at(sim, 5)
    #expect(DiscoveryRuns.backends(sim) == [4, 6], "seed \(seed)")
    #expect(DiscoveryRuns.status(sim, server: 1, check: "serfHealth", node: "n5") == .critical, "seed \(seed)")
    sim.perform(.restart(NodeID(4)))
    DiscoveryRuns.at(sim, 9)
    #expect(DiscoveryRuns.status(sim, server: 1, check: "serfHealth", node: "n5") == .passing, "seed \(seed)")
    #expect(DiscoveryRuns.backends(sim) == [4, 5, 6], "seed \(seed)")
    #expect(sim.violation == nil, "seed \(seed): \(String(describing: sim.violation))")
}

/// n4 is cut off from every server while its service fails and it registers
/// another; its pushes fail. After the heal, the periodic full sync repairs
/// the catalog — and without it (the `no-anti-entropy` mutant) it never does.
func partitionedChange(seed: UInt64, _ mutations: Set<DiscoveryMutation> = []) -> [String] {
    let sim = DiscoveryRuns.sim(seed: seed) { $0.mutations = mutations }
    DiscoveryRuns.at(sim, 2)
    sim.perform(.partition([[NodeID(3)]]))
    sim.perform(.command(NodeID(3), "check web critical"))
    sim.perform(.command(NodeID(3), "register api 9090 v2"))
    DiscoveryRuns.at(sim, 3)
    sim.perform(.heal)
    DiscoveryRuns.at(sim, 9)
    return DiscoveryInvariants.catalogDifferences(of: sim)
}

@Test(arguments: TestSeeds.sweep(5))
func theCatalogConvergesToTheAgentsAfterAPartitionHeals(seed: UInt64) {
    let differences = partitionedChange(seed: seed)
    #expect(differences.isEmpty, "seed \(seed): \(differences)")
}

@Test func withoutAntiEntropyTheConvergenceCheckFails() {
    let differences = partitionedChange(seed: 1, [.noAntiEntropy])
    #expect(!differences.isEmpty, "the no-anti-entropy mutant converged: the check cannot fail")
}

/// A service registered at run time is pushed at once (its check too); an
/// agent that restarts has forgotten it, and its full sync removes it from
/// the catalog — the agent's state is authoritative.
@Test func aRestartedAgentsFullSyncRemovesWhatItNoLongerHas() {
    let sim = DiscoveryRuns.sim(seed: 3)
    DiscoveryRuns.at(sim, 2)
    sim.perform(.command(NodeID(5), "register old 1234 a,b"))
    DiscoveryRuns.at(sim, 2.2)
    for s in 1...3 {
        #expect(DiscoveryRuns.status(sim, server: s, check: "service:old", node: "n6") == .passing)
        #expect(sim.node(NodeID(s - 1))!.server!.catalog.entries["tag/n6/old/b"] == 1)
    }
    sim.perform(.crash(NodeID(5)))
    sim.perform(.restart(NodeID(5)))
    DiscoveryRuns.at(sim, 6)
    for s in 1...3 {
        #expect(sim.node(NodeID(s - 1))!.server!.catalog.entries(of: "n6").keys.filter { $0.contains("old") }.isEmpty)
    }
    #expect(DiscoveryInvariants.catalogDifferences(of: sim).isEmpty)
}

@Test func theLookupCheckerCatchesLookupsThatIgnoreHealth() {
    let sim = DiscoveryRuns.sim(seed: 1) { $0.mutations = [.lookupIgnoresHealth] }
    DiscoveryRuns.at(sim, 2)
    #expect(sim.violation == nil)
    sim.perform(.command(NodeID(3), "check web critical"))
    DiscoveryRuns.at(sim, 4)
    #expect(sim.violation?.invariant == DiscoveryInvariants.healthyLookups, "\(String(describing: sim.violation))")
}

/// The catalog's Raft is Raft's own code, checked by Raft's own monitor.
@Test func theEmbeddedRaftIsCheckedByRaftsOwnMonitor() {
    let caught = TestSeeds.sweep(20).first { seed in
        let s = DiscoveryRuns.sim(seed: seed) { $0.raft.mutations = [.voteTwiceInOneTerm]; $0.raft.electionJitter = 1_000 }
        DiscoveryRuns.at(s, 5)
        return s.violation?.invariant == RaftProperty.electionSafety.rawValue
    }
    #expect(caught != nil, "a double vote in the catalog's Raft was never caught")
}

@Test func theCatalogsLookupLeavesOutCriticalInstancesAndANodeCheckCountsForEveryService() {
    let c = ServiceCatalog([
        "svc/n4/web": 80, "chk/n4/service:web": 0,
        "svc/n5/web": 80, "chk/n5/service:web": 1,
        "svc/n6/web": 80, "chk/n6/service:web": 2,
        "svc/n7/web": 80, "chk/n7/service:web": 0, "chk/n7/serfHealth": 2,
        "svc/n8/web": 80, "tag/n8/web/v2": 1, "tag/n8/web/old": ServiceCatalog.removed,
        "svc/n9/web": ServiceCatalog.removed,
    ])
    let node = { (name: String) in Int(name.dropFirst()).map { NodeID($0 - 1) } }
    #expect(c.lookup("web", onlyPassing: false, nodeNamed: node).map(\.node.index) == [3, 4, 7])
    #expect(c.lookup("web", onlyPassing: true, nodeNamed: node).map(\.node.index) == [3, 7])
    #expect(c.instances(of: "web", nodeNamed: node).first { $0.node.index == 7 }?.tags == ["v2"])
    #expect(c.serviceCount == 5)
    #expect(c.entries(of: "n7").count == 3)
}

@Test func badSettingsAreReportedWhereTheyAre() throws {
    for (text, expected) in [("nodes: 4\nparameters: {consul_servers: 4}", "3:30"),
                             ("nodes: 4\nparameters: {service: \"a/b\"}", "3:23")] {
        let source = SourceText(name: "s.yaml", text: "protocol: consul\n" + text + "\n")
        #expect(throws: SourceError.self) { try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(source)) }
        do { _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(source)) } catch let e as SourceError {
            #expect("\(e.line):\(e.column)" == expected, "\(e)")
        }
    }
}
