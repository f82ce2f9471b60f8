import Testing
import ClusterSim
import ClusterProtocols

/// Bad scenario files give `file:line:column` and a message that says what is wrong.
@Suite struct ScenarioTests {
    func error(_ text: String) -> SourceError? {
        do { _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "s.yaml", text: text))); return nil }
        catch let e as SourceError { return e }
        catch { Issue.record("not a SourceError: \(error)"); return nil }
    }

    static let badFiles: [(text: String, line: Int, column: Int, says: String)] = [
        ("protocol: gossip\nnodes: [3\n", 3, 1, "invalid YAML"),
        ("protocol: gossip\n  nodes: 3\n", 2, 8, "invalid YAML"),
        ("", 1, 1, "empty"),
        ("nodes: 3\n", 1, 1, "missing required key 'protocol'"),
        ("protocol: paxos-ish\n", 1, 11, "unknown protocol 'paxos-ish'"),
        ("protocol: gossip\nnodez: 3\n", 2, 1, "unknown key 'nodez' (did you mean 'nodes'?)"),
        ("protocol: gossip\nnodes: three\n", 2, 8, "expected a whole number"),
        ("protocol: gossip\nnodes: 0\n", 2, 8, "out of range"),
        ("protocol: gossip\nseed: -4\n", 2, 7, "non-negative"),
        ("protocol: gossip\nnetwork:\n  loss: 1.5\n", 3, 9, "out of range"),
        ("protocol: gossip\nnetwork:\n  latency: {uniform: [5ms]}\n", 3, 22, "two durations"),
        ("protocol: gossip\nnetwork:\n  latency: {uniform: [9ms, 1ms]}\n", 3, 22, "min is larger"),
        ("protocol: gossip\nnetwork:\n  latency: fast\n", 3, 12, "expected a duration"),
        ("protocol: gossip\nnetwork:\n  links:\n    - {from: n1, to: n7, loss: 0.5}\n", 4, 22, "unknown node 'n7'"),
        ("protocol: gossip\nactions:\n  - {at: 1s, crash: n9}\n", 3, 21, "unknown node 'n9'"),
        ("protocol: gossip\nactions:\n  - {at: 1s}\n", 3, 5, "exactly one of"),
        ("protocol: gossip\nactions:\n  - {at: soon, heal: true}\n", 3, 10, "expected a duration"),
        ("protocol: gossip\nactions:\n  - {at: 1s, partition: \"n1 n2 | n2 n3\"}\n", 3, 25, "n2 is in two groups"),
        ("protocol: gossip\nactions:\n  - {at: 1s, explode: n1}\n", 3, 14, "unknown key 'actions[0].explode'"),
        ("protocol: gossip\nactions: {at: 1s}\n", 2, 10, "expected a list"),
        ("protocol: gossip\nparameters:\n  fanout: many\n", 3, 11, "expected a whole number"),
        ("protocol: gossip\nparameters:\n  fan_out: 2\n", 3, 3, "did you mean 'fanout'"),
        ("protocol: gossip\nprotocol: echo\n", 2, 1, "duplicate key"),
        ("protocol: echo\nworkload:\n  requests: -1\n", 3, 13, "out of range"),
        ("protocol: gossip\nworkload:\n  rounds: 3\n", 3, 3, "'workload' takes no keys"),
        ("protocol: echo\nparameters:\n  fanout: 2\n", 3, 3, "'parameters' takes no keys"),
        ("protocol: flood\nworkload:\n  requests: 9\n", 3, 3, "'workload' takes no keys"),
        ("\u{0}\u{1}binary", 1, 1, "not a text file"),
    ]

    @Test(arguments: 0..<badFiles.count)
    func badScenarioFilesAreReportedWhereTheyAreWrong(case i: Int) {
        let c = Self.badFiles[i]
        guard let e = error(c.text) else { Issue.record("case \(i) was accepted: \(c.text)"); return }
        #expect(e.file == "s.yaml")
        #expect((e.line, e.column) == (c.line, c.column), "case \(i): got \(e.location) for: \(e.message)")
        #expect(e.message.contains(c.says), "case \(i): message was: \(e.message)")
        #expect(e.description.hasPrefix("s.yaml:\(e.line):\(e.column): "))
    }

    @Test func aGoodScenarioReadsEverySection() throws {
        let text = """
            name: demo
            protocol: gossip
            seed: 99
            nodes: 4
            network:
              latency: {exponential: {mean: 3ms, min: 1ms}}
              loss: 5%
              links:
                - {from: n1, to: n2, slowdown: 4, both_ways: true}
            parameters: {fanout: 3, interval: 50ms}
            until: 2s
            actions:
              - {at: 100ms, partition: [[n1, n2], [n3, n4]]}
              - {at: 200ms, cut: {from: n3, to: n4}}
              - {at: 300ms, heal: true}
              - {at: 400ms, request: {node: n2, command: broadcast 7}}
            """
        let s = try ProtocolCatalog.scenario(SourceText(name: "ok.yaml", text: text))
        #expect(s.seed == 99 && s.servers == 4 && s.duration == 2_000_000)
        #expect(s.network.loss == 0.05)
        #expect(s.links.count == 2)
        #expect(s.actions.map(\.time) == [100_000, 200_000, 300_000, 400_000])
        #expect(s.script.count == 6)
        let run = try ProtocolCatalog.makeRun(s)
        run.run(until: .seconds(2))
        #expect(run.trace.events.contains { $0.kind == .command })
        #expect(run.violation == nil)
    }

    @Test func commandSyntaxParsesEveryVerbAndExplainsMistakes() throws {
        let layout = ClusterLayout(servers: 5)
        #expect(try CommandSyntax.action("partition n1 n2 | n3 n4 n5", layout)
                == .partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]))
        #expect(try CommandSyntax.action("crash n3", layout) == .crash(NodeID(2)))
        #expect(try CommandSyntax.action("heal", layout) == .heal)
        #expect(try CommandSyntax.action("request n1 write x 3", layout) == .command(NodeID(0), "write x 3"))
        #expect(throws: CommandSyntax.Problem.self) { try CommandSyntax.action("crash n9", layout) }
        do { _ = try CommandSyntax.action("crsh n1", layout); Issue.record("accepted a typo") }
        catch let p as CommandSyntax.Problem { #expect(p.message.contains("did you mean 'crash'")) }
    }
}
