import Testing
import Foundation
import ClusterSim

/// A schedule the model checker found, replayed as an ordinary run the
/// interface can open: same states, step-back and saved sessions working.
@Suite struct SearchReplayTests {
    static let three = SearchTests.three
    static let buggy = AskFirstNode.Config(grantsEveryAsker: true)

    static func violation() -> (schedule: [ScheduleStep<AskFirstNode>], found: SearchState<AskFirstNode>) {
        let search = StateSearch<AskFirstNode>(layout: three, config: buggy)
        let result = search.run(invariants: [SearchTests.oneLeader])
        return (result.schedule, search.found!)
    }

    static func nodes(_ sim: Simulation<AskFirstNode>) -> [AskFirstNode?] { three.all.map { sim.node($0) } }

    @Test func aReplayedScheduleReachesTheStateTheSearchFound() throws {
        let (schedule, found) = Self.violation()
        #expect(schedule.count == 6)
        let sim = try ScheduleReplay.simulation(layout: Self.three, config: Self.buggy, schedule: schedule)
        #expect(sim.stepCount == Int64(Self.three.count + schedule.count), "the starts, then one step per choice")
        #expect(Self.nodes(sim) == found.nodes)
        #expect(sim.now.microseconds == 0)
        #expect(sim.userActions.count == schedule.count)
        #expect(Set(sim.inFlight.map(\.text)) == Set(found.inFlight.map(\.message.description)))
    }

    /// The replay equals the found state as a whole (messages in flight and
    /// timers too), and with the invariant on, the run stops at the last step.
    @Test func aReplayWithTheInvariantShowsTheViolationAtTheLastStep() throws {
        let (schedule, found) = Self.violation()
        let sim = try ScheduleReplay.simulation(layout: Self.three, config: Self.buggy, schedule: schedule,
                                                invariants: [SearchTests.oneLeader])
        #expect(sim.searchState == found)
        let v = try #require(sim.violation)
        #expect(v.invariant == "at most one leader" && v.message == "2 leaders")
        #expect(v.step == sim.stepCount - 1, "the schedule's last step broke it")
        sim.stepBack(1)
        #expect(sim.violation == nil && sim.searchState != found)
    }

    @Test func stepBackAndForwardOverAReplayGivesTheSameStates() throws {
        let (schedule, found) = Self.violation()
        let sim = try ScheduleReplay.simulation(layout: Self.three, config: Self.buggy, schedule: schedule)
        let end = sim.stepCount
        sim.stepBack(4)
        #expect(Self.nodes(sim).compactMap { $0 }.filter(\.isLeader).count < 2)
        sim.goTo(step: end)
        #expect(Self.nodes(sim) == found.nodes)
    }

    /// `deliver` and `fire` are written to a session file and read back, and
    /// the session replays into a fresh run to the same states.
    @Test func aSessionKeepsDeliverAndFireActions() throws {
        let (schedule, found) = Self.violation()
        let sim = try ScheduleReplay.simulation(layout: Self.three, config: Self.buggy, schedule: schedule)
        let session = Session(scenarioName: "s", scenarioText: "", run: sim)
        let json = String(decoding: try session.encoded(), as: UTF8.self)
        for key in ["\"do\" : \"deliver\"", "\"do\" : \"fire\"", "\"timer\" : \"campaign\""] {
            #expect(json.contains(key), "\(key) in\n\(json)")
        }
        let decoded = try Session.decode(Data(json.utf8), file: "s.json")
        #expect(decoded == session)
        let fresh = try ScheduleReplay.simulation(layout: Self.three, config: Self.buggy, schedule: [ScheduleStep<AskFirstNode>]())
        decoded.replay(into: fresh)
        #expect(Self.nodes(fresh) == found.nodes)
    }

    @Test func aFireWithoutItsTimerIsRefusedWithAMessage() {
        let text = #"{"version": 2, "scenario_name": "g", "scenario_text": "", "seed": 1, "step": 3,"#
            + #" "actions": [{"step": 3, "time_us": 0, "do": "fire", "node": 1}]}"#
        do { _ = try Session.decode(Data(text.utf8), file: "s.json"); Issue.record("accepted a fire with no timer") }
        catch let e as SourceError { #expect(e.message.contains("timer"), "\(e.message)") }
        catch { Issue.record("\(error)") }
    }

    /// A delivery or firing that does not match anything in flight changes nothing.
    @Test func actionsOnMissingMessagesOrTimersDoNothing() throws {
        let sim = try ScheduleReplay.simulation(layout: Self.three, config: Self.buggy, schedule: [ScheduleStep<AskFirstNode>]())
        let before = Self.nodes(sim)
        sim.perform(.deliver(message: 999))
        sim.perform(.fireTimer(NodeID(0), "no-such-timer"))
        #expect(Self.nodes(sim) == before)
        sim.perform(.fireTimer(NodeID(0), "campaign"))
        #expect(sim.node(NodeID(0))?.votedFor == NodeID(0))
        #expect(sim.inFlight.count == 2)
    }

    @Test func aScheduleThatDoesNotFitTheRunIsRefused() throws {
        let (schedule, _) = Self.violation()
        // The fixed protocol does not answer every asker, so the buggy schedule cannot be replayed on it.
        #expect(throws: ScheduleReplayError.self) {
            _ = try ScheduleReplay.simulation(layout: Self.three, config: AskFirstNode.Config(), schedule: schedule)
        }
    }
}
