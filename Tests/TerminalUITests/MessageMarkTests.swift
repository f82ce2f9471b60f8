import ClusterProtocols
import ClusterSim
import Testing
@testable import TerminalUI

/// Messages in flight on the diagram: the kind's initial behind an arrow
/// head pointing where the message goes, and a legend naming the letters.
@Suite struct MessageMarkTests {
    @Test func aRequestIsItsKindsCapitalAndAReplyItsSmallLetter() {
        #expect(MessageMark.initial("RequestVote", isReply: false) == "R")
        #expect(MessageMark.initial("RequestVoteReply", isReply: true) == "r")
        #expect(MessageMark.initial("AppendEntriesReply", isReply: true) == "a")
        #expect(MessageMark.role("AppendEntries") == MessageMark.role("AppendEntriesReply"), "a reply has its request's colour")
    }

    @Test func theHeadPointsTheWayTheMessageGoes() {
        let o = Point(x: 5, y: 5)
        #expect(MessageMark.head(from: o, to: Point(x: 6, y: 5), .unicode) == "→")
        #expect(MessageMark.head(from: o, to: Point(x: 4, y: 5), .unicode) == "←")
        #expect(MessageMark.head(from: o, to: Point(x: 5, y: 4), .unicode) == "↑")
        #expect(MessageMark.head(from: o, to: Point(x: 5, y: 6), .unicode) == "↓")
        #expect(MessageMark.head(from: o, to: Point(x: 6, y: 6), .unicode) == "↘")
        #expect(MessageMark.head(from: o, to: Point(x: 4, y: 4), .ascii) == "\\")
        #expect(MessageMark.head(from: o, to: Point(x: 6, y: 4), .ascii) == "/")
    }

    @Test func theLetterTrailsTheHeadAlongThePath() {
        let path = (0..<10).map { Point(x: $0, y: 0) }
        let start = MessageMark.cells(path, progress: 0)
        #expect(start.letter == Point(x: 0, y: 0) && start.head == Point(x: 1, y: 0))
        let end = MessageMark.cells(path, progress: 1)
        #expect(end.letter == Point(x: 8, y: 0) && end.head == Point(x: 9, y: 0))
        let one = MessageMark.cells([Point(x: 3, y: 3)], progress: 0.5)
        #expect(one.letter == nil && one.head == Point(x: 3, y: 3))
    }

    @Test func theDiagramDrawsLettersAndArrowsAndTheFooterNamesThem() {
        let run = floodRun()
        run.run(until: VirtualTime(microseconds: 3_000))
        #expect(!run.inFlight.isEmpty)
        var state = AppState()
        state.displayedTime = run.now.microseconds
        let grid = render(state, run, Size(width: 80, height: 24))
        let cluster = ScreenLayout(Size(width: 80, height: 24), state).panels[.cluster]!.inset(by: 1)
        var letters = 0, heads = 0
        for y in cluster.y..<(cluster.maxY - 1) {
            for x in cluster.x..<cluster.maxX {
                let c = grid[x, y].scalar
                if c == "F" { letters += 1 }
                if Glyphs.unicode.arrowHeads.contains(c) { heads += 1 }
            }
        }
        #expect(letters >= 1, "no Flood initial on the diagram:\n\(grid.text)")
        #expect(heads >= 1, "no arrow heads:\n\(grid.text)")
        #expect(!grid.text.contains("●"), "bare dots are gone")
        let footer = grid.text.split(separator: "\n", omittingEmptySubsequences: false)[cluster.maxY - 1]
        #expect(footer.contains("F Flood"), "legend: \(footer)")
    }

    @Test func theLegendPairsARequestWithItsReply() {
        func m(_ kind: String, _ reply: Bool) -> (kind: String, isReply: Bool) { (kind, reply) }
        let legend = MessageMark.legend([m("AppendEntries", false), m("AppendEntriesReply", true), m("AppendEntries", false),
                                         m("RequestVoteReply", true)])
        #expect(legend.map(\.letters) == ["A/a", "r"])
        #expect(legend.map(\.kind) == ["AppendEntries", "RequestVote"])
    }
}
