import Testing
import Foundation
import TestSupport

/// Kleppmann's paused lock holder through `clusterlab run`: without fencing
/// the lock checker stops the run at the stale holder's write (exit 1); with
/// fencing the storage server rejects it and the checker finds nothing.
@Suite struct EtcdExampleTests {
    static let root = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples")

    @Test func withoutFencingTheLockCheckerStopsAtTheDoubleWrite() throws {
        let r = try BuiltBinary.run(["run", Self.root.appendingPathComponent("etcd-paused-client-unfenced.yaml").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("VIOLATION: lock safety") && r.stderr.contains("both believed they held it at once"), "\(r.stderr)")
        #expect(r.stdout.contains("lease 1 expired at"), "the leader revoked c1's lease")
    }

    @Test func withFencingTheStaleWriteIsRejected() throws {
        let r = try BuiltBinary.run(["run", Self.root.appendingPathComponent("etcd-paused-client-fenced.yaml").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("state: storage rejected c1's write, token 1"))
    }
}
