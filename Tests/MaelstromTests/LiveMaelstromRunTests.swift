import ClusterSim
import Foundation
import Maelstrom
import Testing
import TestSupport

/// The live view's run: a `ClusterRun` over real processes that the
/// interface plays, pauses (every process stopped) and breaks by hand, and
/// that leaves no process behind when the person quits.
@Suite(.serialized) struct LiveMaelstromRunTests {
    /// A live echo run of `gossip_echo.py` with the workload under way.
    func started(nodes: Int = 3, reference: Bool = false, latency: Int64 = 0) -> LiveMaelstromRun {
        var o = FixtureNodes.options("gossip_echo.py", nodes: nodes, seconds: 600, rate: 20)
        o.link = LinkSettings(latency: .constant(latency))
        // The shipped reference echo node logs to stderr when it starts.
        if reference { o.arguments = [BuiltBinary.packageRoot.appendingPathComponent("Labs/Maelstrom/echo.py").path] }
        o.requestTimeout = 1
        let live = LiveMaelstromRun(runner: MaelstromRunner(options: o, workload: EchoWorkload()), workload: "echo")
        #expect(FixtureNodes.eventually { live.run(until: VirtualTime(microseconds: live.now.microseconds + 50_000))
            return live.runner.isRunningWorkload })
        return live
    }

    /// The process state letter in /proc (`T` stopped, `S` sleeping, `R` running).
    func state(_ pid: Int32) -> String {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "?"
    }

    @Test func playingMovesItsTimeAndShowsProcessesWithPidsAndTheirStderr() {
        let live = started(reference: true)
        defer { live.end() }
        #expect(live.layout.serverCount == 3)
        #expect(live.headline(of: NodeID(0))?.role == "process")
        let pid = live.runner.pids[0]!
        let summary = live.summary(of: NodeID(0))!
        #expect(summary.fields.contains(.init("pid", "\(pid)")))
        #expect(FixtureNodes.eventually { live.run(until: VirtualTime(microseconds: live.now.microseconds + 20_000))
            return !live.recorder.stderr[0].isEmpty })
        #expect(live.summary(of: NodeID(0))!.details.contains { $0.hasPrefix("  ") }, "stderr lines in the inspector")
        #expect(live.stepCount == Int64(live.trace.count) && live.trace.count > 0)
        #expect(live.notice.contains("no seed replay"))
    }

    @Test func freezingStopsEveryProcessAndTheClockAndThawingGoesOn() {
        let live = started()
        defer { live.end() }
        live.setFrozen(true)
        let held = live.now
        let pids = live.runner.pids.compactMap { $0 }
        #expect(FixtureNodes.eventually { pids.allSatisfy { state($0) == "T" } }, "every process stopped")
        usleep(20_000)
        #expect(live.now == held, "the run's clock is held while frozen")
        live.setFrozen(false)
        #expect(FixtureNodes.eventually { pids.allSatisfy { state($0) != "T" } }, "every process continued")
        #expect(FixtureNodes.eventually { live.now > held })
    }

    @Test func crashPausePartitionCutAndHealByHandReachTheProcessesAndTheNetwork() {
        let live = started()
        defer { live.end() }
        let first = live.runner.pids[1]!
        live.perform(.crash(NodeID(1)), at: nil)
        #expect(live.status(of: NodeID(1)) == .crashed && live.headline(of: NodeID(1)) == nil)
        #expect(FixtureNodes.isGone(first), "crash is SIGKILL")
        live.perform(.restart(NodeID(1)), at: nil)
        #expect(live.status(of: NodeID(1)) == .up)
        #expect(live.runner.pids[1] != first, "a restart is a fresh process")
        live.perform(.pause(NodeID(2)), at: nil)
        #expect(FixtureNodes.eventually { state(live.runner.pids[2]!) == "T" })
        live.perform(.resume(NodeID(2)), at: nil)
        live.perform(.partition([[NodeID(0)]]), at: nil)
        #expect(live.network.isPartitioned)
        #expect(live.network.partitionGroups == [[NodeID(0)], [NodeID(1), NodeID(2)]], "the rest form one more group")
        live.perform(.heal, at: nil)
        #expect(!live.network.isPartitioned)
        var cut = LinkSettings(); cut.cut = true
        live.perform(.setLink(from: NodeID(0), to: NodeID(1), cut), at: nil)
        #expect(live.network.cuts.map { [$0.from, $0.to] } == [[NodeID(0), NodeID(1)]])
        let byUser = live.trace.events.filter(\.isByUser).map(\.kind)
        #expect(byUser.contains(.partition) && byUser.contains(.heal) && byUser.contains(.link))
    }

    @Test func aMessageDroppedByHandIsRecordedAsDroppedAndNeverDelivered() throws {
        let live = started(latency: 300_000)
        defer { live.end() }
        #expect(FixtureNodes.eventually { live.run(until: VirtualTime(microseconds: live.now.microseconds + 10_000))
            return !live.inFlight.isEmpty })
        let message = try #require(live.inFlight.first)
        #expect(message.deliverAt > live.now.microseconds, "in flight until its latency has passed")
        live.perform(.drop(message: message.id), at: nil)
        #expect(!live.inFlight.contains { $0.id == message.id })
        let due = message.deliverAt + 100_000
        #expect(FixtureNodes.eventually { live.run(until: VirtualTime(microseconds: due)); return live.now.microseconds >= due })
        #expect(live.recorder.messages[Int(message.id)].delivered == false)
        let drop = live.trace.events.first { $0.kind == .drop && $0.message == message.id }
        #expect(drop.flatMap { TraceEvent.DropReason(rawValue: $0.detail) } == .user)
    }

    @Test func endingItStopsEveryProcessItEverStartedEvenWhileFrozenOrPaused() {
        let live = started()
        live.perform(.crash(NodeID(0)), at: nil)
        live.perform(.restart(NodeID(0)), at: nil)
        live.perform(.pause(NodeID(1)), at: nil)
        live.setFrozen(true)
        live.end()
        #expect(live.endedEarly)
        #expect(live.result != nil)
        let pids = live.recorder.pids.flatMap { $0 }
        #expect(pids.count == 4)
        for pid in pids { #expect(FixtureNodes.isGone(pid), "process \(pid) outlived the run") }
        #expect(!live.run(until: VirtualTime(microseconds: live.now.microseconds + 1_000)), "an ended run plays no more")
        #expect(live.outcomeText != nil)
    }
}
