import Testing
import ClusterSim
import ClusterProtocols
@testable import LabKit

/// `has_item`, `item_count`, `state_changes`, `keys_moved` and `keys_owned`:
/// what the membership and sharding labs check.
@Suite struct ListAndPlacementPredicateTests {
    func value(_ text: String, _ world: LabWorld) throws -> PredicateValue {
        Predicate(text: text, expr: try PredicateParser.parse(text)).value(in: world)
    }

    func checkError(_ text: String, layout: ClusterLayout = ClusterLayout(servers: 5)) -> PredicateError? {
        do {
            try PredicateEvaluator.checkNumber(try PredicateParser.parse(text), layout: layout, fields: [])
            return nil
        } catch let e as PredicateError { return e } catch { return nil }
    }

    @Test func itemsSplitAtSpacesAndCommasAndIgnoreDashesAndBraces() {
        #expect(PredicateEvaluator.items(of: "n2 n4") == ["n2", "n4"])
        #expect(PredicateEvaluator.items(of: "{apple,pear}") == ["apple", "pear"])
        #expect(PredicateEvaluator.items(of: "-").isEmpty)
        #expect(PredicateEvaluator.items(of: "{}").isEmpty)
    }

    /// A paused node is suspected by the others (heartbeat), then cleared when it resumes:
    /// the field shows it only while it lasts, the trace keeps it.
    @Test func suspicionsShowInTheFieldAndStayInTheTrace() throws {
        let run = try ProtocolCatalog.sandbox("membership", servers: 4)
        let world = LabWorld(run: run)
        run.run(until: .ms(500))
        #expect(try value("any(has_item(suspected, 'n4'))", world) == .bool(false))
        #expect(try value("state_changes('n4 suspected')", world) == .number(0))
        run.perform(.pause(NodeID(3)), at: nil)
        run.run(until: .ms(1500))
        #expect(try value("count(has_item(suspected, 'n4')) == 3", world) == .bool(true))
        #expect(try value("item_count(field(n1, 'suspected')) >= 1", world) == .bool(true))
        #expect(try value("has_item(field(n1, 'suspected'), 'n3')", world) == .bool(false))
        #expect(try value("state_changes('n4 suspected') >= 3 && state_changes() >= 3", world) == .bool(true))
        run.perform(.resume(NodeID(3)), at: nil)
        run.run(until: .ms(2500))
        #expect(try value("any(has_item(suspected, 'n4'))", world) == .bool(false), "cleared once n4 is heard again")
        #expect(try value("state_changes('n4 suspected') >= 3", world) == .bool(true), "the trace remembers")
        #expect(try value("state_changes('n4 suspected', now - 2s) >= 3", world) == .bool(true), "since 0.5 s")
        #expect(try value("state_changes('n4 suspected', now - 500ms)", world) == .number(0), "not in the last 0.5 s")
        #expect(try value("state_changes('n4 alive', now - 1s) >= 3", world) == .bool(true))
        #expect(try value("item_count(field(n1, 'suspected'))", world) == .number(0))
    }

    /// The numbers come from the real placement code: crashing a server under
    /// hash mod N moves most keys; on a ring only the crashed server's keys.
    @Test func keysMovedAndOwnedFollowTheRunningServers() throws {
        let run = try ProtocolCatalog.sandbox("membership", servers: 5)
        let world = LabWorld(run: run)
        let keys = PlacementAnalysis.keys(1000)
        #expect(try value("keys_moved('mod', 1000)", world) == .number(0), "nothing moves while every server runs")
        let all = NodeNames.standard(5)
        let ring = HashRing(nodes: all, virtualNodes: 64)
        let n3Keys = keys.filter { ring.node(forKey: $0) == "n3" }.count
        #expect(try value("keys_owned(n3, 'ring:64', 1000)", world) == .number(Double(n3Keys)))
        run.perform(.crash(NodeID(2)), at: nil)
        let without = ["n1", "n2", "n4", "n5"]
        #expect(try value("keys_moved('ring:64', 1000)", world) == .number(Double(n3Keys)), "exactly n3's keys move")
        let modMoved = keys.filter { ModuloHashing(nodes: all).node(forKey: $0) != ModuloHashing(nodes: without).node(forKey: $0) }.count
        #expect(modMoved > 600)
        #expect(try value("keys_moved('mod', 1000)", world) == .number(Double(modMoved)))
        #expect(try value("keys_owned(n3, 'mod', 1000)", world) == .number(0), "a crashed server owns nothing")
        #expect(try value("keys_owned(n1, 'rendezvous', 1000) + keys_owned(n2, 'rendezvous', 1000) + keys_owned(n4, 'rendezvous', 1000) + keys_owned(n5, 'rendezvous', 1000)", world) == .number(1000))
        // Jump hash numbers the servers that are up: without n3, n4 is bucket 2.
        let jumpMoved = keys.filter { JumpPlacement(nodes: all).node(forKey: $0) != JumpPlacement(nodes: without).node(forKey: $0) }.count
        #expect(try value("keys_moved('jump', 1000)", world) == .number(Double(jumpMoved)))
        #expect(try value("keys_owned(n4, 'jump', 1000)", world) == .number(Double(keys.filter { JumpPlacement(nodes: without).node(forKey: $0) == "n4" }.count)))
    }

    @Test func badSchemesAndKeyCountsAreLoadErrors() {
        #expect(checkError("keys_moved('ring', 1000)")?.message.contains("unknown placement scheme 'ring'") == true)
        #expect(checkError("keys_moved('ring:0', 1000)")?.offset == 11)
        #expect(checkError("keys_owned(n1, 'md5', 10)")?.message.contains("'mod', 'rendezvous', 'jump' or 'ring:V'") == true)
        #expect(checkError("keys_moved('mod', 0)")?.message.contains("between 1 and 100000") == true)
        #expect(checkError("keys_owned(n9, 'mod', 10)")?.message.contains("unknown node 'n9'") == true)
        #expect(checkError("keys_moved('ring:64', 1000) + keys_owned(n1, 'rendezvous', 5)") == nil)
        #expect(checkError("item_count('a b') + state_changes()") == nil)
    }
}
