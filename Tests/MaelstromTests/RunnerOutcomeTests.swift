import ClusterSim
import Foundation
import Maelstrom
import Testing

/// Whole runs of small fixture nodes, in process: what each kind of node
/// gets, and that no node process is left when `run()` returns.
@Suite(.serialized) struct RunnerOutcomeTests {
    func run(_ o: MaelstromOptions, _ workload: MaelstromWorkload = EchoWorkload()) -> MaelstromResult {
        let result = MaelstromRunner(options: o, workload: workload).run()
        let pids = result.recorder.pids.flatMap { $0 }
        #expect(!pids.isEmpty)
        for pid in pids { #expect(FixtureNodes.isGone(pid), "node process \(pid) outlived the run") }
        return result
    }

    @Test func aCorrectEchoNodeIsValid() {
        let r = run(FixtureNodes.options("echo.py"))
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        #expect((r.statistics.operations["echo"]?.ok ?? 0) > 0)
        // Every op is in the history as an invoke and a completion, Jepsen-shaped.
        #expect(r.history.filter { $0.type == .invoke }.count == r.history.filter { $0.type != .invoke }.count)
        // Stderr is captured per node, never parsed.
        #expect(r.recorder.stderr[0].contains { $0.text == "started as n1" })
    }

    @Test func aNodeThatPrintsGarbageStopsTheRunNamingTheNodeAndTheLine() {
        let r = run(FixtureNodes.options("garbage.py"))
        guard case .nodeError(let f) = r.outcome else { Issue.record("expected a node error, got \(r.outcome)"); return }
        #expect(f.node.hasPrefix("n"))
        #expect(f.problem.contains("\"got a message: echo\""))
        #expect(f.problem.contains("expected one JSON object a line"))
        #expect(r.exitCode == 2)
    }

    @Test func aNodeThatNeverAnswersInitIsReported() {
        var o = FixtureNodes.options("silent.py", nodes: 2)
        o.initTimeout = 0.5
        let r = run(o)
        guard case .nodeError(let f) = r.outcome else { Issue.record("expected a node error, got \(r.outcome)"); return }
        #expect(f.problem.contains("did not answer init"))
        #expect(f.problem.contains("init_ok"))
    }

    @Test func aNodeWritingAnEndlessLineIsStoppedAtTheLineLimit() {
        var o = FixtureNodes.options("flood.py", nodes: 1)
        o.maxLineBytes = 100_000
        let r = run(o)
        guard case .nodeError(let f) = r.outcome else { Issue.record("expected a node error, got \(r.outcome)"); return }
        #expect(f.problem.contains("longer than 100000 bytes"))
    }

    @Test func aNodeFloodingTheNetworkWithValidMessagesIsStopped() {
        var o = FixtureNodes.options("chatter.py", nodes: 2, seconds: 30)
        o.maxInFlightPerNode = 5_000
        o.link = LinkSettings(latency: .constant(10_000_000))  // nothing arrives during the run: the backlog only grows
        let r = run(o)
        guard case .nodeError(let f) = r.outcome else { Issue.record("expected a node error, got \(r.outcome)"); return }
        #expect(f.problem.contains("flooded the network"))
    }

    @Test func aMissingProgramIsAnErrorNotACrash() {
        var o = FixtureNodes.options("echo.py")
        o.executable = "/nonexistent/node"
        let r = MaelstromRunner(options: o, workload: EchoWorkload()).run()
        guard case .nodeError(let f) = r.outcome else { Issue.record("expected a node error, got \(r.outcome)"); return }
        #expect(f.problem.contains("could not start"))
    }

    @Test func aNodeIgnoringSIGTERMIsStillEndedWhenTheRunEnds() {
        let r = run(FixtureNodes.options("stubborn.py", nodes: 2))
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
    }

    @Test func availabilityTotalMakesEveryUnsuccessfulRequestAnAnomaly() {
        // Over lin-kv most cas requests fail (precondition-failed): safe, but not totally available.
        var o = FixtureNodes.options("kvproxy.py", ["lin-kv"], seconds: 2, rate: 40)
        o.availabilityTotal = true
        let r = run(o, LinKVWorkload(keyCount: 1))
        #expect(r.outcome == .anomalies)
        #expect(r.verdict?.anomalies.contains { $0.hasPrefix("availability:") } == true, "\(ResultReport.text(r))")
        var echo = FixtureNodes.options("echo.py")
        echo.availabilityTotal = true
        #expect(run(echo).outcome == .valid)
    }

    @Test func aKVNodeOverLinKVIsLinearizable() {
        let r = run(FixtureNodes.options("kvproxy.py", ["lin-kv"], seconds: 2, rate: 40), LinKVWorkload(keyCount: 2))
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        #expect(r.statistics.serviceCalls > 0)
    }

    @Test func nodesTrustingLWWKVForLinearizableReadsAreCaught() {
        // lww-kv serves each request from one of three replicas that merge
        // later: reads see old values, which a linearizable history forbids.
        // Seeds vary the replica choices; most runs of this length are caught.
        var caught = 0
        for seed in [UInt64(1), 2, 3] {
            var o = FixtureNodes.options("kvproxy.py", ["lww-kv"], seconds: 2, rate: 60)
            o.seed = seed
            let r = run(o, LinKVWorkload(keyCount: 1))
            if r.outcome == .anomalies { caught += 1; #expect(r.verdict?.anomalies.first?.contains("not linearizable") == true) }
        }
        #expect(caught >= 1, "lww-kv's staleness went unnoticed in every seed")
    }

    @Test func nodesTrustingSeqKVForLinearizableReadsAreCaught() {
        var caught = 0
        for seed in [UInt64(1), 2, 3] {
            var o = FixtureNodes.options("kvproxy.py", ["seq-kv"], seconds: 2, rate: 60)
            o.seed = seed
            if run(o, LinKVWorkload(keyCount: 1)).outcome == .anomalies { caught += 1 }
        }
        #expect(caught >= 1, "seq-kv's staleness went unnoticed in every seed")
    }

    @Test func faultsAreRecordedAndTheTraceKeepsCausality() {
        var o = FixtureNodes.options("gossip_echo.py", nodes: 5, seconds: 3, rate: 30)
        o.nemesis = [.partition, .kill, .pause]
        o.nemesisInterval = 0.3
        o.seed = 11
        o.link = LinkSettings(latency: .uniform(min: 1_000, max: 5_000))
        let r = run(o)
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        let kinds = Set(r.recorder.trace.events.map(\.kind))
        #expect(kinds.contains(.send) && kinds.contains(.deliver))
        #expect(kinds.contains(.partition) || kinds.contains(.crash) || kinds.contains(.pause), "seed 11: no fault recorded")
        // Every delivery names the send that caused it, and happened after it.
        let trace = r.recorder.trace
        for (i, e) in trace.events.enumerated() where e.kind == .deliver {
            let s = trace.causeOf(e)!
            #expect(s < i && trace[s].kind == .send && trace[s].time <= e.time)
        }
        // The exports read the recorded run like a simulated one.
        var lines: [String] = []
        TraceExport.jsonLines(RecordedRun(r)) { lines.append($0) }
        #expect(lines.count == trace.count)
        #expect(lines.contains { $0.contains("\"vc\":") })
        var shiviz: [String] = []
        TraceExport.shiViz(RecordedRun(r)) { shiviz.append($0) }
        #expect(shiviz.count > 2)
    }
}
