import Foundation
import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// `protocol: mapreduce` (Dean & Ghemawat, OSDI 2004): the job's output equals
/// a single-node run; a dead worker's completed map tasks are re-executed and
/// its completed reduce tasks are not (§3.3); backup tasks beat a straggler
/// (§3.6); and the checker catches each deliberate bug.
@Suite struct MapReduceTests {
    static func run(_ parameters: String, nodes: Int = 4, seed: UInt64 = 7) throws -> Simulation<MapReduceProcess> {
        let text = "protocol: mapreduce\nnodes: \(nodes)\nseed: \(seed)\nparameters: \(parameters)\n"
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)))
        return try #require(run as? Simulation<MapReduceProcess>)
    }

    static func master(_ sim: Simulation<MapReduceProcess>) throws -> MapReduceMaster {
        try #require(sim.node(NodeID(0))?.master)
    }

    static func runToEnd(_ sim: Simulation<MapReduceProcess>, limit: Int64 = 10_000_000) {
        _ = sim.run(until: { s in s.node(NodeID(0))?.master?.phase == .done }, limit: VirtualTime(microseconds: limit))
    }

    @Test(arguments: MapReduceJob.allCases)
    func theOutputEqualsASingleNodeRun(_ job: MapReduceJob) throws {
        let sim = try Self.run("{job: \(job.rawValue)}")
        Self.runToEnd(sim)
        let m = try Self.master(sim)
        #expect(m.phase == .done && sim.violation == nil)
        #expect(MapReduceChecker.check(m) == nil)
        let expected = MRJobFunctions.singleNode(job, MRCorpus(m.config))
        #expect(m.store.committed.values.reduce(0) { $0 + $1.count } == expected.count)
        #expect(m.mapReexecutions == 0 && m.reduceReexecutions == 0)
    }

    @Test func wordCountCountsEveryWordOfTheCorpus() {
        let corpus = MRCorpus(documents: 5, wordsPerDocument: 7, splits: 2, seed: 3)
        let counts = MRJobFunctions.singleNode(.wordCount, corpus)
        #expect(counts.values.reduce(0) { $0 + Int($1)! } == 35)
        let index = MRJobFunctions.singleNode(.invertedIndex, corpus)
        for (word, docs) in index {
            for d in docs.split(separator: ",") { #expect(corpus.documents[Int(d.dropFirst())!].contains(word)) }
        }
    }

    /// §3.3: "Completed map tasks are re-executed on a failure because their
    /// output is stored on the local disk(s) of the failed machine"; completed
    /// reduce tasks are not, their output being in the global file system.
    @Test func aDeadWorkersCompletedMapsRunAgainButNotItsCompletedReduces() throws {
        let sim = try Self.run("{backup_tasks: false, slow: [n4], slow_factor: 6}")
        let n3 = NodeID(2)
        _ = sim.run(until: { s in (s.node(n3)?.worker?.reducesDone ?? 0) >= 1 }, limit: VirtualTime(microseconds: 5_000_000))
        let w = try #require(sim.node(n3)?.worker)
        let mapsAtN3 = w.files.count
        #expect(mapsAtN3 > 0 && w.reducesDone == 1)
        #expect(try Self.master(sim).phase == .reduce, "another reduce task is still running")
        sim.perform(.crash(n3), at: nil)
        Self.runToEnd(sim)
        let m = try Self.master(sim)
        #expect(m.phase == .done && sim.violation == nil)
        #expect(m.mapReexecutions == mapsAtN3, "every map task completed at n3 ran again")
        #expect(m.reduceReexecutions == 0, "n3's completed reduce stays completed")
        #expect(MapReduceChecker.check(m) == nil)
    }

    @Test func withoutMapReexecutionTheJobIsStuckAndTheCheckerSaysWhy() throws {
        let sim = try Self.run("{backup_tasks: false, reduce_time: 300ms, mutations: [no-map-reexecution]}")
        let n3 = NodeID(2)
        _ = sim.run(until: { s in s.node(NodeID(0))?.master?.phase == .reduce }, limit: VirtualTime(microseconds: 5_000_000))
        sim.perform(.crash(n3), at: nil)
        _ = sim.run(until: VirtualTime(microseconds: 5_000_000))
        let m = try Self.master(sim)
        #expect(m.phase == .reduce)
        let problem = try #require(MapReduceChecker.check(m))
        #expect(problem.contains("job stuck") && problem.contains("n3"), "\(problem)")
        #expect(MapReduceChecker.finalCheck(sim) == problem)
    }

    /// A backup copy of a reduce task under `duplicate-reduce-output` commits a
    /// second time: the invariant stops the run and the output differs.
    @Test func aDuplicatedReduceOutputIsCaught() throws {
        let sim = try Self.run("{slow: [n4], slow_factor: 3, mutations: [duplicate-reduce-output]}")
        _ = sim.run(until: VirtualTime(microseconds: 5_000_000))
        let violation = try #require(sim.violation)
        #expect("\(violation)".contains("committed 2 times"), "\(violation)")
        let m = try Self.master(sim)
        #expect(MapReduceChecker.outputProblem(m.store, m.config)?.contains("appears twice") == true)
    }

    @Test func theCheckerNamesAWrongOrMissingKey() throws {
        let sim = try Self.run("{}")
        Self.runToEnd(sim)
        let m = try Self.master(sim)
        var config = m.config
        config.corpusSeed += 1  // another corpus: the committed output no longer matches
        let problem = try #require(MapReduceChecker.outputProblem(m.store, config))
        #expect(problem.contains("key '"), "\(problem)")
    }

    /// §3.6: with a straggler, backup copies let the job finish while the slow
    /// worker is still busy; without them the job waits for it.
    @Test func backupTasksShortenAJobWithAStraggler() throws {
        let with = try Self.run("{slow: [n3], backup_tasks: true}")
        Self.runToEnd(with)
        let without = try Self.run("{slow: [n3], backup_tasks: false}")
        Self.runToEnd(without)
        let a = try Self.master(with), b = try Self.master(without)
        #expect(a.phase == .done && b.phase == .done)
        #expect(a.backups > 0 && a.backupWins > 0 && b.backups == 0)
        #expect(a.jobMilliseconds < b.jobMilliseconds, "\(a.jobMilliseconds) vs \(b.jobMilliseconds)")
        #expect(MapReduceChecker.check(a) == nil && MapReduceChecker.check(b) == nil)
    }

    @Test func aWorkerMadeSlowFromTheKeyboardBecomesAStraggler() throws {
        let sim = try Self.run("{}")
        sim.perform(.command(NodeID(2), "slow"), at: nil)
        Self.runToEnd(sim)
        #expect(sim.node(NodeID(2))?.worker?.slow == true)
        #expect(try Self.master(sim).backups > 0)
    }

    /// Random crashes and restarts of workers, over seeds: the job still ends
    /// with the single-node output, each partition committed once.
    @Test func crashesAndRestartsNeverChangeTheOutput() throws {
        for seed: UInt64 in 1...12 {
            let sim = try Self.run("{job: inverted-index}", nodes: 5, seed: seed)
            let victim = NodeID(1 + Int(seed % 4))
            _ = sim.run(until: VirtualTime(microseconds: Int64(100_000 + 60_000 * seed)))
            sim.perform(.crash(victim), at: nil)
            _ = sim.run(until: VirtualTime(microseconds: Int64(700_000 + 60_000 * seed)))
            sim.perform(.restart(victim), at: nil)
            Self.runToEnd(sim, limit: 20_000_000)
            let m = try Self.master(sim)
            #expect(m.phase == .done && sim.violation == nil, "seed \(seed)")
            #expect(MapReduceChecker.check(m) == nil, "seed \(seed): \(MapReduceChecker.check(m) ?? "")")
        }
    }

    /// Swarm: each seed picks the job, backups on or off, a straggler or not,
    /// and crashes two workers for good at times drawn from the seed; the
    /// remaining two always finish the job with the single-node output.
    @Test func anyTwoPermanentCrashesAreSurvived() throws {
        for seed: UInt64 in 1...24 {
            var random = SeededRandom(seed: seed)
            let job = MapReduceJob.allCases[Int(random.below(2))]
            let params = "{job: \(job.rawValue), backup_tasks: \(random.below(2) == 0), slow: [n\(2 + random.below(4))], slow_factor: \(1 + random.below(6))}"
            let sim = try Self.run(params, nodes: 5, seed: seed)
            let first = NodeID(1 + Int(random.below(4))), second = NodeID(1 + (first.index + Int(random.below(3))) % 4)
            _ = sim.run(until: VirtualTime(microseconds: Int64(random.below(700_000))))
            sim.perform(.crash(first), at: nil)
            _ = sim.run(until: VirtualTime(microseconds: sim.now.microseconds + Int64(random.below(700_000))))
            sim.perform(.crash(second), at: nil)
            Self.runToEnd(sim, limit: 30_000_000)
            let m = try Self.master(sim)
            #expect(m.phase == .done && sim.violation == nil, "seed \(seed) \(params): \(m.summary.details)")
            #expect(MapReduceChecker.check(m) == nil, "seed \(seed) \(params): \(MapReduceChecker.check(m) ?? "")")
        }
    }

    @Test func badParametersSayWhere() throws {
        #expect(throws: SourceError.self) { try Self.run("{slow: [n1]}") }
        #expect(throws: SourceError.self) { try Self.run("{splits: 20, documents: 5}") }
        #expect(throws: SourceError.self) { try Self.run("{job: grep}") }
    }
}

/// Labs/examples/mapreduce-mutant-no-map-reexecution.yaml ends with a stuck
/// job under the mutant; without it the same crash (n3, at the start of the
/// reduce phase, backups off) is survived. That run deadlocked before
/// workers busy with a waiting reduce could take the re-executed maps.
@Suite struct MapReduceExampleTests {
    @Test func theMutantIsStuckAndTheRealProtocolFinishes() throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples/mapreduce-mutant-no-map-reexecution.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (name, body) in [("mutant", text), ("real", text.replacingOccurrences(of: ", mutations: [no-map-reexecution]", with: ""))] {
            let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: path, text: body)))
            run.run(until: VirtualTime(microseconds: 3_000_000))  // the file crashes n3 at 240 ms
            let sim = try #require(run as? Simulation<MapReduceProcess>)
            let master = try #require(sim.node(NodeID(0))?.master)
            if name == "mutant" {
                #expect(MapReduceChecker.finalCheck(run)?.contains("job stuck") == true, "\(name)")
            } else {
                #expect(master.phase == .done && MapReduceChecker.finalCheck(run) == nil, "\(name): \(master.summary.details)")
                #expect(master.mapReexecutions == 2)
            }
        }
    }
}
