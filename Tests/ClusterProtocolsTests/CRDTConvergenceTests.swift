import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// The `crdt` protocol under partitions and loss: replicas updated on both
/// sides of a split diverge, and once the network heals gossip brings every
/// replica to the same state, with no increment lost.
@Suite struct CRDTConvergenceTests {
    /// Random updates typed at random servers over the first 600ms, a random
    /// split from 100ms to 500ms, 10% loss; returns the run and the counter's expected value.
    static func run(seed: UInt64) -> (Simulation<CRDTNode>, expected: Int64) {
        var rng = SeededRandom(seed: seed ^ 0xC4D7)
        let servers = 3 + Int(rng.below(3))
        var script: [(time: Int64, action: ClusterAction)] = []
        var expected: Int64 = 0
        for i in 0..<30 {
            let at = Int64(i) * 20_000 + Int64(rng.below(20_000))
            let node = NodeID(Int(rng.below(UInt64(servers))))
            let n = Int64(rng.below(5))
            let word = ["x", "y", "z"][Int(rng.below(3))]
            let command: String
            switch rng.below(5) {
            case 0: command = "inc \(n)"; expected += n
            case 1: command = "dec \(n)"; expected -= n
            case 2: command = "add \(word)"
            case 3: command = "remove \(word)"
            default: command = "set \(word)\(i)"
            }
            script.append((at, .command(node, command)))
        }
        var side: [NodeID] = [], other: [NodeID] = []
        for s in 0..<servers { if rng.chance(0.5) { side.append(NodeID(s)) } else { other.append(NodeID(s)) } }
        script.append((100_000, .partition([side, other].filter { !$0.isEmpty })))
        script.append((500_000, .heal))
        script.sort { $0.time < $1.time }
        let sim = Simulation<CRDTNode>(layout: ClusterLayout(servers: servers), config: .init(fanout: 1, interval: 20_000),
                                       seed: seed, network: LinkSettings(latency: .uniform(min: 1_000, max: 15_000), loss: 0.1),
                                       script: script)
        return (sim, expected)
    }

    @Test(arguments: TestSeeds.sweep(50))
    func replicasConvergeOnceThePartitionHeals(seed: UInt64) {
        let (sim, _) = Self.run(seed: seed)
        sim.run(until: .ms(2_000))
        #expect(CRDTConvergence.check(sim) == nil, "seed \(seed): \(CRDTConvergence.check(sim) ?? "")")
    }

    @Test(arguments: TestSeeds.sweep(50))
    func theCounterNeverLosesAnIncrement(seed: UInt64) {
        let (sim, expected) = Self.run(seed: seed)
        sim.run(until: .ms(2_000))
        for s in sim.layout.servers {
            let value = sim.node(s)?.state.counter.value
            #expect(value == expected, "seed \(seed): \(sim.layout.name(s)) counts \(value.map(String.init) ?? "nothing"), updates sum to \(expected)")
        }
    }

    @Test func replicasDivergeDuringAPartition() {
        let sim = Simulation<CRDTNode>(layout: ClusterLayout(servers: 3), config: .init(fanout: 1, interval: 20_000), seed: 7,
                                       network: LinkSettings(latency: .constant(5_000)),
                                       script: [(0, .partition([[NodeID(0)], [NodeID(1), NodeID(2)]])),
                                                (10_000, .command(NodeID(0), "inc 2")),
                                                (10_000, .command(NodeID(1), "add x"))])
        sim.run(until: .ms(300))
        #expect(sim.node(NodeID(0))?.state.counter.value == 2)
        #expect(sim.node(NodeID(2))?.state.set.elements == ["x"])
        #expect(sim.node(NodeID(0))?.state.set.elements == [])
        #expect(CRDTConvergence.check(sim) != nil)
        sim.perform(.heal)
        sim.run(until: .ms(800))
        #expect(CRDTConvergence.check(sim) == nil)
        #expect(sim.node(NodeID(2))?.state.counter.value == 2)
    }

    @Test func aCrashedReplicaKeepsWhatItPersisted() {
        let sim = Simulation<CRDTNode>(layout: ClusterLayout(servers: 2), config: .init(), seed: 3,
                                       network: LinkSettings(latency: .constant(5_000)),
                                       script: [(0, .partition([[NodeID(0)], [NodeID(1)]])),
                                                (1_000, .command(NodeID(0), "inc 4")),
                                                (2_000, .crash(NodeID(0))), (3_000, .restart(NodeID(0)))])
        sim.run(until: .ms(10))
        #expect(sim.node(NodeID(0))?.state.counter.value == 4)
    }

    @Test func theCatalogReadsCRDTParametersStrictly() throws {
        let ok = try ProtocolCatalog.scenario(SourceText(name: "t", text: "protocol: crdt\nnodes: 3\nparameters: {fanout: 2, interval: 50ms}\n"))
        let run = try ProtocolCatalog.makeRun(ok)
        #expect(run.protocolName == "crdt")
        let bad = try ProtocolCatalog.scenario(SourceText(name: "t", text: "protocol: crdt\nnodes: 3\nparameters: {fanout: 2, speed: 3}\n"))
        #expect(throws: SourceError.self) { try ProtocolCatalog.makeRun(bad) }
    }

    @Test func unknownCommandsAreLoggedWithHelp() {
        var node = CRDTNode(id: NodeID(0), layout: ClusterLayout(servers: 2), config: .init(), durable: nil)
        var context = NodeContext<CRDTNode>(id: NodeID(0), layout: ClusterLayout(servers: 2))
        node.command("inc -3", &context)
        node.command("frobnicate", &context)
        node.command("add x", &context)
        #expect(context.logLines.count == 3)
        #expect(context.logLines[1].contains(CRDTNode.commandHelp))
        #expect(node.state.set.elements == ["x"] && node.state.counter.value == 0)
        #expect(context.persisted?.set.elements == ["x"])
    }
}
