/// The one way a duration may be written in a file or a flag: decimal digits,
/// an optional fraction, and an optional unit right after (`150ms`, `1.5s`,
/// `500us`, `500µs`, `2m`; a bare number is microseconds).
///
/// `DurationText.parse` alone is lenient (it goes through `Double`, which
/// reads `0x10` as 16, and trims spaces); this check runs first so that
/// `0x10s`, `5 s`, `-0s`, `+1s` and `1e3ms` are refused instead of guessed.
public enum DurationSyntax {
    static let units = ["ms", "us", "µs", "s", "m"]

    public static func isStrict(_ text: String) -> Bool {
        var number = Substring(text)
        if let unit = units.first(where: { text.hasSuffix($0) }) { number = number.dropLast(unit.count) }
        guard let first = number.first, let last = number.last, first.isASCII, first.isNumber,
              last.isASCII, last.isNumber else { return false }
        var dots = 0
        for c in number {
            if c == "." { dots += 1; continue }
            guard c.isASCII, c.isNumber else { return false }
        }
        return dots <= 1
    }
}
