import ClusterSim
import Maelstrom
import Testing

/// `--nemesis cut`: a minority of nodes can no longer send to the others but
/// still hears them; only messages in the cut direction are dropped.
@Suite(.serialized) struct NemesisCutTests {
    @Test func aOneWayCutDropsOnlyWhatTheMutedNodesSend() throws {
        var o = FixtureNodes.options("broadcast.py", nodes: 5, seconds: 2.5, rate: 40)
        o.nemesis = [.cut]
        o.nemesisInterval = 0.4
        o.topology = .total
        o.seed = 7
        let w = try #require(WorkloadCatalog.make("broadcast", o))
        let r = MaelstromRunner(options: o, workload: w).run()
        if case .nodeError(let f) = r.outcome { Issue.record("node error: \(f)") }
        let cuts = r.recorder.trace.events.filter { $0.kind == .link }.map { r.recorder.trace.text(of: $0) ?? "" }
        #expect(!cuts.isEmpty && cuts.allSatisfy { $0.hasPrefix("one-way cut: [") }, "\(cuts)")
        // Every node ever muted, by index (n3 is 2).
        var muted: Set<Int> = []
        for text in cuts {
            let names = text.dropFirst("one-way cut: [".count).prefix { $0 != "]" }.split(separator: " ")
            for n in names { if let i = Int(n.dropFirst()) { muted.insert(i - 1) } }
        }
        let servers = 0..<5
        let dropped = r.recorder.messages.filter { !$0.delivered && $0.endedAt != nil && servers.contains($0.from) && servers.contains($0.to) }
        #expect(!dropped.isEmpty, "the cuts dropped nothing: \(ResultReport.text(r))")
        for m in dropped { #expect(muted.contains(m.from), "n\(m.from + 1)→n\(m.to + 1) dropped, but n\(m.from + 1) was never muted: \(cuts)") }
    }
}
