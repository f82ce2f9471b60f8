import Testing
import ClusterSim
@testable import ClusterProtocols

/// `protocol: streams`: a dataflow with aligned checkpoint barriers
/// (Carbone et al. 2015) restores from its last completed checkpoint after a
/// worker crash; the output checker tells exactly-once from duplicates and
/// from the wrong counts of the `no-alignment` mutant.
@Suite struct StreamTests {
    static func run(_ parameters: String, actions: String = "", network: String = "", seed: UInt64 = 7) throws -> Simulation<StreamProcess> {
        let text = "protocol: streams\nnodes: 5\nseed: \(seed)\nparameters: \(parameters)\n"
            + (network.isEmpty ? "" : "network: \(network)\n")
            + (actions.isEmpty ? "" : "actions:\n\(actions)")
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)))
        return try #require(run as? Simulation<StreamProcess>)
    }

    static func finished(_ sim: Simulation<StreamProcess>) -> Bool { sim.node(NodeID(0))?.jobManager?.finished == true }

    static func report(_ sim: Simulation<StreamProcess>, _ label: String = "") throws -> StreamOutputChecker.Report {
        _ = sim.run(until: { finished($0) }, limit: VirtualTime(microseconds: 20_000_000))
        #expect(finished(sim), "the job finishes \(label)")
        // The last checkpoint's commit is still on its way to the store.
        _ = sim.run(until: VirtualTime(microseconds: sim.now.microseconds + 100_000))
        return try #require(StreamChecks.report(sim))
    }

    /// Crash n4 (a worker running tasks) mid-job, restart it later.
    static let crash = "  - {at: 530ms, crash: n4}\n  - {at: 900ms, restart: n4}\n"

    @Test(arguments: StreamSinkKind.allCases)
    func withoutFailuresEverySinkIsExactlyOnce(_ sink: StreamSinkKind) throws {
        let sim = try Self.run("{sink: \(sink.rawValue)}")
        let r = try Self.report(sim)
        #expect(r.exactlyOnce, "\(r)")
        #expect(sim.node(NodeID(1))!.store!.output.count == StreamOutputChecker.expected(StreamConfig().inputLog, window: 10).count)
    }

    @Test func aPlainSinkWritesResultsAgainAfterARestore() throws {
        let sim = try Self.run("{sink: plain}", actions: Self.crash)
        let r = try Self.report(sim)
        #expect(sim.node(NodeID(0))!.jobManager!.restores == 1)
        #expect(r.duplicateCount > 0 && r.wrong.isEmpty && r.missing.isEmpty, "\(r)")
        #expect(r.description.contains("duplicated: w"), "the report names the (window, key) results: \(r)")
        #expect(StreamChecks.finalCheck(sim)?.contains("duplicated") == true)
    }

    @Test(arguments: [StreamSinkKind.idempotent, .transactional])
    func anExactlyOnceSinkHidesTheReplay(_ sink: StreamSinkKind) throws {
        for seed: UInt64 in 1...10 {
            let sim = try Self.run("{sink: \(sink.rawValue)}", actions: Self.crash, seed: seed)
            let r = try Self.report(sim)
            #expect(sim.node(NodeID(0))!.jobManager!.restores >= 1, "seed \(seed)")
            #expect(r.exactlyOnce, "seed \(seed): \(r)")
        }
    }

    /// Channels are FIFO although the network duplicates and reorders:
    /// sequence numbers put items back in order, so alignment still holds.
    @Test func duplicatedAndReorderedMessagesKeepExactlyOnce() throws {
        for seed: UInt64 in 1...24 {
            let crashed = 3 + Int(seed % 3)
            let sim = try Self.run("{sink: transactional}", actions: "  - {at: 450ms, crash: n\(crashed)}\n  - {at: 800ms, restart: n\(crashed)}\n",
                                   network: "{duplicate: 0.2, reorder: 0.2}", seed: seed)
            let r = try Self.report(sim, "seed \(seed), crash n\(crashed)")
            #expect(r.exactlyOnce, "seed \(seed), crash n\(crashed): \(r)")
        }
    }

    /// What the lab's plain-sink prediction rests on, for every seed: the
    /// duplicates after a restore are the results the sink received after
    /// the restored checkpoint's barrier (n4's `since` at the crash).
    @Test func duplicatesAreTheResultsSinceTheRestoredCheckpoint() throws {
        for seed: UInt64 in 1...12 {
            let sim = try Self.run("{sink: plain}", seed: seed)
            func field(_ name: String) -> Int? { sim.summary(of: NodeID(3))?.fields.first { $0.name == name }.flatMap { Int($0.value) } }
            _ = sim.run(until: { _ in (field("ckpt") ?? 0) >= 2 && (field("since") ?? 0) >= 3 }, limit: VirtualTime(microseconds: 3_000_000))
            let since = try #require(field("since"), "seed \(seed)")
            sim.perform(.crash(NodeID(3)), at: nil)
            let r = try Self.report(sim, "seed \(seed)")
            #expect(r.duplicateCount == since && r.wrong.isEmpty && r.missing.isEmpty, "seed \(seed): since \(since), \(r)")
        }
    }

    /// The job manager keeps its checkpoints across its own crash.
    @Test func aJobManagerRestartRestoresFromItsLastCheckpoint() throws {
        let sim = try Self.run("{sink: transactional}", actions: "  - {at: 450ms, crash: n1}\n  - {at: 600ms, restart: n1}\n")
        let r = try Self.report(sim)
        #expect(sim.node(NodeID(0))!.jobManager!.restores == 1 && r.exactlyOnce, "\(r)")
    }

    @Test func withoutAlignmentARestoreLosesCounts() throws {
        let sim = try Self.run("{sink: transactional, alignment: no-alignment}", actions: Self.crash)
        let r = try Self.report(sim)
        #expect(!r.wrong.isEmpty, "\(r)")
        #expect(r.description.contains("wrong counts: w"), "\(r)")
        #expect(StreamChecks.finalCheck(sim) != nil)
    }

    @Test func theCheckerNamesDuplicatesAndWrongCounts() {
        let log = StreamInputLog(partitions: 1, events: 6, keys: 1, seed: 1)
        let want = StreamOutputChecker.expected(log, window: 1_000)
        let slot = want.keys.first!, n = want[slot]!
        let good = [StreamResult(window: slot.window, key: slot.key, count: n)]
        #expect(StreamOutputChecker.check(good, log: log, window: 1_000).exactlyOnce)
        let twice = StreamOutputChecker.check(good + good, log: log, window: 1_000)
        #expect(twice.duplicateCount == 1 && twice.description == "duplicated: \(slot) ×2")
        let off = StreamOutputChecker.check([StreamResult(window: slot.window, key: slot.key, count: n - 1)], log: log, window: 1_000)
        #expect(off.description == "wrong counts: \(slot) = \(n - 1), not \(n)")
        #expect(StreamOutputChecker.check([], log: log, window: 1_000).description == "missing: \(slot)")
    }

    /// Alignment holds back a channel whose barrier came first; a mutant does not.
    @Test func alignmentBlocksAChannelUntilEveryBarrierArrives() {
        var a = StreamAligner(inputs: 2, mode: .aligned)
        #expect(a.accept(.barrier(1), from: 0) == .hold)
        #expect(a.accept(.record(StreamEvent(key: 0, time: 5)), from: 0) == .hold)
        #expect(a.accept(.record(StreamEvent(key: 0, time: 4)), from: 1) == .process)
        #expect(a.accept(.barrier(1), from: 1) == .snapshot(1))
        #expect(a.release().map(\.item) == [.record(StreamEvent(key: 0, time: 5))])
        var m = StreamAligner(inputs: 2, mode: .noAlignment)
        #expect(m.accept(.barrier(1), from: 0) == .snapshot(1))
        #expect(m.accept(.record(StreamEvent(key: 0, time: 5)), from: 0) == .process)
        #expect(m.accept(.barrier(1), from: 1) == .hold)
    }

    @Test func badSettingsSayWhere() {
        for (text, words) in [("nodes: 2\n", "at least 3 nodes"),
                              ("nodes: 5\nparameters: {sink: exactly}\n", "sink"),
                              ("nodes: 5\nparameters: {heartbeat: 300ms}\n", "longer than heartbeat")] {
            #expect(throws: SourceError.self) { _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: "protocol: streams\n" + text))) }
            do { _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: "protocol: streams\n" + text))) } catch {
                #expect("\(error)".contains(words) && "\(error)".contains("t.yaml:"), "\(error)")
            }
        }
    }
}
