import Testing
import Foundation
import TestSupport

/// The Redis Cluster examples run end to end: live resharding loses nothing
/// (exit 0) and shows ASK and MOVED in the event log; a crash after
/// unreplicated acknowledgements ends with the lost-write findings (exit 1).
@Suite struct RedisExampleTests {
    static let root = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples")

    @Test func liveReshardingLosesNothingAndShowsAskAndMoved() throws {
        let r = try BuiltBinary.run(["run", Self.root.appendingPathComponent("redis-resharding.yaml").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("command: reshard 0-2999 n2") && r.stdout.contains("state: migrating 3000 slots to n2"))
        #expect(r.stdout.contains(" ASK ") && r.stdout.contains("ASKING") && r.stdout.contains(" MOVED "), "redirects in the event log")
        #expect(r.stdout.contains("state: moved 1000 slots to n1"))
    }

    @Test func aCrashAfterUnreplicatedAcknowledgementsLosesWrites() throws {
        let r = try BuiltBinary.run(["run", Self.root.appendingPathComponent("redis-lost-write.yaml").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("VIOLATION: lost writes") && r.stderr.contains("was acknowledged"), "\(r.stderr)")
        #expect(r.stdout.contains("promoted with 2 votes"))
    }

    @Test func aMasterInAMinorityRefusesAfterNodeTimeoutButLosesTheWindow() throws {
        let r = try BuiltBinary.run(["run", Self.root.appendingPathComponent("redis-minority-partition.yaml").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("-CLUSTERDOWN reaches 1 of 3 masters") && r.stdout.contains("state: replica of n4"), "\(r.stdout.suffix(2000))")
        #expect(r.stderr.contains("VIOLATION: lost writes"), "\(r.stderr)")
    }
}
