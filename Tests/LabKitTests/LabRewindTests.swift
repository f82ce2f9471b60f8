import Testing
import ClusterSim
@testable import LabKit

/// Going back in a lab (`[`) puts the cluster at the moment a step began on
/// the timeline the student is on now. When they go back, act differently in
/// a task and play on, the moments the first timeline recorded for the later
/// steps no longer exist: going back to one of them must land where the new
/// timeline was, not where the abandoned one had been.
@Suite struct LabRewindTests {
    static let divergingTask = """
        id: diverge
        title: Diverging task
        topic: test
        scenario:
          protocol: gossip
          nodes: 4
          seed: 5
        steps:
          - say: Crash a server or two.
          - id: crash-some
            task: {prompt: "Crash at least one server", goal: "count(up) <= 3"}
          - run: {for: 300ms}
          - id: q2
            ask: {prompt: "?", number: 2}
          - run: {for: 200ms}
          - id: q3
            ask: {prompt: "?", number: 3}
        """

    /// The cluster at one moment, as the student sees it.
    struct Moment: Equatable, CustomStringConvertible {
        let time: Int64, steps: Int64, statuses: [NodeStatus]
        init(_ run: ClusterRun) {
            time = run.now.microseconds
            steps = run.stepCount
            statuses = (0..<run.layout.serverCount).map { run.status(of: NodeID($0)) }
        }
        var description: String { "t=\(time)us step \(steps) \(statuses)" }
    }

    static func crash(_ runner: LabRunner, _ names: [String]) throws {
        for name in names { runner.act(try CommandSyntax.action("crash \(name)", runner.run.layout)) }
        #expect(runner.checkTask()?.correct == true)
    }

    @Test func goingBackAfterTheTimelineDivergedRestoresTheNewTimelinesMoment() throws {
        let lab = try LabLoader.load(SourceText(name: "diverge.yaml", text: Self.divergingTask))
        let runner = try LabRunner(lab: lab)
        let task = lab.index(of: "crash-some")!, q2 = lab.index(of: "q2")!

        // First timeline: one crash, on to q3.
        _ = runner.advance()
        try Self.crash(runner, ["n1"])
        _ = runner.advance()
        let firstAtQ2 = Moment(runner.run)
        _ = runner.answer(.number(2))
        _ = runner.advance()
        #expect(runner.current?.id == "q3")

        // Back to the task; this time two other servers crash.
        runner.rewind(to: task)
        try Self.crash(runner, ["n2", "n3"])
        _ = runner.advance()
        #expect(runner.current?.id == "q2")
        let secondAtQ2 = Moment(runner.run)
        #expect(secondAtQ2 != firstAtQ2, "the timelines diverge (else this test proves nothing)")
        _ = runner.answer(.number(2))
        _ = runner.advance()
        #expect(runner.current?.id == "q3")

        // Back to q2 again: the new timeline's q2, not the abandoned one's.
        runner.rewind(to: q2)
        #expect(runner.current?.id == "q2")
        #expect(Moment(runner.run) == secondAtQ2, "restored \(Moment(runner.run)); first timeline had \(firstAtQ2)")
    }

    /// A resumed lab replays the new timeline's answers and actions, and
    /// lands on the same moment as the live one.
    @Test func aResumedLabAfterADivergedRewindMatchesTheLiveOne() throws {
        let lab = try LabLoader.load(SourceText(name: "diverge.yaml", text: Self.divergingTask))
        let runner = try LabRunner(lab: lab)
        _ = runner.advance()
        try Self.crash(runner, ["n1"])
        _ = runner.advance()
        _ = runner.answer(.number(2))
        _ = runner.advance()
        runner.rewind(to: lab.index(of: "crash-some")!)
        try Self.crash(runner, ["n2", "n3"])
        _ = runner.advance()
        _ = runner.answer(.number(2))
        _ = runner.advance()
        runner.rewind(to: lab.index(of: "q2")!)
        let resumed = try LabRunner.resume(lab, from: runner.record)
        #expect(resumed.current?.id == "q2")
        #expect(Moment(resumed.run) == Moment(runner.run))
        #expect(runner.history["q2"]?.attempts.count == 2, "going back keeps the first answers")
    }

    /// What the student did in a task on the abandoned timeline does not
    /// happen again by itself: going back and checking the task without
    /// acting finds the cluster untouched (as a resumed lab would).
    @Test func goingBackToATaskDoesNotReplayTheActionsTakenThereBefore() throws {
        let lab = try LabLoader.load(SourceText(name: "diverge.yaml", text: Self.divergingTask))
        let runner = try LabRunner(lab: lab)
        let task = lab.index(of: "crash-some")!
        _ = runner.advance()
        try Self.crash(runner, ["n1"])
        _ = runner.advance()
        runner.rewind(to: task)
        #expect(runner.checkTask()?.correct == false, "n1 crashed again though the student did nothing")
        #expect(Moment(runner.run).statuses.allSatisfy { $0 == .up }, "\(Moment(runner.run))")
    }

    /// The same after a `use:` step: acting differently in the second run's
    /// task, then going back to a later question, lands on that run's new
    /// moment; going back before the `use:` still restores the first run.
    @Test func divergingInARunAUseStepStartedRestoresThatRunsNewMoment() throws {
        let text = LabScenarioSwitchTests.twoClusters + """

              - id: crash-some
                task: {prompt: "Crash at least one server", goal: "count(up) <= 4"}
              - run: {for: 300ms}
              - id: q3
                ask: {prompt: "?", number: 3}
            """
        let lab = try LabLoader.load(SourceText(name: "two.yaml", text: text))
        let runner = try LabRunner(lab: lab)
        _ = runner.advance()
        let first = runner.run
        _ = runner.answer(.number(1))
        _ = runner.advance()
        _ = runner.answer(.number(2))
        _ = runner.advance()
        try Self.crash(runner, ["n1"])
        _ = runner.advance()
        let firstAtQ3 = Moment(runner.run)
        runner.rewind(to: lab.index(of: "crash-some")!)
        try Self.crash(runner, ["n2", "n3"])
        _ = runner.advance()
        let secondAtQ3 = Moment(runner.run)
        #expect(secondAtQ3 != firstAtQ3, "the timelines diverge (else this test proves nothing)")
        _ = runner.answer(.number(3))
        runner.rewind(to: lab.index(of: "q3")!)
        #expect(runner.runs.count == 2 && Moment(runner.run) == secondAtQ3)
        runner.rewind(to: lab.index(of: "q1")!)
        #expect(runner.run === first && runner.runs.count == 1 && first.now.microseconds == 200_000)
    }
}
