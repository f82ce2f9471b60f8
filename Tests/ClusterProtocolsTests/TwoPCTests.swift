import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Runs of `protocol: 2pc` built from scenario text, driven by hand.
struct TwoPCRun {
    let sim: Simulation<TwoPCProcess>

    init(_ text: String) throws {
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)))
        sim = try #require(run as? Simulation<TwoPCProcess>)
    }

    /// A scenario with no clients: transactions are typed at a coordinator.
    init(nodes: Int, _ parameters: String = "", seed: Int = 1) throws {
        try self.init("protocol: 2pc\nnodes: \(nodes)\nclients: 0\nseed: \(seed)\nnetwork: {latency: {uniform: [2ms, 6ms]}}\n"
                      + (parameters.isEmpty ? "" : "parameters: {\(parameters)}\n"))
    }

    func n(_ k: Int) -> NodeID { NodeID(k - 1) }
    func participant(_ k: Int) -> TwoPCParticipant? { sim.node(n(k))?.participant }
    func coordinator(_ k: Int) -> TwoPCCoordinator? { sim.node(n(k))?.coordinator }
    func `do`(_ a: ClusterAction) { sim.perform(a) }
    func submit(at k: Int = 1, _ writes: String) { sim.perform(.command(n(k), "submit " + writes)) }

    /// Runs for `ms` more virtual milliseconds.
    func run(ms: Int64) { sim.run(until: VirtualTime(microseconds: sim.now.microseconds + ms * 1000)) }

    /// Runs until `done`, for at most `ms`; true if it came.
    @discardableResult
    func run(until done: @escaping (TwoPCRun) -> Bool, ms: Int64 = 2_000) -> Bool {
        sim.run(until: { _ in done(self) }, limit: VirtualTime(microseconds: sim.now.microseconds + ms * 1000))
    }

    func prepared(_ ks: [Int]) -> Bool { ks.allSatisfy { (participant($0)?.prepared.count ?? 0) == 1 } }
    func outcome(_ k: Int, _ t: String) -> TwoPCParticipantOutcome? { participant(k)?.log.outcomes[t] }
    var firstTxn: String? { participant(2)?.log.outcomes.keys.sorted().first ?? participant(2)?.prepared.keys.sorted().first }
}

