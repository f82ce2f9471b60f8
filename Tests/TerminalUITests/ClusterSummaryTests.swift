import ClusterProtocols
import ClusterSim
import Testing
@testable import TerminalUI

/// Raft on the diagram: "term" in words, a one-line summary of leader, term
/// and commit indexes, and a stale leader (its term below the highest
/// known) marked as such.
@Suite struct ClusterSummaryTests {
    static let scenario = """
        protocol: raft
        seed: 4
        nodes: 5
        clients: 0
        """

    func raft() throws -> ClusterRun {
        try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "raft", text: Self.scenario)))
    }

    func screen(_ run: ClusterRun, _ size: Size = Size(width: 80, height: 24)) -> String {
        var state = AppState()
        state.displayedTime = run.now.microseconds
        return render(state, run, size).text
    }

    @Test func theDiagramSaysTermAndSummarisesTheCluster() throws {
        let run = try raft()
        run.run(until: { !MilestoneWatch.leaders(run).isEmpty }, limit: VirtualTime(microseconds: 5_000_000))
        let leader = MilestoneWatch.leaders(run)[0]
        let term = run.summary(of: leader)!.epoch!
        let text = screen(run)
        #expect(text.contains("term \(term) commit"), "node boxes say term:\n\(text)")
        #expect(!text.contains("\(run.layout.name(leader)) e\(term)"))
        #expect(text.contains("· term \(run.summary(of: NodeID(0))!.epoch!)") && !text.contains("· epoch "), "the inspector says term:\n\(text)")
        #expect(text.contains("leader \(run.layout.name(leader)) · term \(term) · commit "), "summary line:\n\(text)")
        let wide = screen(run, Size(width: 120, height: 40))
        #expect(wide.contains("leader \(run.layout.name(leader)) · term \(term) · commit n1 "), "commit by server:\n\(wide)")
    }

    @Test func aLeaderCutOffWhileOthersElectANewOneIsMarkedStale() throws {
        let run = try raft()
        run.run(until: { !MilestoneWatch.leaders(run).isEmpty }, limit: VirtualTime(microseconds: 5_000_000))
        let old = MilestoneWatch.leaders(run)[0]
        let others = run.layout.servers.filter { $0 != old }
        run.perform(.partition([[old], others]), at: nil)
        run.run(until: { MilestoneWatch.leaders(run).count == 2 }, limit: VirtualTime(microseconds: run.now.microseconds + 5_000_000))
        #expect(MilestoneWatch.leaders(run).count == 2, "a second leader in a higher term")
        #expect(ClusterSummaryLine.staleLeaders(run) == [old])
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            let text = screen(run, size)
            #expect(text.contains("STALE"), "the old leader's box is marked at \(size):\n\(text)")
            #expect(text.contains("\(run.layout.name(old)) STALE"), "the summary names it at \(size):\n\(text)")
        }
        run.perform(.heal, at: nil)
        run.run(until: { ClusterSummaryLine.staleLeaders(run).isEmpty }, limit: VirtualTime(microseconds: run.now.microseconds + 2_000_000))
        #expect(!screen(run).contains("STALE"), "once it hears the higher term it steps down")
    }

    @Test func protocolsWithoutTermsHaveNoSummaryLine() {
        let run = floodRun()
        #expect(ClusterSummaryLine.spans(run, .unicode) == nil)
    }
}
