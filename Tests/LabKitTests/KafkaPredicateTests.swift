import Testing
import ClusterSim
import ClusterProtocols
@testable import LabKit

/// `kafka_lost_acked`, `kafka_duplicates`, `kafka_acked`, `kafka_refused`,
/// `kafka_isr`: decided from a live Kafka run, and different where the run differs.
@Suite struct KafkaPredicateTests {
    static func world(_ parameters: String, actions: String) throws -> LabWorld {
        let text = "protocol: kafka\nnodes: 4\nclients: 2\nseed: 3\nparameters: \(parameters)\n"
            + "workload: {records: 100, interval: 10ms, read_every: 300ms}\nactions:\n\(actions)"
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: text)))
        run.run(until: .seconds(3))
        return LabWorld(run: run)
    }

    static func value(_ t: String, _ world: LabWorld) throws -> PredicateValue {
        Predicate(text: t, expr: try PredicateParser.parse(t)).value(in: world)
    }

    static let crashLeader = "  - {at: 400ms, crash: n2}\n  - {at: 1200ms, restart: n2}\n"

    @Test func acksOneLosesWhatAcksAllKeeps() throws {
        let one = try Self.world("{partitions: 1, acks: 1, fetch_min_records: 5}", actions: Self.crashLeader)
        #expect(try Self.value("kafka_lost_acked() > 0 && kafka_acked() > 50", one) == .bool(true))
        #expect(try Self.value("kafka_duplicates() == 0 && kafka_isr('t0-0') == 3", one) == .bool(true))
        let all = try Self.world("{partitions: 1, acks: all, min_insync_replicas: 2, fetch_min_records: 5}", actions: Self.crashLeader)
        #expect(try Self.value("kafka_lost_acked() == 0 && kafka_acked() > 40", all) == .bool(true))
        #expect(try Self.value("kafka_isr('t9-9')", all) == .none, "an unknown partition has no value")
    }

    @Test func aTooSmallISRRefusesAcksAll() throws {
        let w = try Self.world("{partitions: 1, acks: all, min_insync_replicas: 2}",
                               actions: "  - {at: 200ms, crash: n3}\n  - {at: 200ms, crash: n4}\n")
        #expect(try Self.value("kafka_refused() > 0 && kafka_isr('t0-0') == 1", w) == .bool(true))
    }

    @Test func theFunctionsTypeCheck() throws {
        let layout = ClusterLayout(servers: 4, clients: 2)
        try PredicateEvaluator.checkNumber(try PredicateParser.parse("kafka_lost_acked() + kafka_isr('t0-0')"), layout: layout, fields: [])
        #expect(throws: PredicateError.self) {
            try PredicateEvaluator.checkNumber(try PredicateParser.parse("kafka_isr()"), layout: layout, fields: [])
        }
    }
}