@Suite struct TwoPCTests {
    /// Clients run transactions across two participants each; every one
    /// commits or aborts everywhere alike, and the history checks.
    @Test func clientTransactionsCommitAtomicallyAndTheHistoryChecks() throws {
        let r = try TwoPCRun("protocol: 2pc\nnodes: 5\nclients: 3\nseed: 7\nworkload: {ops: 20, think: 10ms}\n")
        r.run(ms: 20_000)
        #expect(r.sim.violation == nil, "\(String(describing: r.sim.violation))")
        let history = r.sim.trace.history
        #expect(history.filter { $0.f == "txn" && $0.type == .ok }.count > 20, "most transactions commit")
        #expect(history.filter { $0.f == "txn" && $0.type == .invoke }.count == 60)
        let verdict = try TxnChecker.check(history: history, options: .init(model: .serializable))
        #expect(verdict.isValid, "\(verdict)")
        for k in 2...5 { #expect(r.participant(k)?.locks.isEmpty == true, "n\(k) holds no locks at the end") }
    }

    /// The blocking failure: the coordinator crashes after both voted yes
    /// and before it decided. They stay prepared, locks held, however long;
    /// when it restarts with no decision logged, it presumes abort.
    @Test func aCoordinatorCrashAfterPrepareBlocksTheParticipantsUntilItReturns() throws {
        let r = try TwoPCRun(nodes: 3)
        r.submit("k0=1 k1=2")
        #expect(r.run(until: { $0.prepared([2, 3]) }))
        r.do(.crash(r.n(1)))
        r.run(ms: 3_000)
        for k in [2, 3] {
            let p = try #require(r.participant(k))
            #expect(p.prepared.count == 1 && p.locks.count == 1 && p.blocked.count == 1, "n\(k) still blocked: \(p.summary.fields)")
            #expect(p.summary.role == "blocked")
        }
        #expect(r.sim.violation == nil)
        r.do(.restart(r.n(1)))
        r.run(ms: 1_000)
        let t = try #require(r.firstTxn)
        #expect(r.outcome(2, t) == .aborted && r.outcome(3, t) == .aborted)
        #expect(r.participant(2)?.locks.isEmpty == true && r.participant(3)?.locks.isEmpty == true)
        #expect(r.sim.violation == nil)
    }

    /// A participant that restarts while prepared is prepared again, locks and all.
    @Test func aPreparedParticipantStaysPreparedAcrossARestart() throws {
        let r = try TwoPCRun(nodes: 3)
        r.submit("k0=1 k1=2")
        #expect(r.run(until: { $0.prepared([2, 3]) }))
        r.do(.crash(r.n(1)))
        r.do(.crash(r.n(2)))
        r.do(.restart(r.n(2)))
        r.run(ms: 10)
        #expect(r.participant(2)?.prepared.count == 1 && r.participant(2)?.locks.count == 1)
        #expect(r.sim.violation == nil)
    }

    /// The decision was logged but reached nobody: after its restart the
    /// coordinator finds it in its log and resends it.
    @Test func aLoggedDecisionIsResentAfterTheCoordinatorRestarts() throws {
        let r = try TwoPCRun(nodes: 3)
        r.submit("k0=1 k1=2")
        #expect(r.run(until: { $0.coordinator(1)?.active.values.first?.deciding == true }), "both votes are in")
        r.do(.partition([[r.n(1)], [r.n(2), r.n(3)]]))
        #expect(r.run(until: { $0.coordinator(1)?.log.decisions.count == 1 }))
        r.do(.crash(r.n(1)))
        r.do(.heal)
        r.run(ms: 1_000)
        #expect(r.participant(2)?.blocked.count == 1)
        r.do(.restart(r.n(1)))
        r.run(ms: 500)
        let t = try #require(r.firstTxn)
        #expect(r.outcome(2, t) == .committed && r.outcome(3, t) == .committed)
        #expect(r.participant(2)?.log.store["k0"] == 1 && r.participant(3)?.log.store["k1"] == 2)
        #expect(r.coordinator(1)?.log.ended.contains(t) == true, "every participant acknowledged")
    }

    /// n4 never got its Prepare: with cooperative termination n2 and n3 learn
    /// from n4 that it has not voted, and abort; without it they stay blocked.
    @Test func cooperativeTerminationFinishesWhenOneParticipantHasNotVoted() throws {
        for termination in ["none", "cooperative"] {
            let r = try TwoPCRun(nodes: 4, "termination: \(termination)")
            r.do(.setLink(from: r.n(1), to: r.n(4), LinkSettings(cut: true)))
            r.submit("k0=1 k1=2 k2=3")
            #expect(r.run(until: { $0.prepared([2, 3]) }))
            r.do(.crash(r.n(1)))
            r.run(ms: 2_000)
            let t = try #require(r.firstTxn)
            if termination == "none" {
                #expect(r.prepared([2, 3]) && r.participant(2)?.blocked.count == 1)
            } else {
                #expect(r.outcome(2, t) == .aborted && r.outcome(3, t) == .aborted && r.outcome(4, t) == .abortedUnvoted)
            }
            #expect(r.sim.violation == nil)
        }
    }

    /// Every participant prepared: nobody knows more than anybody else, so
    /// cooperative termination still blocks.
    @Test func cooperativeTerminationStillBlocksWhenEveryParticipantIsPrepared() throws {
        let r = try TwoPCRun(nodes: 4, "termination: cooperative")
        r.submit("k0=1 k1=2 k2=3")
        #expect(r.run(until: { $0.prepared([2, 3, 4]) }))
        r.do(.crash(r.n(1)))
        r.run(ms: 3_000)
        #expect(r.prepared([2, 3, 4]))
        #expect([2, 3, 4].allSatisfy { r.participant($0)?.blocked.count == 1 })
        #expect(r.sim.violation == nil)
    }

    /// With the decision replicated through Raft, the leader's crash does not
    /// block: a new leader finishes the transaction.
    @Test func aRaftReplicatedCoordinatorFinishesAfterItsLeaderCrashes() throws {
        let r = try TwoPCRun(nodes: 5, "coordinator: raft")
        #expect(r.run(until: { r in (1...3).contains { r.coordinator($0)?.leads == true } }))
        let leader = try #require((1...3).first { r.coordinator($0)?.leads == true })
        r.submit(at: leader, "k0=1 k1=2")
        #expect(r.run(until: { $0.prepared([4, 5]) }))
        r.do(.crash(r.n(leader)))
        #expect(r.run(until: { r in [4, 5].allSatisfy { r.participant($0)?.prepared.isEmpty == true } }, ms: 3_000),
                "the participants finished without the old leader")
        let t = try #require(r.participant(4)?.log.outcomes.keys.first)
        #expect(r.outcome(4, t) == r.outcome(5, t))
        #expect(r.sim.violation == nil)
    }

    @Test func badSettingsSayWhere() throws {
        for text in ["protocol: 2pc\nnodes: 2\n", "protocol: 2pc\nnodes: 4\nparameters: {coordinators: 2}\n",
                     "protocol: 2pc\nnodes: 4\nparameters: {coordinator: raft}\n",
                     "protocol: 2pc\nnodes: 4\nparameters: {mutant: lose-everything}\n",
                     "protocol: 2pc\nnodes: 4\nworkload: {span: 4}\n"] {
            #expect(throws: SourceError.self, "\(text)") { _ = try TwoPCRun(text) }
        }
        do {
            _ = try TwoPCRun("protocol: 2pc\nnodes: 4\nparameters:\n  coordinators: 2\n")
            Issue.record("coordinators: 2 with a single coordinator was accepted")
        } catch let e as SourceError {
            #expect(e.line == 4 && e.description.contains("coordinator: raft"), "points at the setting: \(e)")
        }
    }
}

