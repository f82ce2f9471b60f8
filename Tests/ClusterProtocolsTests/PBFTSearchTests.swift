import Testing
import ClusterSim
import ClusterProtocols

/// The model checker over PBFT's delivery orders (f = 1, a primary that
/// equivocates, two clients with one request each): with n = 3f it finds
/// the shortest schedule that splits the honest backups and replays it as an
/// ordinary run; with n = 3f + 1 no order explored splits them.
@Suite struct PBFTSearchTests {
    static func config(f: Int = 1) -> PBFTConfig {
        var c = PBFTConfig(); c.f = f; c.byzantine = [0]; c.behaviour = .equivocate; c.opsPerClient = 1
        return c
    }

    /// Two requests reach the primary; each backup gets its own pre-prepare
    /// for #1 (it is then prepared: 2f − 1 = 1 PREPARE, its own) and the
    /// primary's COMMIT: six deliveries.
    @Test func threeReplicasWithOneLiarAreSplitInSixDeliveries() throws {
        let layout = ClusterLayout(servers: 3, clients: 2)
        let search = StateSearch<PBFTProcess>(layout: layout, config: Self.config())
        let result = search.run(invariants: PBFTInvariants.stateInvariants)
        guard case .violation(let name, let message, let schedule) = result else { Issue.record("\(result)"); return }
        #expect(name == PBFTInvariants.agreementName, "\(message)")
        #expect(schedule.count == 6, "\(schedule)")
        #expect(schedule.filter { $0.text.hasPrefix("deliver PrePrepare") }.count == 2, "\(schedule)")

        let sim = try ScheduleReplay.simulation(layout: layout, config: Self.config(), schedule: schedule,
                                                invariants: PBFTInvariants.stateInvariants)
        #expect(sim.violation?.invariant == PBFTInvariants.agreementName)
    }

    /// Four replicas, the same liar: every order of deliveries to a depth
    /// well past the six that split three replicas, and no split.
    @Test func fourReplicasWithOneLiarAgreeInEveryOrderExplored() {
        let layout = ClusterLayout(servers: 4, clients: 2)
        let search = StateSearch<PBFTProcess>(layout: layout, config: Self.config(),
                                              settings: SearchSettings(maxDepth: 12, maxStates: 40_000))  // every schedule of up to 7 deliveries
        let result = search.run(invariants: PBFTInvariants.stateInvariants)
        switch result {
        case .exhausted: break
        case .limit:
            print("pbft search: \(search.statistics)")
            #expect(search.statistics.depth >= 8, "every schedule of up to 7 deliveries; explored to depth \(search.statistics.depth)")
        default: Issue.record("\(result)")
        }
    }

    /// A backup that votes both ways, even among three replicas (n = 3f),
    /// splits no one: the honest primary's pre-prepare fixes each request's
    /// number. Every delivery order of one request from one client.
    /// (Four replicas pass 300,000 states to depth 14 without ending: too many to explore here.)
    @Test(arguments: [3])
    func aLyingBackupSplitsNoOneInAnyOrder(replicas: Int) {
        var c = Self.config(); c.byzantine = [replicas - 1]; c.behaviour = .conflictingVotes
        let search = StateSearch<PBFTProcess>(layout: ClusterLayout(servers: replicas, clients: 1), config: c,
                                              settings: SearchSettings(maxDepth: 40, maxStates: 300_000))
        let result = search.run(invariants: PBFTInvariants.stateInvariants)
        guard case .exhausted(let states, _) = result else { Issue.record("\(result)"); return }
        print("pbft search, \(replicas) replicas, lying backup: \(states) states, all explored")
    }
}
