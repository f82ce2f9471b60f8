import Testing
import ClusterSim
@testable import ClusterProtocols

/// Every number a scenario sets is checked against its declared range, at
/// its line and column; zero-length timers and lenient spellings are refused.
@Suite struct ParameterRangeTests {
    func problem(_ text: String) -> SourceError? {
        do { _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "s.yaml", text: text))); return nil }
        catch let e as SourceError { return e }
        catch { Issue.record("not a SourceError: \(error)"); return nil }
    }

    /// Values just outside a declared range, as a file would spell them.
    static func outside(_ kind: ParameterSpec.Kind) -> [String] {
        switch kind {
        case .duration(let r), .durationOrOff(let r):
            return (r.lowerBound > 0 ? ["\(r.lowerBound - 1)us"] : []) + ["\(r.upperBound + 1)us"]
        case .count(let r): return ["\(r.lowerBound - 1)", "\(r.upperBound + 1)"]
        case .number(let r): return ["\(r.lowerBound - 0.001)", "\(r.upperBound + 1)"]
        default: return []
        }
    }

    /// (protocol, section, prefix lines inside the section, key, value) for every declared range.
    static var cases: [(String, String, [String], String, String)] {
        var out: [(String, String, [String], String, String)] = []
        for def in ProtocolCatalog.all {
            for (section, specs) in [("parameters", def.parameters), ("workload", def.workload)] {
                for spec in specs {
                    var prefix: [String] = []
                    if def.name == "membership", spec.key != "detector" {
                        let detector = FailureDetector.allCases.first { $0.reads(spec.key) }!
                        prefix = ["detector: \(detector.rawValue)"]
                    }
                    for v in outside(spec.kind) { out.append((def.name, section, prefix, spec.key, v)) }
                }
            }
        }
        return out
    }

    @Test func everyDeclaredRangeIsEnforcedAtItsLine() {
        let all = Self.cases
        #expect(all.count > 100)
        for (proto, section, prefix, key, value) in all {
            let servers = ProtocolCatalog.definition(named: proto)!.defaultServers
            let lines = ["protocol: \(proto)", "nodes: \(servers)", "\(section):"] + prefix.map { "  " + $0 } + ["  \(key): \(value)"]
            guard let e = problem(lines.joined(separator: "\n") + "\n") else {
                Issue.record("\(proto) \(section).\(key): \(value) was accepted"); continue
            }
            #expect(e.line == lines.count && e.column == key.count + 5, "\(proto) \(key): \(value) → \(e)")
            #expect(e.message.contains("out of range") || e.message.contains("expected"), "\(proto) \(key): \(e)")
        }
    }

    /// The issue's list: each of these made virtual time stop at 0 while memory grew.
    static let zeroTimers: [(String, Int)] = [
        ("protocol: gossip\nparameters: {interval: 0}\n", 2),
        ("protocol: crdt\nparameters: {interval: 0ms}\n", 2),
        ("protocol: echo\nworkload: {interval: 0s}\n", 2),
        ("protocol: raft\nparameters: {heartbeat: 0}\n", 2),
        ("protocol: raft\nparameters: {election_timeout: 0, election_jitter: 0}\n", 2),
        ("protocol: membership\nparameters: {detector: phi, tick: 0}\n", 2),
        ("protocol: membership\nparameters: {detector: heartbeat, interval: 0}\n", 2),
        ("protocol: membership\nparameters: {detector: swim, period: 0}\n", 2),
        ("protocol: gossip\nparameters: {interval: 0.0000001s}\n", 2),
        ("protocol: gossip\nparameters: {interval: -0s}\n", 2),
        ("protocol: redis\nparameters: {ping_interval: 0}\n", 2),
        ("protocol: quorum\nparameters: {anti_entropy: 0s}\n", 2),
        ("protocol: balancer\nparameters: {autoscale: {interval: 0}}\n", 2),
    ]

    @Test(arguments: zeroTimers)
    func aZeroLengthTimerIsRefused(_ text: String, line: Int) throws {
        let e = try #require(problem(text), "accepted: \(text)")
        #expect(e.line == line && e.column > 1, "\(e)")
    }

    /// Found by the fuzz test: a one-node flood drew a peer from an empty range and trapped.
    @Test func aOneNodeFloodIsRefused() throws {
        let e = try #require(problem("protocol: flood\nnodes: 1\n"))
        #expect(e.line == 1 && e.message.contains("at least 2 nodes"), "\(e)")
    }

    @Test func aValueThatRoundsToZeroSaysSo() throws {
        let e = try #require(problem("protocol: gossip\nparameters: {interval: 0.0000001s}\n"))
        #expect(e.message.contains("rounds to 0µs") && e.message.contains("1µs"), "\(e)")
    }

    @Test func balancerWeightsCannotSumPastInt64() throws {
        let e = try #require(problem("protocol: balancer\nnodes: 3\nparameters:\n  weights: 9223372036854775807, 9223372036854775807\n"))
        #expect(e.line == 4 && e.message.contains("1 to 1000000"), "\(e)")
        #expect(problem("protocol: balancer\nnodes: 3\nparameters:\n  weights: 1000000, 1\n") == nil)
    }

    /// Latencies are bounded so that the largest latency times the largest slowdown stays inside virtual time.
    @Test func hugeLatenciesAreRefused() throws {
        let e = try #require(problem("protocol: gossip\nnetwork:\n  latency: 8999999999999999us\n  slowdown: 1000\n"))
        #expect(e.line == 3 && e.message.contains("out of range"), "\(e)")
        let f = try #require(problem("protocol: gossip\nactions:\n  - {at: 1s, link: {from: n1, to: n2, latency: {exponential: {mean: 8999999999999s}}}}\n"))
        #expect(f.line == 3, "\(f)")
    }

    static let lenient: [(String, Int, Int, String)] = [
        ("protocol: gossip\nuntil: 0x10s\n", 2, 8, "expected a duration"),
        ("protocol: gossip\nuntil: \"5 s\"\n", 2, 8, "quoted"),
        ("protocol: gossip\nuntil: 5 s\n", 2, 8, "expected a duration"),
        ("protocol: gossip\nuntil: 1e3ms\n", 2, 8, "expected a duration"),
        ("protocol: gossip\nnodes: \"5\"\n", 2, 8, "quoted"),
        ("protocol: gossip\nnetwork: {slowdown: 0x10}\n", 2, 21, "expected a number"),
        ("protocol: gossip\nnetwork: {loss: '5%'}\n", 2, 17, "quoted"),
        ("protocol: gossip\nparameters: !!python/object {fanout: 2}\n", 2, 13, "YAML tags"),
        ("protocol: gossip\nseed: !!str 5\n", 2, 7, "YAML tags"),
        ("protocol: gossip\nnodes: !custom 3\n", 2, 8, "YAML tags"),
        ("protocol: gossip\nactions: !!omap []\n", 2, 10, "YAML tags"),
        ("protocol: gossip\nname: !!binary aGk=\n", 2, 7, "YAML tags"),
    ]

    @Test(arguments: lenient)
    func lenientSpellingsAreRefusedWhereTheyAre(_ text: String, line: Int, column: Int, says: String) throws {
        let e = try #require(problem(text), "accepted: \(text)")
        #expect(e.line == line && e.column == column && e.message.contains(says), "\(e)")
    }

    @Test func plainSpellingsStillRead() throws {
        let s = try ProtocolCatalog.scenario(SourceText(name: "s.yaml", text:
            "protocol: gossip\nnodes: 5\nuntil: 1.5s\nname: 'quoted text is fine'\nnetwork: {loss: 5%, slowdown: 2.5}\n"))
        #expect(s.servers == 5 && s.duration == 1_500_000 && s.network.loss == 0.05 && s.name == "quoted text is fine")
    }

    /// The mechanism itself: a key read without a declaration, or read as the
    /// wrong kind, is an error on every run, present in the file or not.
    @Test func readingAnUndeclaredSettingIsAnErrorEvenWhenAbsent() throws {
        let p = try ParameterSection(nil, declared: [.timer("interval")])
        #expect(throws: SourceError.self) { try p.duration("period", default: 1_000) }
        #expect(throws: SourceError.self) { try p.int("interval", default: 1) }
        #expect(throws: SourceError.self) { try p.duration("interval", default: 0) }  // default outside its range
        #expect(try p.duration("interval", default: 5) == 5)
    }
}
