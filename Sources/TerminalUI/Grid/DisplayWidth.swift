/// C's wcwidth. Glibc's Swift module leaves it out (it needs _XOPEN_SOURCE),
/// and only the ncurses backend may import CNcurses, so bind it by name;
/// wchar_t is a 32-bit int on Linux.
@_silgen_name("wcwidth") private func c_wcwidth(_ c: Int32) -> Int32

/// How many terminal columns a character takes: wcwidth, as the terminal
/// itself decides, with a small table for when the C locale knows no better
/// (wcwidth gives -1 for every non-ASCII character until setlocale picks a
/// UTF-8 locale, as in unit tests).
public enum DisplayWidth {
    /// 0, 1 or 2 columns.
    @inline(__always)
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return 1 }
        if v < 0x20 || v == 0x7F { return 0 }
        let w = Int(c_wcwidth(Int32(bitPattern: v)))
        return w >= 0 ? w : fallback(v)
    }

    /// The columns a whole string takes.
    public static func of(_ text: String) -> Int {
        var n = 0
        for s in text.unicodeScalars { n += of(s) }
        return n
    }

    static func fallback(_ v: UInt32) -> Int {
        if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// The longest prefix of `text` that fits in `width` columns, with `…` when cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let room = width - of(ellipsis)
        var out = String.UnicodeScalarView(), used = 0
        for s in text.unicodeScalars {
            let w = of(s)
            if used + w > room { break }
            out.append(s); used += w
        }
        return String(out) + (room >= 0 ? ellipsis : "")
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let t = truncate(text, to: width)
        return t + String(repeating: " ", count: max(0, width - of(t)))
    }
}
