import Foundation
import Testing
import TestSupport

/// The Paxos example scenarios through `clusterlab run`: a mutant that skips
/// value adoption stops the run at the event that breaks P2a and exits 1;
/// the same scenario with the real protocol adopts v1 and exits 0; two
/// proposers with no back-off choose nothing in two seconds (seed 1).
@Suite struct PaxosExampleTests {
    static let root = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples")

    @Test func skippingValueAdoptionIsCaughtAndTheRealProtocolAdopts() throws {
        let mutant = Self.root.appendingPathComponent("paxos-mutant-skip-adoption.yaml")
        let bad = try BuiltBinary.run(["run", mutant.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("VIOLATION: a chosen value never changes violated"), "\(bad.stderr)")

        let dir = try BuiltBinary.temporaryDirectory()
        let real = dir.appendingPathComponent("real.yaml")
        let text = try String(contentsOf: mutant, encoding: .utf8)
            .replacingOccurrences(of: "parameters: {mutant: skip-value-adoption}", with: "parameters: {}")
        try text.write(to: real, atomically: true, encoding: .utf8)
        let ok = try BuiltBinary.run(["run", real.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("n2   log: adopts v1 from v1@1.n1 instead of v2"), "\(ok.stdout.suffix(2000))")
    }

    @Test func duelingProposersChooseNothing() throws {
        let r = try BuiltBinary.run(["run", Self.root.appendingPathComponent("paxos-duel.yaml").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("learns"), "seed 1: a value was chosen")
        #expect(r.stdout.contains("Prepare(100."), "the rounds climb past 100 in 2 s")
    }
}
