import ClusterSim
import ClusterProtocols

/// The MIT 6.824 Raft tests (2A–2D) re-created as engine runs. Each takes a
/// seed and the config to run (so the mutation tests can run them with a
/// bug switched on) and returns the finished cluster; `failure` says what,
/// if anything, went wrong: an invariant, a liveness expectation, or the
/// linearizability of the clients' history.
enum RaftScenario: String, CaseIterable, Sendable {
    case initialElection, reElection, manyElections
    case failNoAgree, rejoin, backup
    case persistAll, persistMinority, persistLeaderAndFollower, crashAfterVoting, figure8Unreliable, churn
    case snapshots

    func run(seed: UInt64, config base: RaftConfig = RaftConfig()) -> RaftCluster {
        var rng = SeededRandom(seed: seed ^ 0x5EED_0F_5CE7A810)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.below(UInt64(xs.count)))] }
        func config(ops: Int, _ adjust: (inout RaftConfig) -> Void = { _ in }) -> RaftConfig {
            var c = base
            c.workload.opsPerClient = ops
            adjust(&c)
            return c
        }
        switch self {
        case .initialElection:
            // 2A: a leader is elected, and with no failures keeps its term.
            let c = RaftCluster(servers: 3, clients: 1, config: config(ops: 10), seed: seed)
            guard let l = c.checkOneLeader() else { return c }
            let term = c.server(l)!.currentTerm
            c.run(for: 2_000_000)
            c.expectLiveness(c.stableLeader == l && c.server(l)?.currentTerm == term,
                             "the term changed with no failures")
            c.awaitClients()
            return c

        case .reElection:
            // 2A: a new leader after the old one is cut off; none without a majority.
            let c = RaftCluster(servers: 3, clients: 2, config: config(ops: 20), seed: seed)
            guard let l1 = c.checkOneLeader() else { return c }
            c.partition([[l1]])
            guard c.checkOneLeader() != nil else { return c }
            c.heal()
            c.checkOneLeader()
            c.partition(c.layout.servers.map { [$0] })  // every server alone
            c.checkNoLeader()
            c.heal()
            return c.finish()

        case .manyElections:
            // 2A: seven servers; three at a time are cut off, a leader emerges each time.
            let c = RaftCluster(servers: 7, clients: 2, config: config(ops: 20), seed: seed)
            c.checkOneLeader()
            for _ in 0..<5 {
                var ids = c.layout.servers
                var cut: [NodeID] = []
                for _ in 0..<3 { cut.append(ids.remove(at: Int(rng.below(UInt64(ids.count))))) }
                c.partition([cut])
                c.checkOneLeader()
                c.heal()
            }
            return c.finish()

        case .failNoAgree:
            // 2B: a leader cut off with one follower commits nothing; after healing all goes on.
            let c = RaftCluster(servers: 5, clients: 3, config: config(ops: 20), seed: seed)
            guard let l = c.checkOneLeader() else { return c }
            c.run(for: 200_000)
            let follower = c.layout.servers.first { $0 != l }!
            c.partition([[l, follower]])
            // Entries it appends from now on reach at most 2 of 5 servers.
            let last = c.server(l)!.log.lastIndex
            c.run(for: 1_000_000)
            if let s = c.server(l), s.role == .leader {
                c.expectLiveness(s.commitIndex <= last,
                                 "a leader with 2 of 5 servers committed index \(s.commitIndex) (last was \(last))")
            }
            c.heal()
            return c.finish()

        case .rejoin:
            // 2B: a partitioned leader, which took requests, rejoins after a new leader committed.
            // Read-heavy, with impatient clients: some give up on l1 and write
            // through l2 while others still read at l1.
            let c = RaftCluster(servers: 3, clients: 3, config: config(ops: 40) {
                $0.workload.readWeight = 4; $0.workload.timeout = 300_000
            }, seed: seed)
            guard let l1 = c.checkOneLeader() else { return c }
            c.run(for: 300_000)  // every key written
            c.partition([[l1]])
            c.run(for: 300_000)
            guard let l2 = c.checkOneLeader() else { return c }
            // Long enough for clients to give up on l1 and find l2.
            c.run(for: 1_500_000)
            c.partition([[l2]])  // l1 is back, with the third server
            c.checkOneLeader()
            c.run(for: 300_000)
            c.heal()
            return c.finish()

        case .backup:
            // 2B: leaders with stale uncommitted entries must be backed up over many entries.
            // Impatient clients wander between the sides: some write through
            // the majority while others still talk to the old leader.
            let c = RaftCluster(servers: 5, clients: 4, config: config(ops: 40) {
                $0.workload.readWeight = 6; $0.workload.timeout = 200_000
            }, seed: seed)
            guard let l1 = c.checkOneLeader() else { return c }
            c.run(for: 300_000)  // every key written
            let others = c.layout.servers.filter { $0 != l1 }
            c.partition([[l1, others[0]]])
            c.run(for: 1_200_000)
            guard let l2 = c.checkOneLeader() else { return c }
            let side = others.dropFirst().filter { $0 != l2 }
            c.partition([[l2, side.first!], [l1, others[0], side.last!]])
            c.run(for: 800_000)
            c.heal()
            return c.finish()

        case .persistAll:
            // 2C: every server crashes and restarts, repeatedly; nothing committed is lost.
            let c = RaftCluster(servers: 3, clients: 2, config: config(ops: 25), seed: seed)
            for _ in 0..<3 {
                c.checkOneLeader()
                c.run(for: Int64(100_000 + rng.below(300_000)))
                for n in c.layout.servers { c.crash(n) }
                c.run(for: 50_000)
                for n in c.layout.servers { c.restart(n) }
            }
            return c.finish()

        case .persistMinority:
            // 2C: a minority (perhaps with the leader) crashes and comes back, repeatedly.
            let c = RaftCluster(servers: 5, clients: 2, config: config(ops: 25), seed: seed)
            for _ in 0..<4 {
                c.checkOneLeader()
                var ids = c.layout.servers
                let down = (0..<2).map { _ in ids.remove(at: Int(rng.below(UInt64(ids.count)))) }
                for n in down { c.crash(n) }
                c.checkOneLeader()
                c.run(for: Int64(rng.below(300_000)))
                for n in down { c.restart(n) }
            }
            return c.finish()

        case .persistLeaderAndFollower:
            // 2C: the leader and one follower crash together; the rest carry on.
            let c = RaftCluster(servers: 5, clients: 2, config: config(ops: 25), seed: seed)
            for _ in 0..<3 {
                guard let l = c.checkOneLeader() else { return c }
                c.run(for: Int64(rng.below(200_000)))
                let f = pick(c.layout.servers.filter { $0 != l })
                c.crash(l); c.crash(f)
                c.checkOneLeader()
                c.run(for: Int64(rng.below(300_000)))
                c.restart(l); c.restart(f)
            }
            return c.finish()

        case .crashAfterVoting:
            // 2C: with the leader down, every server that grants a vote
            // crashes and restarts at once; its vote must survive.
            let c = RaftCluster(servers: 5, clients: 2, config: config(ops: 20), seed: seed)
            for _ in 0..<6 {
                guard let l = c.checkOneLeader() else { return c }
                c.crash(l)
                let until = c.now + 1_000_000
                func vote(_ n: NodeID) -> Int? { c.server(n).map { $0.currentTerm * 1_000 + ($0.votedFor?.index ?? 999) } }
                var votes = c.layout.servers.map(vote)
                while c.now < until, c.sim.violation == nil, c.sim.step() {
                    for n in c.layout.servers {
                        let v = vote(n)
                        if let v, let old = votes[n.index], v != old, let s = c.server(n), s.votedFor != nil,
                           s.votedFor != n {
                            c.crash(n); c.restart(n)
                        }
                        votes[n.index] = vote(n)
                    }
                }
                c.restart(l)
            }
            return c.finish()

        case .figure8Unreliable:
            // 2C: long reordering, loss and duplication; leaders crash at random moments.
            let c = RaftCluster(servers: 5, clients: 3, config: config(ops: 30), seed: seed,
                                network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000), loss: 0.05,
                                                      duplicate: 0.05, reorder: 0.25))
            var down: [NodeID] = []
            for _ in 0..<12 {
                c.run(for: Int64(rng.below(rng.chance(0.1) ? 600_000 : 60_000)))
                if let l = c.layout.servers.first(where: { c.server($0)?.role == .leader }), rng.chance(0.5) {
                    c.crash(l); down.append(l)
                }
                if down.count >= 2 { c.restart(down.removeFirst()) }
            }
            for n in down { c.restart(n) }
            return c.finish(leaderWithin: 10_000_000)

        case .churn:
            // 2C: random crashes, restarts and partitions under load on a lossy network.
            let c = RaftCluster(servers: 5, clients: 3, config: config(ops: 30), seed: seed,
                                network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000), loss: 0.02))
            churn(c, rounds: 12, &rng)
            return c.finish(leaderWithin: 10_000_000)

        case .snapshots:
            // 2D: compaction every few entries, with crashes and partitions, so
            // lagging and restarted servers need InstallSnapshot.
            let c = RaftCluster(servers: 5, clients: 3, config: config(ops: 40) { $0.snapshotThreshold = 8 }, seed: seed)
            churn(c, rounds: 10, &rng)
            c.checkOneLeader(within: 10_000_000)
            c.awaitClients()
            c.expectLiveness(c.servers.contains { ($0?.log.snapshotIndex ?? 0) > 0 }, "no server took a snapshot")
            return c
        }
    }

    /// Crashes, restarts, partitions and heals at random, keeping the cluster
    /// able to recover: then heals and restarts everything.
    private func churn(_ c: RaftCluster, rounds: Int, _ rng: inout SeededRandom) {
        for _ in 0..<rounds {
            c.run(for: Int64(50_000 + rng.below(400_000)))
            let servers = c.layout.servers
            let down = servers.filter { c.sim.status(of: $0) == .crashed }
            switch rng.below(4) {
            case 0 where down.count < 2:
                c.crash(servers[Int(rng.below(UInt64(servers.count)))])
            case 1 where !down.isEmpty:
                c.restart(down[Int(rng.below(UInt64(down.count)))])
            case 2:
                c.partition([servers.filter { _ in rng.chance(0.4) }])
            default:
                c.heal()
            }
        }
        c.heal()
        for n in c.layout.servers where c.sim.status(of: n) == .crashed { c.restart(n) }
    }
}
