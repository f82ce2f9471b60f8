import Testing
@testable import TerminalUI

@Suite struct CellGridTests {
    @Test func wideCharactersTakeTwoCells() {
        var g = CellGrid(Size(width: 6, height: 1))
        let end = g.draw("a漢b", at: Point(x: 0, y: 0))
        #expect(end == 4)
        #expect(g[1, 0].scalar == "漢")
        #expect(g[2, 0].isContinuation)
        #expect(g.line(0) == "a漢b  ")
    }

    @Test func textIsClippedToItsRectangle() {
        var g = CellGrid(Size(width: 10, height: 2))
        g.draw("abcdefgh", at: Point(x: 1, y: 0), clip: Rect(x: 2, y: 0, width: 3, height: 1))
        #expect(g.line(0) == "  bcd     ")
        g.draw("outside", at: Point(x: 0, y: 1), clip: Rect(x: 0, y: 0, width: 10, height: 1))
        #expect(g.line(1) == "          ")
    }

    @Test func aWideCharacterThatDoesNotFitIsLeftOut() {
        var g = CellGrid(Size(width: 3, height: 1))
        g.draw("ab漢", at: Point(x: 0, y: 0))
        #expect(g.line(0) == "ab ")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var g = CellGrid(Size(width: 4, height: 1))
        g.draw("漢", at: Point(x: 0, y: 0))
        g.draw("x", at: Point(x: 1, y: 0))
        #expect(g.line(0) == " x  ")
    }

    @Test func boxesDrawInUnicodeAndAscii() {
        var g = CellGrid(Size(width: 4, height: 3))
        g.drawBox(g.bounds, .rounded)
        #expect(g.text == "╭──╮\n│  │\n╰──╯")
        g.drawBox(g.bounds, .ascii)
        #expect(g.text == "+--+\n|  |\n+--+")
    }

    @Test func displayWidthCountsColumnsNotCharacters() {
        #expect(DisplayWidth.of("n1 → n2") == 7)
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.pad("ab", to: 4) == "ab  ")
    }
}

@Suite struct GridDiffTests {
    @Test func firstFrameRedrawsEverything() {
        var g = CellGrid(Size(width: 5, height: 2))
        g.draw("hi", at: Point(x: 0, y: 0), style: CellStyle(.title))
        let d = GridDiff(from: nil, to: g)
        #expect(d.changedCells == 10)
        #expect(d.runs.first?.scalars == ["h", "i"])
    }

    @Test func onlyChangedRunsAreRedrawn() {
        let a = CellGrid(Size(width: 8, height: 2))
        var b = a
        b.draw("ab", at: Point(x: 3, y: 1))
        let d = GridDiff(from: a, to: b)
        #expect(d.runs.count == 1)
        #expect(d.runs[0].row == 1 && d.runs[0].column == 3 && d.runs[0].width == 2)
        #expect(GridDiff(from: b, to: b).runs.isEmpty)
    }

    @Test func runsSplitWhereTheStyleChanges() {
        let a = CellGrid(Size(width: 6, height: 1))
        var b = a
        b.draw("ab", at: Point(x: 0, y: 0), style: CellStyle(.leader))
        b.draw("cd", at: Point(x: 2, y: 0), style: CellStyle(.crashed))
        #expect(GridDiff(from: a, to: b).runs.map(\.width) == [2, 2])
    }

    @Test func aChangedWideCharacterIsRedrawnWhole() {
        var a = CellGrid(Size(width: 4, height: 1))
        a.draw("漢", at: Point(x: 0, y: 0))
        var b = a
        b.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { $0.foreground = .bad }
        let d = GridDiff(from: a, to: b)
        #expect(d.runs.first?.column == 0)
        #expect(d.runs.first?.scalars == ["漢"])
    }
}

@Suite struct ThemeTests {
    @Test func noColorForcesMono() {
        #expect(Theme.choose("projector", environment: ["NO_COLOR": "1"], terminalHasColors: true).name == "mono")
        #expect(Theme.choose("projector", environment: [:], terminalHasColors: false).name == "mono")
        #expect(Theme.choose("projector", environment: [:], terminalHasColors: true).name == "projector")
        #expect(Theme.choose("nonsense", environment: [:], terminalHasColors: true).name == "default")
    }

    @Test func messageKindColoursAreStable() {
        #expect(ColorRole.messageKind("AppendEntries") == ColorRole.messageKind("AppendEntries"))
    }
}
