import Testing
import ClusterSim
import ClusterProtocols
@testable import LabKit

/// `field_number(n, 'name')`: a field's leading number, for fields that
/// carry a unit (`1234us`) or more text (`3 in flight, q 0`).
@Suite struct FieldNumberPredicateTests {
    @Test func leadingNumbersOfFieldTexts() {
        let cases: [(PredicateValue, PredicateValue)] = [
            (.string("1234us"), .number(1234)), (.string("93%"), .number(93)), (.string("3 in flight, q 0"), .number(3)),
            (.string("-2.5ms"), .number(-2.5)), (.number(7), .number(7)),
            (.string("down"), .none), (.string("half-open"), .none), (.none, .none), (.bool(true), .none),
        ]
        for (input, want) in cases { #expect(PredicateEvaluator.leadingNumber(input) == want, "\(input)") }
    }

    @Test func aBalancerRunsFieldsReadAsNumbersAndComparisonsCanFail() throws {
        let text = "protocol: balancer\nnodes: 4\nclients: 4\nparameters: {slow: 1}\nworkload: {requests: 0}\n"
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: text)))
        run.run(until: .ms(500))
        let world = LabWorld(run: run)
        let p = { (t: String) in Predicate(text: t, expr: try PredicateParser.parse(t)).value(in: world) }
        let p99 = try p("field_number(n1, 'p99')")
        guard case .number(let v) = p99 else { Issue.record("p99 is \(p99)"); return }
        // Read into locals: inside #expect the summary temporary did not outlive first(where:).
        let summary = run.summary(of: NodeID(0))
        let shown = summary?.fields.first { $0.name == "p99" }?.value
        #expect(v > 0)
        #expect(shown == "\(Int(v))us")
        #expect(try p("field_number(n1, 'p99') > 0") == .bool(true))
        #expect(try p("field_number(n1, 'p99') < 0") == .bool(false))
        #expect(try p("field_number(n1, 'n2') >= 0") == .bool(true))       // "2 in flight, q 1"
        run.perform(.crash(NodeID(1)), at: nil)
        run.run(until: .ms(700))
        #expect(try p("field_number(n1, 'n2') >= 0") == .bool(false))      // "down": no number
        #expect(try p("field(n1, 'n2') == 'down'") == .bool(true))
        // Type checking: a number, usable in comparisons; wrong arguments are errors.
        try PredicateEvaluator.checkCondition(try PredicateParser.parse("field_number(n1, 'p99') < 60000"),
                                              layout: run.layout, fields: [])
        #expect(throws: (any Error).self) {
            try PredicateEvaluator.checkCondition(try PredicateParser.parse("field_number('p99') < 1"), layout: run.layout, fields: [])
        }
    }
}
