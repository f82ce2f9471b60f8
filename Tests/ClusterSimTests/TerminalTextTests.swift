import ClusterSim
import Testing

/// `TerminalText.inert`: what a terminal would act on is written out, the rest kept.
@Suite struct TerminalTextUnitTests {
    @Test func controlsAndOverridesBecomeVisibleEscapes() {
        #expect(TerminalText.inert("a\u{1B}[31mb") == #"a\x1b[31mb"#)
        #expect(TerminalText.inert("\u{1B}]52;c;cHduZWQ=\u{07}") == #"\x1b]52;c;cHduZWQ=\x07"#, "OSC 52 (clipboard)")
        #expect(TerminalText.inert("x\u{9B}2J") == #"x\u{9B}2J"#, "C1 CSI")
        #expect(TerminalText.inert("over\rwrite") == #"over\x0dwrite"#)
        #expect(TerminalText.inert("abc\u{202E}def\u{2066}") == #"abc\u{202E}def\u{2066}"#)
        #expect(TerminalText.inert("del\u{7F}") == #"del\x7f"#)
    }

    @Test func ordinaryTextIsUntouchedAndLayoutIsKeptWhenAsked() {
        let text = "n1 → n2 · 5µs · Ünïcödé 日本 \\ back"
        #expect(TerminalText.inert(text) == text)
        #expect(TerminalText.inert("a\nb\tc", keepingLayout: true) == "a\nb\tc")
        #expect(TerminalText.inert("a\nb\tc") == #"a\x0ab\x09c"#)
    }
}
