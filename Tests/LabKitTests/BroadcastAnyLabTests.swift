import Foundation
import Testing
import ClusterSim
import TestSupport
import Maelstrom
@testable import LabKit
#if canImport(Glibc)
import Glibc
#endif

/// The lab "Gossip under partitions" on real node processes: its run lasts
/// the wall time a step asks for, it cannot be rewound, its prediction's key
/// comes from the processes' reads (right for the reference node, the other
/// answer for the node that never resends), and no node process outlives it.
@Suite(.serialized) struct BroadcastAnyLabTests {
    static let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/replication/broadcast-any.yaml").path
    static let answersPath = LabLibrary.answersPath(for: path)

    func lab() throws -> Lab {
        try LabLoader.load(SourceText(name: Self.path, text: String(contentsOfFile: Self.path, encoding: .utf8)))
    }

    /// True when `pid` is gone (ended and reaped: a zombie still answers signal 0).
    func isGone(_ pid: Int32) -> Bool { kill(pid, 0) == -1 && errno == ESRCH }

    @Test func aRunStepLastsItsWallTimeAndRewindIsRefused() throws {
        guard MaelstromLabSupport.canPlay(Self.path) else { return }
        let runner = try LabRunner(lab: try lab())
        defer { runner.end() }
        _ = runner.advance()  // the narration and `run: {for: 2s}`, up to the task
        // LiveMaelstromRun gives control back after 300 ms; the step must go on to 2 s.
        #expect(runner.run.now.microseconds >= 2_000_000, "the run stopped at \(runner.run.now)")
        #expect(runner.run is WallClockRun)
        // With every node a neighbour of every other (3 nodes), a broadcast costs at least 2 messages between servers.
        let value = { (t: String) in try Predicate(text: t, expr: PredicateParser.parse(t)).value(in: runner.world) }
        let (messages, broadcasts) = (try value("server_messages()"), try value("broadcasts_acked()"))
        #expect(try value("broadcasts_acked() >= 1 && server_messages() / broadcasts_acked() >= 2").truth,  // any count: a loaded machine runs fewer
                "\(messages) messages, \(broadcasts) broadcasts")
        #expect(try value("broadcast_readers(0) == 3").truth)
        // Waiting for the student takes none of the run's time: its clock is held.
        let waiting = runner.run.now
        usleep(200_000)
        #expect(runner.run.now == waiting)
        #expect(!runner.canRewind)
        #expect(runner.rewindRefusal?.contains("cannot be re-run") == true)
        let at = runner.position
        runner.rewind(to: 0)
        #expect(runner.position == at, "a wall-clock run was rewound")
    }

    @Test func noNodeProcessOutlivesTheLab() throws {
        guard MaelstromLabSupport.canPlay(Self.path) else { return }
        var pids: [Int32] = []
        do {
            // Dropped without end(): the runner's deinit ends the processes.
            let runner = try LabRunner(lab: try lab())
            _ = runner.advance()
            pids = try #require(runner.run as? LiveMaelstromRun).recorder.pids.flatMap { $0 }
        }
        #expect(pids.count == 3)
        #expect(pids.allSatisfy(isGone), "left running: \(pids.filter { !isGone($0) })")
    }

    @Test func theReferenceNodeKeepsEveryAcknowledgedMessage() throws {
        guard MaelstromLabSupport.canPlay(Self.path) else { return }
        let sheet = try AnswerSheet.load(SourceText(name: Self.answersPath, text: String(contentsOfFile: Self.answersPath, encoding: .utf8)))
        let outcome = try LabPlayer.play(try lab(), answers: sheet)
        #expect(outcome.lines.last == "score=3/3", "\(outcome.lines.joined(separator: "\n"))")
        #expect(outcome.problems.isEmpty)
    }

    /// Through the program, as a student runs it: `--bin` picks the node.
    @Test func aNodeThatNeverResendsLosesMessagesAndThePredictionSaysSo() throws {
        guard MaelstromLabSupport.canPlay(Self.path) else { return }
        let r = try BuiltBinary.run(["lab", "play", "broadcast-any", "--bin", "Labs/Maelstrom/broadcast_broken.py",
                                     "--answers", Self.answersPath], in: BuiltBinary.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("prediction: a → wrong (+0) What happened: No"), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("score=2/3\n"), "\(r.stdout)")
    }

    @Test func aNodeThatPrintsGarbageStopsTheLabWithItsLine() throws {
        guard MaelstromLabSupport.canPlay(Self.path) else { return }
        let r = try BuiltBinary.run(["lab", "validate", "--bin", "Labs/Maelstrom/garbage.py", Self.path], in: BuiltBinary.packageRoot)
        #expect(r.status == 2)
        #expect(r.stderr.contains("broadcast-any.yaml:37:5: the node processes stopped: run stopped:"), "\(r.stderr)")
        #expect(r.stderr.contains("is not a Maelstrom message"), "\(r.stderr)")
    }

    /// A node that dies part-way through the lab (n2 exits at its 3rd
    /// broadcast): `lab play` reports it at the step, with the node and its
    /// last stderr line, and exits 2 like `lab validate`; it exited 0 before.
    @Test func aNodeThatDiesPartWayStopsThePlayWithTheNodeAndItsLastLine() throws {
        guard MaelstromLabSupport.canPlay(Self.path) else { return }
        let r = try BuiltBinary.run(["lab", "play", "broadcast-any", "--bin", "Tests/MaelstromTests/Fixtures/dies_midway.py",
                                     "--answers", Self.answersPath], in: BuiltBinary.packageRoot)
        #expect(r.status == 2, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stderr.range(of: #"broadcast-any\.yaml:\d+:\d+: the node processes stopped: run stopped: n2 exited unexpectedly"#,
                               options: .regularExpression) != nil, "\(r.stderr)")
        #expect(r.stderr.contains("its last stderr line: the bug: n2 gives up after 3 broadcasts"), "\(r.stderr)")
    }

    @Test func aMissingProgramIsReportedAtTheScenario() throws {
        let r = try BuiltBinary.run(["lab", "play", "broadcast-any", "--bin", "./no-such-node.py",
                                     "--answers", Self.answersPath], in: BuiltBinary.packageRoot)
        #expect(r.status == 2)
        #expect(r.stderr.contains("broadcast-any.yaml:") && r.stderr.contains("--bin ./no-such-node.py: no such executable program"), "\(r.stderr)")
    }
}

/// A task's check on real processes waits up to the task's limit, not just
/// the fraction of a second one call of the run gives back (a real cluster
/// needs seconds to elect a leader after a heal).
@Suite(.serialized) struct MaelstromTaskLimitTests {
    static let lab = """
        id: wall-task
        title: A task on real processes
        topic: test
        scenario: {protocol: maelstrom, nodes: 1, clients: 1, workload: {name: broadcast, rate: 5}}
        steps:
          - id: wait
            task: {prompt: "Wait.", goal: "now >= 1500000", limit: 3s}
        """

    @Test func aTaskOnRealProcessesIsCheckedUpToItsLimit() throws {
        guard MaelstromLabSupport.ready else { print("skipped: python3 is not on PATH"); return }
        let runner = try LabRunner(lab: try LabLoader.load(SourceText(name: "wall-task.yaml", text: Self.lab)))
        defer { runner.end() }
        _ = runner.advance()
        #expect(runner.run is WallClockRun)
        let verdict = runner.checkTask()
        #expect(verdict?.correct == true, "\(String(describing: verdict)) at \(runner.run.now)")
    }
}
