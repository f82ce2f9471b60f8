import Testing
import ClusterSim
import ClusterProtocols
@testable import LabKit

/// `records_processed_twice` and `records_never_processed`: the delivery
/// checker's counts on a live `kafka-groups` run, per partition or in all,
/// and refused where they would run after every event.
@Suite struct ConsumerGroupPredicateTests {
    static func world(_ commit: String) throws -> LabWorld {
        let text = "protocol: kafka-groups\nnodes: 3\nclients: 2\nseed: 1\nparameters: {partitions: 4, prefill: 30, commit: \(commit)}\n"
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: text)))
        let sim = try #require(run as? Simulation<KafkaGroupProcess>)
        var t: Int64 = 200_000
        while t < 3_000_000, (sim.node(NodeID(3))?.consumer?.batch?.done ?? 0) < 2 { t += 5_000; run.run(until: VirtualTime(microseconds: t)) }
        run.perform(.crash(NodeID(3)), at: nil)
        run.run(until: .seconds(6))
        return LabWorld(run: run)
    }

    static func value(_ t: String, _ world: LabWorld) throws -> PredicateValue {
        Predicate(text: t, expr: try PredicateParser.parse(t)).value(in: world)
    }

    @Test func afterProcessingDuplicatesAndBeforeProcessingLoses() throws {
        let least = try Self.world("after-processing")
        #expect(try Self.value("records_processed_twice()", least) == .number(2))
        #expect(try Self.value("records_never_processed()", least) == .number(0))
        #expect(try Self.value("records_processed_twice('t0p3')", least) == .number(0))
        #expect(try Self.value("records_processed_twice('nonsense')", least) == .none)
        let most = try Self.world("before-processing")
        #expect(try Self.value("records_never_processed()", most) == .number(3))
        #expect(try Self.value("records_processed_twice()", most) == .number(0))
    }

    @Test func theyAreRefusedWhereTheyWouldRunAfterEveryEvent() throws {
        let layout = ClusterLayout(servers: 3, clients: 2)
        try PredicateEvaluator.checkNumber(try PredicateParser.parse("records_processed_twice() + records_never_processed('t0p1')"),
                                           layout: layout, fields: [])
        #expect(throws: PredicateError.self) {
            try PredicateEvaluator.checkEveryEvent(try PredicateParser.parse("records_processed_twice() > 0"))
        }
    }
}
