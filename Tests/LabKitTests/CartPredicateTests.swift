import Testing
import ClusterSim
import ClusterProtocols
@testable import LabKit

/// The cart predicates (`PredicateEvaluator+Cart`) give what `CartChecker`
/// finds in the live run, and nothing on a run without carts.
@Suite struct CartPredicateTests {
    static func world(_ text: String, seed: UInt64) throws -> LabWorld {
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)), seed: seed)
        run.run(until: VirtualTime(microseconds: 300_000))
        run.perform(.partition([[NodeID(0)], [NodeID(1), NodeID(2)]]), at: nil)
        run.run(until: VirtualTime(microseconds: 1_300_000))
        run.perform(.heal, at: nil)
        run.run(until: VirtualTime(microseconds: 8_000_000))
        return LabWorld(run: run)
    }

    static func value(_ text: String, _ world: LabWorld) throws -> PredicateValue {
        try Predicate(text: text, expr: PredicateParser.parse(text)).value(in: world)
    }

    @Test func theCartPredicatesAreTheCheckersCounts() throws {
        let seed: UInt64 = 2
        let world = try Self.world("""
            protocol: quorum
            nodes: 3
            clients: 2
            network: {latency: {uniform: [1ms, 10ms]}}
            parameters: {replication_factor: 3, read_consistency: one, write_consistency: one, versioning: vector}
            workload: {ops: 40, timeout: 500ms, cart: {carts: 2, items: 6, pause: 20ms}}
            """, seed: seed)
        let report = CartChecker.check(world.run.trace.history)
        #expect(report.count(.resurrected) > 0, "seed \(seed): the merged carts should bring a removed item back")
        #expect(try Self.value("cart_resurrected()", world) == .number(Double(report.count(.resurrected))), "seed \(seed)")
        #expect(try Self.value("cart_lost_adds()", world) == .number(Double(report.count(.lostAdd))), "seed \(seed)")
        #expect(try Self.value("carts_read()", world) == .number(2), "seed \(seed)")
        let ok = try Self.value("cart_ops_ok()", world), failed = try Self.value("cart_ops_failed()", world)
        #expect(ok == .number(Double(report.acknowledged)) && failed == .number(Double(report.failed)), "seed \(seed)")
        #expect(try Self.value("cart_ops_ok(now + 1s)", world) == .number(0), "nothing is invoked in the future")
    }

    @Test func aRunWithoutCartsHasNone() throws {
        let world = try Self.world("protocol: raft\nnodes: 3\nclients: 2\nworkload: {ops: 20}\n", seed: 1)
        for f in ["cart_lost_adds()", "cart_resurrected()", "carts_read()", "cart_ops_ok()", "cart_ops_failed()"] {
            #expect(try Self.value(f, world) == .number(0), "\(f)")
        }
    }
}
