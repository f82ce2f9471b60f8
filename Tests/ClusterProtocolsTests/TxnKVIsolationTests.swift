import Testing
import ClusterSim
import ClusterProtocols

// Each isolation level shows the anomalies it allows and none it forbids,
// named by the transaction checker from the clients' history; the levels
// that promise the bank's total or a doctor on call keep it after every event.

@Suite struct TxnKVIsolationTests {
    /// Read committed re-reads the latest commit each time: two transfers
    /// read one balance and both overwrite it, and audits see half a transfer.
    @Test func readCommittedLosesUpdatesAndTheBankTotal() throws {
        let seed: UInt64 = 1
        var totals: Set<Int> = []
        let sim = TxnKVRuns.run(TxnKVRuns.config(.readCommitted, .twoPhaseLocking, .bank), seed: seed) { totals.insert($0.bankTotal) }
        let r = try TxnKVRuns.check(sim, .serializable)
        #expect(TxnKVRuns.kinds(r).contains("lost-update"), "seed \(seed): \(r.text)")
        #expect(TxnKVRuns.kinds(r).contains("G-single"), "seed \(seed): read skew by an audit: \(r.text)")
        #expect(totals.contains { $0 != 300 }, "seed \(seed): the total changed at some point: \(totals.sorted())")
        #expect(try TxnKVRuns.check(sim, .readCommitted).isValid, "but nothing read committed forbids")
        #expect(sim.violation == nil)
    }

    /// Snapshot isolation: each doctor reads both on call in its snapshot and
    /// goes off; first-committer-wins sees no common write: write skew.
    @Test func snapshotIsolationShowsWriteSkewOnTheDoctors() throws {
        let seed: UInt64 = 1
        var least = Int.max
        let sim = TxnKVRuns.run(TxnKVRuns.config(.snapshot, .twoPhaseLocking, .doctors), clients: 2, seed: seed) {
            least = min(least, $0.doctorsOnCall)
        }
        let r = try TxnKVRuns.check(sim, .serializable)
        #expect(TxnKVRuns.kinds(r) == ["G2-item"], "seed \(seed): \(r.text)")
        #expect(least == 0, "seed \(seed): nobody on call at some point")
        #expect(try TxnKVRuns.check(sim, .snapshotIsolation).isValid)
        #expect(sim.violation == nil)
    }

    /// The bank under snapshot isolation: every transfer writes both accounts
    /// it reads, so first-committer-wins stops every lost update.
    @Test func snapshotIsolationKeepsTheBankTotal() throws {
        for seed: UInt64 in 1...3 {
            let sim = TxnKVRuns.run(TxnKVRuns.config(.snapshot, .twoPhaseLocking, .bank), seed: seed)
            #expect(sim.violation == nil, "seed \(seed): \(sim.violation!)")
            let r = try TxnKVRuns.check(sim, .serializable)
            #expect(r.anomalies.isEmpty, "seed \(seed): \(r.text)")
            #expect(TxnKVRuns.server(sim).aborts[.writeConflict, default: 0] > 0, "seed \(seed): conflicts happened")
        }
    }

    /// Serializable, both ways, on every workload and several seeds: no
    /// anomaly, the invariants hold throughout, and the price is aborts.
    @Test(arguments: [TxnKVConcurrency.twoPhaseLocking, .optimistic])
    func serializableShowsNoAnomaly(_ cc: TxnKVConcurrency) throws {
        for kind in TxnKVWorkloadKind.allCases {
            for seed: UInt64 in 1...4 {
                let sim = TxnKVRuns.run(TxnKVRuns.config(.serializable, cc, kind), clients: kind == .doctors ? 2 : 4, seed: seed)
                #expect(sim.violation == nil, "\(cc) \(kind) seed \(seed): \(sim.violation!)")
                let r = try TxnKVRuns.check(sim, .serializable)
                #expect(r.anomalies.isEmpty, "\(cc) \(kind) seed \(seed): \(r.text)")
                let server = TxnKVRuns.server(sim)
                #expect(server.commits > 0 && sim.layout.clients.allSatisfy { sim.node($0)!.client!.isDone },
                        "\(cc) \(kind) seed \(seed): every client finished")
                let reason: TxnKVAbortReason = cc == .optimistic ? .validation : .deadlock
                if kind == .bank { #expect(server.aborts[reason, default: 0] > 0, "\(cc) seed \(seed): \(server.aborts)") }
            }
        }
    }

