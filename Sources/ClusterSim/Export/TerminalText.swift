/// Text from a file (a lab, a scenario, a request command, a progress file)
/// made safe to print on a terminal: every character that a terminal would
/// act on instead of showing is written out as an inert escape.
///
/// - C0 controls (ESC, BEL, CR, backspace, …) and DEL become `\x1b`, `\x07`,
///   `\x0d`, `\x7f`; with `keepingLayout` a line feed and a tab stay.
/// - C1 controls (U+0080–U+009F, among them the one-byte CSI U+009B) become
///   `\u{9B}`: some terminals act on them even in UTF-8.
/// - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069,
///   U+200E, U+200F, U+061C) become `\u{202E}`: they reorder what follows
///   ("Trojan Source", CVE-2021-42574).
///
/// An escape sequence (CSI `ESC [`, OSC `ESC ]` … BEL, a title set, a
/// clipboard write with OSC 52) cannot start without one of these, so none
/// reaches the terminal. The one function every printing path uses.
public enum TerminalText {
    public static func inert(_ text: String, keepingLayout: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLayout) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if needsEscape(s, keepingLayout) { out.append(contentsOf: escape(s).unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }

    static func needsEscape(_ s: Unicode.Scalar, _ keepingLayout: Bool) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return !keepingLayout
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    static func escape(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: s.value > 0x7F)
        if s.value <= 0x7F { return "\\x" + (hex.count < 2 ? "0" : "") + hex }
        return "\\u{\(hex)}"
    }
}
