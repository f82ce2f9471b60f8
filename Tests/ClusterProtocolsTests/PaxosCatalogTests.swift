import Testing
import ClusterSim
import ClusterProtocols

/// `protocol: paxos` as scenario files write it.
@Suite struct PaxosCatalogTests {
    static func run(_ text: String) throws -> ClusterRun {
        try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)))
    }

    /// With `acceptors: 3`, n4 and n5 only propose and learn; a quorum is 2 of the 3 acceptors.
    @Test func serversBeyondTheAcceptorsProposeAndLearn() throws {
        let run = try Self.run("protocol: paxos\nnodes: 5\nparameters: {acceptors: 3}\n")
        run.perform(.command(NodeID(4), "propose pear"), at: nil)
        run.run(until: VirtualTime(microseconds: 500_000))
        #expect(run.violation == nil)
        for n in 0..<5 {
            #expect(run.summary(of: NodeID(n))?.fields.first { $0.name == "chosen" }?.value == "pear", "n\(n + 1)")
        }
        let sim = try #require(run as? Simulation<PaxosNode>)
        #expect(sim.node(NodeID(3))?.accepted == nil && sim.node(NodeID(4))?.promised == nil, "n4 and n5 are not acceptors")
        #expect(sim.node(NodeID(0))?.accepted?.value == "pear")
    }

    @Test func badSettingsSayWhere() {
        #expect(throws: SourceError.self) { try Self.run("protocol: paxos\nclients: 1\n") }
        do {
            _ = try Self.run("protocol: paxos\nnodes: 3\nparameters: {mutant: forget-everything}\n")
            Issue.record("an unknown mutant was accepted")
        } catch let e as SourceError {
            #expect(e.line == 3 && e.description.contains("forget-promise-after-crash"), "\(e)")
        } catch { Issue.record("\(error)") }
        #expect(throws: SourceError.self) { try Self.run("protocol: paxos\nnodes: 3\nparameters: {acceptors: 4}\n") }
    }
}
