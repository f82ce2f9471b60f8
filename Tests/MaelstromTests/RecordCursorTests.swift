import ClusterSim
import Foundation
import Maelstrom
import Testing
import TestSupport

/// Stepping back through a recorded run of real processes: a cursor over
/// the record. At every cursor the views read exactly the record's prefix —
/// its events, the messages then in flight, each node's status and the
/// network — and the processes themselves are not rewound.
@Suite(.serialized) struct RecordCursorTests {
    /// A seeded random record of 3 servers and 1 client: sends, deliveries,
    /// drops, crashes, restarts, pauses, partitions, heals, log lines and ops.
    func randomRecord(seed: UInt64, events: Int = 400) -> RunRecorder {
        var random = SeededRandom(seed: seed)
        let r = RunRecorder(layout: ClusterLayout(servers: 3, clients: 1))
        var net = WallNetwork(link: LinkSettings())
        var open: [Int64] = []
        for s in 0..<3 { r.started(node: s, pid: Int32(100 + s)) }
        var time: Int64 = 0
        while r.trace.count < events {
            time += Int64(random.below(3))  // ties in time on purpose: the cursor counts events, not time
            let node = Int(random.below(3))
            switch random.below(9) {
            case 0, 1, 2:
                open.append(r.send(time: time, from: node, to: Int(random.below(4)), kind: "gossip",
                                   bytes: Array("{\"n\":\(time)}".utf8), isReply: false))
            case 3 where !open.isEmpty, 4 where !open.isEmpty:
                r.deliver(time: time, message: open.remove(at: Int(random.below(UInt64(open.count)))))
            case 5 where !open.isEmpty:
                r.drop(time: time, message: open.remove(at: Int(random.below(UInt64(open.count)))), reason: .lost)
            case 6:
                let kind: [TraceEvent.Kind] = [.crash, .restart, .pause, .resume, .log]
                let k = kind[Int(random.below(5))]
                if k == .restart { r.started(node: node, pid: Int32(200 + r.trace.count)) }
                r.nodeEvent(k, time: time, node: node, text: "\(k.name) at \(time)")
            case 7:
                if random.chance(0.5) { net.partition([["n\(node + 1)"]]) } else { net.heal() }
                r.networkEvent(net.groups == nil ? .heal : .partition, time: time, text: "net", network: net)
            default:
                r.operation(time: time, node: 3, MaelstromOperation(process: 0, type: .invoke, f: "read", value: .int(time), node: "n1"))
            }
        }
        return r
    }

    /// What a naive replay of the first `k` events says is in flight.
    func replayedInFlight(_ r: RunRecorder, _ k: Int) -> [Int64] {
        var open = Set<Int64>()
        for e in r.trace.events[..<k] {
            if e.kind == .send { open.insert(e.message) }
            if e.kind == .deliver || e.kind == .drop { open.remove(e.message) }
        }
        return open.sorted()
    }

