import ClusterSim
import Maelstrom
import Testing

/// What a live view does: drive the run step by step and inject faults by
/// hand; the faults reach the processes and the network, and are recorded.
@Suite(.serialized) struct LiveControlTests {
    @Test func killPartitionPauseByHandAreAppliedAndRecorded() {
        var o = FixtureNodes.options("gossip_echo.py", nodes: 3, seconds: 3, rate: 40)
        o.requestTimeout = 1
        let runner = MaelstromRunner(options: o, workload: EchoWorkload())
        runner.start()
        #expect(FixtureNodes.eventually(within: 60) { runner.advance(); return runner.isRunningWorkload })
        runner.partition([["n1"], ["n2", "n3"]])
        runner.kill(node: "n3")
        #expect(runner.nodeStatus[2] == .crashed)
        runner.pause(node: "n2")
        #expect(runner.nodeStatus[1] == .paused)
        // Let traffic hit the partition and the dead node.
        let until = runner.elapsed + 300_000
        while runner.elapsed < until, runner.advance(maxWait: 10_000) {}
        runner.resume(node: "n2")
        runner.restart(node: "n3")
        runner.heal()
        while runner.advance() {}
        let r = runner.finish()
        let kinds = r.recorder.trace.events.map(\.kind)
        #expect(kinds.contains(.crash) && kinds.contains(.restart) && kinds.contains(.pause) && kinds.contains(.resume))
        let partition = r.recorder.trace.events.first { $0.kind == .partition }
        #expect(partition?.isByUser == true)
        let drops = r.recorder.trace.events.filter { $0.kind == .drop }.compactMap { TraceEvent.DropReason(rawValue: $0.detail) }
        #expect(drops.contains(.partition) || drops.contains(.crashed), "nothing was dropped: \(ResultReport.text(r))")
        #expect(r.recorder.pids[2].count == 2, "n3 was not restarted as a fresh process")
        for pid in r.recorder.pids.flatMap({ $0 }) { #expect(FixtureNodes.isGone(pid)) }
        if case .nodeError(let f) = r.outcome { Issue.record("node error: \(f)") }
    }

    @Test func aPausedNodesMessagesWaitWithoutTheNodeBeingBlamedForNotReading() {
        // chatter.py's n1 sends to n2 all the time; paused, n2 reads nothing and its queue grows past the limit.
        var o = FixtureNodes.options("chatter.py", nodes: 2, seconds: 60, rate: 0)
        o.maxUnreadBytes = 2_000_000
        let runner = MaelstromRunner(options: o, workload: EchoWorkload())
        runner.start()
        #expect(FixtureNodes.eventually(within: 60) { runner.advance(); return runner.isRunningWorkload })
        let before = runner.record.messages.count
        runner.pause(node: "n2")
        var queued = 0
        _ = FixtureNodes.eventually(within: 60) {
            guard runner.advance(maxWait: 1_000) else { return true }
            queued = runner.record.messages[before...].reduce(0) { $0 + ($1.to == 1 && $1.delivered ? $1.bytes.count + 1 : 0) }
            return queued > 2 * o.maxUnreadBytes
        }
        let r = runner.finish()
        if case .nodeError(let f) = r.outcome { Issue.record("a paused node was blamed: \(f)") }
        #expect(queued > 2 * o.maxUnreadBytes, "only \(queued) bytes were queued for n2")
    }

    @Test func theNetworkDropsAcrossPartitionsAndCutsOnlyOneWay() {
        var net = WallNetwork(link: LinkSettings(latency: .constant(1_000)))
        var random = SeededRandom(seed: 1)
        #expect(net.route(from: "n1", to: "n2", random: &random) == .deliver(afterMicroseconds: 1_000))
        net.partition([["n1"], ["n2", "n3"]])
        #expect(net.route(from: "n1", to: "n2", random: &random) == .drop(.partition))
        #expect(net.route(from: "n2", to: "n3", random: &random) == .deliver(afterMicroseconds: 1_000))
        #expect(net.route(from: "c1", to: "n1", random: &random) == .deliver(afterMicroseconds: 1_000), "clients are outside partitions")
        net.heal()
        net.cut(from: "n1", to: "n2")
        #expect(net.route(from: "n1", to: "n2", random: &random) == .drop(.partition))
        #expect(net.route(from: "n2", to: "n1", random: &random) == .deliver(afterMicroseconds: 1_000))
        let lossy = WallNetwork(link: LinkSettings(latency: .constant(0), loss: 1))
        #expect(lossy.route(from: "n1", to: "n2", random: &random) == .drop(.lost))
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func partitionShapesSplitEveryNodeIntoExactlyOneSide(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let nodes = (1...5).map { "n\($0)" }
        for shape in PartitionShape.allCases {
            let groups = shape.groups(nodes, &random)
            #expect(groups.count == 2, "seed \(seed)")
            #expect(groups.flatMap { $0 }.sorted() == nodes.sorted(), "seed \(seed) \(shape)")
            #expect(groups.allSatisfy { !$0.isEmpty }, "seed \(seed) \(shape)")
        }
    }
}
