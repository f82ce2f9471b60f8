import ClusterProtocols
import ClusterSim
import Testing
@testable import TerminalUI

/// How fast the interface shows things happening: the default speed, `u`
/// (run until something worth seeing), pausing at scripted actions, and the
/// steady workload of a sandbox. Wall time is the fake one the run loop
/// would report (frames of 1/30 s), never the real clock.
@Suite struct PacingTests {
    func makeRun(_ text: String, name: String = "test") throws -> ClusterRun {
        try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: name, text: text)))
    }

    func sandbox(_ name: String) throws -> ClusterRun {
        let servers = ProtocolCatalog.definition(named: name)!.defaultServers
        let source = ScenarioSource.sandbox(name, servers: servers, seed: 1)
        return try makeRun(source.text, name: source.name)
    }

    /// Plays at the state's speed for up to `seconds` of wall time, a frame at a time, until `done`.
    func play(_ state: inout AppState, _ run: ClusterRun, seconds: Double, until done: () -> Bool) -> Double {
        state.isPlaying = true
        var wall = 0.0
        while wall < seconds && !done() && state.isPlaying {
            reduce(&state, .wallClockAdvanced(seconds: 1.0 / 30), run)
            wall += 1.0 / 30
        }
        return wall
    }

    @Test func aRaftElectionShowsWithinAFewSecondsAtTheDefaultSpeed() throws {
        let run = try sandbox("raft")
        var state = AppState()
        let wall = play(&state, run, seconds: 30) { !MilestoneWatch.leaders(run).isEmpty }
        #expect(!MilestoneWatch.leaders(run).isEmpty, "no leader after 30 s of play at \(Speed.label(state.speed))")
        #expect(wall <= 6, "the first leader took \(wall) s of wall time at \(Speed.label(state.speed))")
    }

    @Test func uRunsToTheFirstLeaderAndSaysSo() throws {
        let run = try sandbox("raft")
        var state = AppState()
        reduce(&state, .runUntilPressed, run)
        #expect(MilestoneWatch.leaders(run).count == 1)
        #expect(state.message?.text.hasPrefix("stopped at leader now n") == true, "\(state.message?.text ?? "no message")")
        #expect(state.displayedTime == run.now.microseconds)
        #expect(!state.isPlaying)
    }

    static let scripted = """
        protocol: gossip
        seed: 7
        nodes: 4
        actions:
          - {at: 400ms, partition: "n1 n2 | n3 n4"}
          - {at: 900ms, heal: true}
        """

    @Test func uStopsAtAScriptedPartitionThenAtItsHeal() throws {
        let run = try makeRun(PacingTests.scripted)
        var state = AppState()
        reduce(&state, .runUntilPressed, run)
        #expect(run.now.microseconds == 400_000)
        #expect(state.message?.text.contains("scripted action") == true, "\(state.message?.text ?? "no message")")
        reduce(&state, .runUntilPressed, run)
        #expect(run.now.microseconds == 900_000)
        #expect(!run.network.isPartitioned)
    }

    @Test func uInALabIsRefused() throws {
        // A lab moves time through its steps: `u` is one of the keys it keeps.
        #expect(AppAction.runUntilPressed.movesTime)
    }

    @Test func playPausesAtScriptedActionsOnlyWhenAsked() throws {
        let run = try makeRun(PacingTests.scripted)
        var state = AppState()
        state.speed = 1
        _ = play(&state, run, seconds: 2) { false }
        #expect(run.now.microseconds > 900_000, "without U play runs through the script")

        let paused = try makeRun(PacingTests.scripted)
        var instructor = AppState()
        instructor.speed = 1
        reduce(&instructor, .pauseAtScriptedToggled, paused)
        _ = play(&instructor, paused, seconds: 2) { false }
        #expect(!instructor.isPlaying)
        #expect(paused.now.microseconds == 400_000, "paused at the partition, not after it")
        #expect(instructor.message?.text.hasPrefix("paused at scripted action") == true)
        _ = play(&instructor, paused, seconds: 2) { false }
        #expect(paused.now.microseconds == 900_000, "space goes on to the next scripted action")
    }

    @Test func aCRDTSandboxKeepsUpdatingUntilPaused() throws {
        let run = try sandbox("crdt")
        run.run(until: VirtualTime(microseconds: 20_000_000))
        let late = run.trace.events.filter { $0.kind == .log && $0.time >= 15_000_000 }
            .compactMap { run.trace.text(of: $0) }.filter { $0.hasPrefix("inc ") || $0.hasPrefix("add ") || $0.hasPrefix("set ") || $0.hasPrefix("remove ") }
        #expect(!late.isEmpty, "no replica updated itself between 15 s and 20 s of virtual time")
    }

    @Test(arguments: ["raft", "quorum", "balancer", "redis"])
    func aSandboxKeepsItsClientsBusyUntilPaused(_ name: String) throws {
        let run = try sandbox(name)
        run.run(until: VirtualTime(microseconds: 20_000_000))
        let servers = Int32(run.layout.serverCount)
        let late = run.trace.events.filter { $0.kind == .send && $0.node >= servers && $0.time >= 15_000_000 }.count
        #expect(late > 0, "\(name): no client request between 15 s and 20 s of virtual time")
    }
}
