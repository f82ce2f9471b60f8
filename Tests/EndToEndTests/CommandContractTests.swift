import Foundation
import Testing
import TestSupport

/// Every command's contract on bad arguments: exit 2 with a message that
/// says what is wrong, never a trap, a raw Foundation error or exit 0.
@Suite struct CommandContractTests {
    @Test(arguments: [
        (["help", "bogus"], "there is no command 'bogus'"),
        (["help", "lab", "bogus"], "there is no command 'bogus'"),
        (["run", "Labs/examples/gossip-partition.yaml", "--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'"),
        (["bench", "timetravel", "--events", "0"], "--events must be from 1 to 100000000, not 0"),
        (["bench", "timetravel", "--nodes", "1"], "--nodes must be from 2 to 2000, not 1"),
        (["bench", "timetravel", "--nodes", "0"], "--nodes must be from 2 to 2000, not 0"),
        (["bench", "flood", "--nodes", "100000"], "--nodes must be from 2 to 2000, not 100000"),
        (["bench", "flood", "--nodes", "2000"], "× (--nodes + 64) must be at most 5000000000"),
        (["bench", "render", "--width", "100000", "--height", "100000"], "--width must be from 1 to 1000, not 100000"),
        (["bench", "raft", "--ops", "-5"], "--ops must be from 1 to 100000000, not -5"),
        (["bench", "lincheck", "--ops", "10", "--out", "/nonexistent/x"], "/nonexistent/x: cannot create the file"),
    ])
    func badArgumentsExitTwoAndSayWhat(arguments: [String], message: String) throws {
        let r = try BuiltBinary.run(arguments, in: BuiltBinary.packageRoot)
        #expect(r.status == 2, "\(arguments): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        #expect(!r.stderr.contains("Backtrace") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
    }

    @Test func helpForARealCommandStillWorks() throws {
        let r = try BuiltBinary.run(["help", "lab", "play"])
        #expect(r.status == 0 && r.stdout.contains("USAGE: clusterlab lab play"), "\(r.stdout)\(r.stderr)")
    }

    /// A key with a tab or a line break would break `KEY<TAB>RESULT`; escape sequences would reach the terminal.
    @Test func hashEscapesKeysSoEachLineKeepsTwoFields() throws {
        let keys = ["a\tb", "x\ny", "back\\slash", "\u{1B}[31mred", "rtl\u{202E}txt", "plain"]
        let r = try BuiltBinary.run(["hash", "redis-slot"] + keys)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == keys.count, "\(r.stdout)")
        #expect(lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 2 })
        #expect(lines.map { String($0.split(separator: "\t")[0]) }
                == ["a\\tb", "x\\ny", "back\\\\slash", "\\u{1B}[31mred", "rtl\\u{202E}txt", "plain"])
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{202E}"))
    }
}
