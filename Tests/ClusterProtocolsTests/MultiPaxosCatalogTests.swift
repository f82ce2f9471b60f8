import Testing
import ClusterSim
import ClusterProtocols

/// `protocol: multipaxos` in a scenario: bad parameters are refused at their
/// line and column, a mutant is switched on by name, and a typed `put` is
/// decided and executed by the leader.
@Suite struct MultiPaxosCatalogTests {
    static func scenario(_ extra: String) throws -> Scenario {
        try ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: "protocol: multipaxos\nnodes: 3\nclients: 0\n\(extra)\n"))
    }

    @Test(arguments: [
        ("parameters: {mutant: accept-anything}", 4, 22),
        ("parameters: {heartbeat: 0ms}", 4, 25),
        ("parameters: {catch_up_batch: 0}", 4, 30),
        ("workload: {ops: -1}", 4, 17),
    ])
    func aBadValueIsRefusedAtItsPosition(_ line: String, _ row: Int, _ column: Int) throws {
        let s = try Self.scenario(line)
        do {
            _ = try ProtocolCatalog.makeRun(s)
            Issue.record("accepted \(line)")
        } catch let e as SourceError {
            #expect((e.line, e.column) == (row, column), "\(e)")
        }
    }

    @Test func aPutTypedAtTheLeaderIsExecutedEverywhere() throws {
        let run = try ProtocolCatalog.makeRun(try Self.scenario("seed: 2"))
        _ = run.run(until: .us(1_000_000))
        guard let leader = run.layout.servers.first(where: { run.summary(of: $0)?.role == "leader" }) else {
            Issue.record("no leader after 1s"); return
        }
        run.perform(.command(leader, "put x 7"), at: nil)
        _ = run.run(until: .us(2_000_000))
        for n in run.layout.servers {
            let kv = run.summary(of: n)?.fields.first { $0.name == "kv" }?.value
            #expect(kv == "x=7", "\(n): \(kv ?? "nil")")
        }
    }
}
