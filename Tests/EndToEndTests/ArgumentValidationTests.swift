import Testing
import Foundation
import TestSupport

/// Benchmarks and commands check their arguments like scenario values: a
/// value they cannot run is exit 2 with a message naming the flag or path,
/// never a trap, a huge allocation or exit 0 (issue 12).
@Suite struct ArgumentValidationTests {
    static let refused: [([String], String)] = [
        (["bench", "timetravel", "--events", "0"], "--events must be from 1"),
        (["bench", "timetravel", "--nodes", "0"], "--nodes must be from 2"),
        (["bench", "timetravel", "--nodes", "1"], "--nodes must be from 2"),
        (["bench", "flood", "--nodes", "100000"], "--nodes must be from 2 to 256"),
        (["bench", "render", "--width", "100000", "--height", "100000"], "--width must be from 1 to 2000"),
        (["bench", "balancer", "--clients", "0"], "--clients must be from 1"),
        (["bench", "quorum", "--servers", "1000"], "--servers must be from 1 to 64"),
        (["bench", "placement", "--vnodes", "100000"], "--vnodes must be from 1 to 1024"),
        (["bench", "lincheck", "--ops", "10", "--out", "/nonexistent/x"], "/nonexistent/x: cannot write"),
        (["help", "bogus"], "no command 'bogus'"),
        (["help", "bench", "bogus"], "no command 'bogus'"),
        (["bench", "flood", "--seed", "-1"], "'-1' is invalid for '--seed"),
        (["bench", "flood", "--nodes", "-3"], "--nodes must be from 2 to 256 (got -3)"),
        (["placement", "--print", "--nodes", "-5"], "--nodes must be from 1 to 200"),
        (["sandbox", "gossip", "--param", "interval=0ms"], "parameters.interval: 0ms is out of range"),
        (["sandbox", "raft", "--param", "heartbeat=0.0000001s"], "rounds to 0µs"),
    ]

    @Test(arguments: refused)
    func aValueTheCommandCannotRunExitsTwoAndSaysWhich(_ arguments: [String], _ says: String) throws {
        let r = try BuiltBinary.run(arguments)
        #expect(r.status == 2, "\(arguments): status \(r.status)\n\(r.stderr)")
        #expect(r.stderr.contains(says), "\(arguments): \(r.stderr)")
        #expect(!r.stderr.contains("Missing value"), "\(arguments): \(r.stderr)")
    }

    @Test func durationFlagsAreSpelledAsInFiles() throws {
        let example = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples/gossip-partition.yaml").path
        for until in ["-1s", "0x10s", "5 s"] {
            let r = try BuiltBinary.run(["run", example, "--until", until])
            #expect(r.status == 2 && r.stderr.contains("'\(until)' is invalid"), "\(until): \(r.stderr)")
        }
    }

    @Test func helpForARealCommandStillExitsZero() throws {
        #expect(try BuiltBinary.run(["help", "bench", "flood"]).status == 0)
    }

    /// A key with a tab, newline, backslash or escape sequence stays one `KEY<TAB>RESULT` line.
    @Test func hashEscapesKeysSoEveryLineHasOneTab() throws {
        let keys = ["a\tb", "x\ny", "back\\slash", "\u{1B}[31mred", "\u{202E}rtl", "plain"]
        let r = try BuiltBinary.run(["hash", "redis-slot"] + keys)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == keys.count, "\(r.stdout)")
        #expect(lines.allSatisfy { $0.filter { $0 == "\t" }.count == 1 }, "\(r.stdout)")
        #expect(lines.map { String($0.split(separator: "\t")[0]) } == ["a\\tb", "x\\ny", "back\\\\slash", "\\x1B[31mred", "\\u{202E}rtl", "plain"])
        #expect(!r.stdout.contains("\u{1B}"))
    }
}
