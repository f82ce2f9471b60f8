import Testing
import TestSupport

/// `bench search` end to end: a bug found is exit 1 with its shortest
/// schedule; a value it cannot run is exit 2 naming the flag.
@Suite struct SearchBenchTests {
    @Test func theDoubleVoteIsFoundAndItsScheduleIsPrinted() throws {
        let r = try BuiltBinary.run(["bench", "search", "--mutation", "voteTwiceInOneTerm"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("election safety violated after 6 steps"), "\(r.stdout)")
        #expect(r.stdout.contains("  1. fire election at n1") && r.stdout.contains("result=violation states="), "\(r.stdout)")
    }

    @Test func aDepthLimitEndsTheRealProtocolsSearch() throws {
        let r = try BuiltBinary.run(["bench", "search", "--max-depth", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("result=limit(depth)") && r.stdout.contains("depth=4"), "\(r.stdout)")
    }

    @Test(arguments: [(["--servers", "0"], "--servers must be from 1 to 7"),
                      (["--mutation", "bogus"], "--mutation must be one of voteTwiceInOneTerm"),
                      (["--visited", "some"], "'some' is invalid for '--visited")])
    func aValueItCannotRunExitsTwo(_ flags: [String], _ says: String) throws {
        let r = try BuiltBinary.run(["bench", "search"] + flags)
        #expect(r.status == 2 && r.stderr.contains(says), "\(flags): \(r.status) \(r.stderr)")
    }
}