/// Each deliberate bug is caught by an invariant on a pinned run; the real
/// protocol passes the same run.
@Suite struct TwoPCMutantTests {
    /// Drives the same run with and without `mutant`: only the mutant breaks `property`.
    static func expectCaught(_ mutant: TwoPCMutant, by property: TwoPCProperty, nodes: Int,
                             _ drive: (TwoPCRun) -> Void) throws {
        for m in [nil, mutant] {
            let r = try TwoPCRun(nodes: nodes, m.map { "mutant: \($0.rawValue)" } ?? "")
            drive(r)
            r.run(ms: 2_000)
            #expect(r.sim.violation?.invariant == (m == nil ? nil : property.rawValue),
                    "\(m?.rawValue ?? "real"): \(String(describing: r.sim.violation))")
        }
    }

    /// n4 is down: its vote never comes. Two yes votes of three are "a majority".
    @Test func commitOnMajorityIsCaught() throws {
        try Self.expectCaught(.commitOnMajority, by: .commitNeedsAllYes, nodes: 4) { r in
            r.do(.crash(r.n(4)))
            r.submit("k0=1 k1=2 k2=3")
        }
    }

    /// n2 crashes while prepared and restarts before the commit reaches it.
    @Test func forgettingThePrepareRecordIsCaught() throws {
        try Self.expectCaught(.forgetPrepareOnRestart, by: .atomicity, nodes: 3) { r in
            r.submit("k0=1 k1=2")
            #expect(r.run(until: { $0.prepared([2, 3]) }))
            r.do(.crash(r.n(2)))
            r.do(.restart(r.n(2)))
        }
    }

    /// The coordinator crashes after prepare; a participant tired of waiting aborts.
    @Test func abortingAloneWhenPreparedIsCaught() throws {
        try Self.expectCaught(.unilateralAbortWhenPrepared, by: .preparedWaits, nodes: 3) { r in
            r.submit("k0=1 k1=2")
            #expect(r.run(until: { $0.prepared([2, 3]) }))
            r.do(.crash(r.n(1)))
        }
    }
}

/// Random crashes and restarts of any server, both coordinator modes, both
/// termination rules: the invariants hold throughout, and once every node
/// is back no participant is left prepared. Each seed picks its own schedule
/// (printed on failure; replay with that seed).
@Suite struct TwoPCChaosTests {
    @Test(arguments: 1...6)
    func crashesNeverBreakAtomicityAndEveryoneFinishesOnceBack(seed: Int) throws {
        let mode = seed % 2 == 0 ? "raft" : "single", termination = seed % 3 == 0 ? "cooperative" : "none"
        let r = try TwoPCRun("protocol: 2pc\nnodes: 6\nclients: 2\nseed: \(seed)\n"
                             + "parameters: {coordinator: \(mode), termination: \(termination)}\nworkload: {ops: 40, think: 10ms}\n")
        var rng = SeededRandom(seed: UInt64(seed))
        for _ in 0..<40 {
            let n = NodeID(Int(rng.below(6)))
            r.do(r.sim.status(of: n) == .crashed ? .restart(n) : .crash(n))
            r.run(ms: 250)
            if r.sim.violation != nil { break }
        }
        for k in 0..<6 where r.sim.status(of: NodeID(k)) == .crashed { r.do(.restart(NodeID(k))) }
        r.run(ms: 3_000)
        // The clients keep submitting, so something may be prepared now; nothing may stay so.
        let before = (2...6).map { Set(r.participant($0)?.prepared.keys ?? [:].keys) }
        r.run(ms: 3_000)
        let context = "seed \(seed) (\(mode), \(termination))"
        #expect(r.sim.violation == nil, "\(context): \(String(describing: r.sim.violation))")
        let stuck = (2...6).flatMap { k in before[k - 2].intersection(r.participant(k)?.prepared.keys ?? [:].keys).map { "n\(k):\($0)" } }
        #expect(stuck.isEmpty, "\(context): still prepared 3 s later: \(stuck)")
        let verdict = try TxnChecker.check(history: r.sim.trace.history, options: .init(model: .serializable))
        #expect(verdict.isValid, "\(context): \(verdict)")
    }
}

/// Labs/examples/2pc-mutant-unilateral-abort.yaml stops at the mutant's
/// violation; the same file without the mutant runs clean to its end.
@Suite struct TwoPCExampleTests {
    @Test func theExampleStopsAtTheUnilateralAbortAndTheRealProtocolDoesNot() throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples/2pc-mutant-unilateral-abort.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (name, body) in [("mutant", text), ("real", text.replacingOccurrences(of: "parameters: {mutant: unilateral-abort-when-prepared}\n", with: ""))] {
            let scenario = try ProtocolCatalog.scenario(SourceText(name: path, text: body))
            let run = try ProtocolCatalog.makeRun(scenario)
            run.run(until: VirtualTime(microseconds: 3_000_000))
            #expect(run.violation?.invariant == (name == "mutant" ? TwoPCProperty.preparedWaits.rawValue : nil),
                    "\(name): \(String(describing: run.violation))")
        }
    }
}