    /// The cheap headline lab predicates read every step says what the summary says.
    @Test func theHeadlineAgreesWithTheSummary() {
        let sim = Simulation<TxnKVProcess>(layout: ClusterLayout(servers: 1, clients: 2),
                                           config: TxnKVRuns.config(.serializable, .twoPhaseLocking, .doctors), seed: 1, network: TxnKVRuns.links)
        for _ in 0..<40 {
            sim.run(steps: 7)
            for n in sim.layout.all { #expect(sim.node(n)!.headline == sim.node(n)!.summary.headline, "\(n) at step \(sim.stepCount)") }
        }
    }

    /// The catalog entry checks the history against the level's own model when a run ends.
    @Test func aRunEndsWithTheLevelsModelChecked() throws {
        let sim = TxnKVRuns.run(TxnKVRuns.config(.snapshot, .twoPhaseLocking, .doctors), clients: 2, seed: 1)
        let def = try #require(ProtocolCatalog.definition(named: "txnkv"))
        #expect(def.finalCheck?(sim) == nil, "snapshot isolation allows write skew")
    }
}

@Suite struct TxnKVMutantTests {
    /// Without the detector a wait-for cycle stays: the run stops at it.
    @Test func withoutDeadlockDetectionTheRunStallsAtADeadlock() throws {
        let seed: UInt64 = 1
        let sim = TxnKVRuns.run(TxnKVRuns.config(.serializable, .twoPhaseLocking, .bank, mutant: .noDeadlockDetection), seed: seed)
        let v = try #require(sim.violation, "seed \(seed): the deadlock went unseen")
        #expect(v.invariant == "no deadlock" && v.message.contains("waits for"), "\(v)")
        let real = TxnKVRuns.run(TxnKVRuns.config(.serializable, .twoPhaseLocking, .bank), seed: seed)
        #expect(real.violation == nil && TxnKVRuns.server(real).aborts[.deadlock, default: 0] > 0, "the detector breaks them")
    }

    /// OCC that commits without validating: the checker names what it let through.
    @Test func occWithoutValidationIsNamedByTheChecker() throws {
        let seed: UInt64 = 1
        var c = TxnKVRuns.config(.serializable, .optimistic, .bank, mutant: .occSkipValidation)
        c.workload.auditWeight = 0
        let sim = Simulation<TxnKVProcess>(layout: ClusterLayout(servers: 1, clients: 3), config: c, seed: seed, network: TxnKVRuns.links)
        sim.run(until: { s in s.layout.clients.allSatisfy { s.node($0)?.client?.isDone ?? true } }, limit: .seconds(120))
        let r = try TxnKVRuns.check(sim, .serializable)
        #expect(!r.isValid && TxnKVRuns.kinds(r).contains("lost-update"), "seed \(seed): \(r.text)")
        let def = try #require(ProtocolCatalog.definition(named: "txnkv"))
        let report = try #require(def.finalCheck?(sim))
        #expect(report.contains("not serializable") && report.contains("lost-update"), "\(report)")
        let caught = TxnKVRuns.run(c, seed: seed)
        #expect(caught.violation?.invariant == "bank total preserved", "the invariant sees the money change too")
    }
}

@Suite struct TxnKVLockTableTests {
    static let t1 = TxnKVTxnID(client: 0, number: 1), t2 = TxnKVTxnID(client: 1, number: 1)

    /// Two readers of a key both upgrade to write it: each waits for the other.
    @Test func twoUpgradersDeadlockAndTheCycleIsFound() {
        var locks = TxnKVLockTable()
        let granted = [locks.acquire(Self.t1, "a", .shared), locks.acquire(Self.t2, "a", .shared),
                       locks.acquire(Self.t1, "a", .exclusive)]
        #expect(granted == [true, true, false])
        #expect(locks.cycle(through: Self.t1) == nil)
        let second = locks.acquire(Self.t2, "a", .exclusive)
        #expect(!second)
        #expect(locks.cycle(through: Self.t2) == [Self.t2, Self.t1])
        let unblocked = locks.releaseAll(Self.t2)
        #expect(unblocked == [Self.t1], "t2 aborted: t1's upgrade goes through")
        #expect(locks.held(by: Self.t1).map(\.mode) == [.exclusive] && locks.anyCycle() == nil)
    }

    @Test func aWriterWaitsForReadersAndLaterReadersQueueBehindIt() {
        var locks = TxnKVLockTable()
        let t3 = TxnKVTxnID(client: 2, number: 1)
        let granted = [locks.acquire(Self.t1, "a", .shared), locks.acquire(Self.t2, "a", .exclusive),
                       locks.acquire(t3, "a", .shared)]
        #expect(granted == [true, false, false], "first come, first served: no overtaking the writer")
        #expect(locks.waitsFor[t3] == [Self.t2] && locks.waitsFor[Self.t2] == [Self.t1])
        let first = locks.releaseAll(Self.t1), second = locks.releaseAll(Self.t2)
        #expect(first == [Self.t2] && second == [t3])
    }
}