    @Test(arguments: [UInt64(1), 7, 42])
    func everyCursorReadsExactlyTheRecordsPrefix(seed: UInt64) {
        let r = randomRecord(seed: seed)
        let all = r.trace
        for k in 0...all.count {
            let cut = r.trace(upTo: k)
            #expect(cut.count == k, "seed \(seed): cursor \(k)")
            #expect(Array(cut.events) == Array(all.events[..<k]), "seed \(seed): events at cursor \(k)")
            #expect(r.inFlight(afterEvents: k) == replayedInFlight(r, k), "seed \(seed): in flight at cursor \(k)")
            let ops = all.events[..<k].filter { [.invoke, .ok, .fail, .info].contains($0.kind) }.count
            #expect(cut.history.count == ops, "seed \(seed): the history at cursor \(k) holds only its ops")
            for e in cut.events { #expect(cut.text(of: e) == all.text(of: e) && cut.operation(of: e) == all.operation(of: e)) }
            for node in 0..<3 {
                var status = NodeStatus.up
                for e in all.events[..<k] where Int(e.node) == node {
                    if e.kind == .crash { status = .crashed }
                    if e.kind == .pause { status = .paused }
                    if e.kind == .restart || e.kind == .resume { status = .up }
                }
                #expect(r.status(of: node, afterEvents: k) == status, "seed \(seed): n\(node + 1) at cursor \(k)")
            }
            let partitioned = all.events[..<k].last { $0.kind == .partition || $0.kind == .heal }?.kind == .partition
            #expect(r.network(afterEvents: k, link: LinkSettings()).isPartitioned == partitioned, "seed \(seed): network at cursor \(k)")
        }
        #expect(r.trace(upTo: all.count).count == all.count)
    }

    /// A live echo run, paused: `b` moves the view back through the record,
    /// `n` forward, and playing returns to the present. The processes stay
    /// stopped while viewed and are not rewound.
    @Test func aPausedLiveRunStepsBackThroughItsRecordAndPlayReturnsToThePresent() throws {
        var o = FixtureNodes.options("gossip_echo.py", nodes: 3, seconds: 600, rate: 20)
        o.requestTimeout = 1
        o.link = LinkSettings(latency: .constant(20_000))
        let live = LiveMaelstromRun(runner: MaelstromRunner(options: o, workload: EchoWorkload()), workload: "echo")
        defer { live.end() }
        #expect(FixtureNodes.eventually { live.run(until: VirtualTime(microseconds: live.now.microseconds + 50_000))
            return live.trace.count > 60 && !live.inFlight.isEmpty })
        live.setFrozen(true)
        let total = live.recorder.trace.count
        let present = live.now
        let pids = live.runner.pids.compactMap { $0 }
        #expect(live.viewedStep == nil && live.notice.hasPrefix("LIVE"))

        live.stepBack(10)
        #expect(live.viewedStep == Int64(total - 10))
        #expect(live.stepCount == Int64(total - 10))
        #expect(Array(live.trace.events) == Array(live.recorder.trace.events[..<(total - 10)]))
        #expect(live.now.microseconds == live.recorder.trace[total - 11].time, "the time shown is the cursor's")
        #expect(live.inFlight.map(\.id) == replayedInFlight(live.recorder, total - 10))
        #expect(live.notice.contains("not rewound"))
        #expect(live.summary(of: NodeID(0))!.fields.contains { $0.name == "viewing" })
        #expect(live.runner.pids.compactMap { $0 } == pids, "the processes are the same ones")
        #expect(FixtureNodes.eventually { pids.allSatisfy { state($0) == "T" } }, "held still while viewed")

        #expect(live.step())
        #expect(live.stepCount == Int64(total - 9), "n moves the cursor forward")
        live.goTo(step: 0)
        #expect(live.stepCount == 0 && live.trace.count == 0 && live.inFlight.isEmpty && live.now.microseconds == 0)
        live.goTo(step: Int64(total))
        #expect(live.viewedStep == nil && live.now == present, "at the end of the record: the present")

        live.stepBack(3)
        #expect(live.recorder.trace.count == total, "viewing records nothing")
        live.setFrozen(false)
        _ = live.run(until: VirtualTime(microseconds: present.microseconds + 10_000))
        #expect(live.viewedStep == nil, "playing returns to the present")
        #expect(live.now >= present)

        live.end()
        live.stepBack(2)
        #expect(live.viewedStep == Int64(live.recorder.trace.count - 2), "a run that is over steps back too")
        #expect(live.notice.hasPrefix("run over"), "its processes are gone, not merely not rewound")
    }

    /// A finished run read afterwards (`RecordedRun`) steps through its record the same way.
    @Test func aFinishedRunsRecordStepsBackAndForward() throws {
        let o = FixtureNodes.options("gossip_echo.py", nodes: 2, seconds: 1, rate: 20)
        let result = MaelstromRunner(options: o, workload: EchoWorkload()).run()
        let run = RecordedRun(result)
        let total = run.trace.count
        #expect(total > 10)
        run.stepBack(5)
        #expect(run.stepCount == Int64(total - 5))
        #expect(run.now.microseconds == result.recorder.trace[total - 6].time)
        #expect(run.inFlight.map(\.id) == replayedInFlight(result.recorder, total - 5))
        #expect(run.step() && run.stepCount == Int64(total - 4))
        #expect(run.run(steps: 100) == 4 && run.stepCount == Int64(total))
        #expect(!run.step(), "the end of the record")
    }

    func state(_ pid: Int32) -> String {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "?"
    }
}
