import Foundation
import Maelstrom
import Testing
import TestSupport

/// What `clusterlab maelstrom test` writes: a history `lincheck` reads and
/// agrees with, trace exports, and exit 2 with the flag named on bad flags.
@Suite(.serialized) struct CommandOutputTests {
    func python() throws -> String { try #require(ChildProcess.resolve("python3")) }

    @Test(arguments: [("lin-kv", Int32(0)), ("lww-kv", Int32(1))])
    func theHistoryIsWhatLincheckReadsAndLincheckAgrees(service: String, expected: Int32) throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = dir.appendingPathComponent("history.jsonl").path
        let trace = dir.appendingPathComponent("trace.jsonl").path
        let shiviz = dir.appendingPathComponent("run.shiviz").path
        // Over lww-kv the run is usually caught (exit 1; RunnerOutcomeTests proves it over seeds); either way
        // lincheck must agree with the runner about the history it wrote.
        let r = try BuiltBinary.run(["maelstrom", "test", "-w", "lin-kv", "--bin", python(), FixtureNodes.path("kvproxy.py"), service,
                                     "--node-count", "3", "--time-limit", "3", "--rate", "80", "--key-count", "1",
                                     "--init-timeout", "60", "--history", history, "--trace", trace, "--shiviz", shiviz])
        #expect(r.status == expected || (expected == 1 && r.status == 0), "\(r.stdout)\(r.stderr)")
        let check = try BuiltBinary.run(["lincheck", history])
        #expect(check.status == r.status, "lincheck: \(check.stdout)\(check.stderr)")
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.contains("\"node\":\"n") == true)
        let events = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(events.contains { $0.contains("\"kind\":\"invoke\"") })
        let log = try String(contentsOfFile: shiviz, encoding: .utf8)
        #expect(log.hasPrefix("(?<event>"))
        if r.status == 1 { #expect(r.stdout.contains("INVALID") && r.stdout.contains("not linearizable")) }
    }

    @Test(arguments: [
        (["--nemesis", "partition,flood"], "unknown fault 'flood'"),
        (["--node-count", "0"], "--node-count must be from 1"),
        (["--rate", "-1"], "--rate must be from 0"),
        (["--topology", "star"], "topology"),
        (["-w", "kv"], "unknown workload 'kv'"),
        (["--consistency-models", "serializable,linearizable"], "--consistency-models: unknown model 'linearizable'"),
    ])
    func badFlagsExitTwoNamingTheFlag(extra: [String], says: String) throws {
        var args = ["maelstrom", "test", "-w", "echo", "--bin", "/bin/cat"]
        if extra.first == "-w" { args = ["maelstrom", "test", "--bin", "/bin/cat"] }
        let r = try BuiltBinary.run(args + extra)
        #expect(r.status == 2)
        #expect(r.stderr.contains(says), "\(r.stderr)")
    }
}
