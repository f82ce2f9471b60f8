import Testing
import ClusterSim
import ClusterProtocols
@testable import LabKit

/// `txn_anomaly`, `txn_anomalies`, `txns_committed`, `txns_failed`: the
/// transaction checker's verdict on a live run, true where the history has
/// the anomaly and false where it has not.
@Suite struct TransactionPredicateTests {
    static func world(_ level: String, _ kind: String) throws -> LabWorld {
        let text = "protocol: txnkv\nnodes: 1\nclients: 2\nseed: 3\nparameters: {isolation: \(level)}\nworkload: {kind: \(kind), txns: 40, think: 2ms}\n"
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: text)))
        run.run(until: .seconds(2))
        return LabWorld(run: run)
    }

    static func value(_ t: String, _ world: LabWorld) throws -> PredicateValue {
        Predicate(text: t, expr: try PredicateParser.parse(t)).value(in: world)
    }

    @Test func snapshotDoctorsShowWriteSkewAndSerializableOnesDoNot() throws {
        let si = try Self.world("snapshot", "doctors")
        #expect(try Self.value("txn_anomaly('G2-item')", si) == .bool(true))
        #expect(try Self.value("txn_anomaly('lost-update')", si) == .bool(false))
        #expect(try Self.value("txn_anomalies() > 0 && txns_committed() > 0", si) == .bool(true))
        #expect(try Self.value("txn_anomaly('no-such-anomaly')", si) == .none, "an unknown name has no value")
        let serializable = try Self.world("serializable", "doctors")
        #expect(try Self.value("txn_anomalies() == 0 && !txn_anomaly('G2-item')", serializable) == .bool(true))
        #expect(try Self.value("txns_failed() > 0", serializable) == .bool(true), "deadlock victims")
    }

    @Test func theFunctionsTypeCheck() throws {
        let layout = ClusterLayout(servers: 1, clients: 2)
        try PredicateEvaluator.checkCondition(try PredicateParser.parse("txn_anomaly('G-single')"), layout: layout, fields: [])
        try PredicateEvaluator.checkNumber(try PredicateParser.parse("txn_anomalies() + txns_failed()"), layout: layout, fields: [])
        #expect(throws: PredicateError.self) {
            try PredicateEvaluator.checkCondition(try PredicateParser.parse("txn_anomaly()"), layout: layout, fields: [])
        }
    }
}
