/// One setting a scenario or lab may write, with the values it accepts.
///
/// Every duration, count, weight, factor and size is declared once, in the
/// table beside the code that reads it (`Scenario.settings`,
/// `NetworkReader.settings`, each protocol's `parameters` and `workload`).
/// `ParameterSection` reads only declared keys and checks each value against
/// its declared range at the value's line and column, so a new setting cannot
/// be read without a range; the table in Labs/README.md §3 is generated from
/// the same declarations (`ParameterSpec.markdownRows`).
public struct ParameterSpec: Sendable {
    /// What a setting's value is, and its range.
    public enum Kind: Sendable {
        /// A duration in microseconds (`150ms`, `2s`, `500us`).
        case duration(ClosedRange<Int64>)
        /// A duration, or the word `off`.
        case durationOrOff(ClosedRange<Int64>)
        /// A whole number.
        case count(ClosedRange<Int>)
        /// Comma-separated whole numbers, each in the range (`"10,10,1"`).
        case counts(ClosedRange<Int>)
        /// A number, possibly with a fraction.
        case number(ClosedRange<Double>)
        /// A probability: `0.05` or `5%`.
        case probability
        case flag
        /// One of these words.
        case choice([String])
        /// A list of these words.
        case words([String])
        /// A seed: any whole number from 0 to 2⁶⁴−1.
        case seed
        /// Free text.
        case text
        /// A value with a reader of its own (a latency, a list of actions), described in words.
        case described(String)
        /// A nested mapping with its own declared settings.
        case section([ParameterSpec])
    }

    public let key: String
    public let kind: Kind
    /// A limit that depends on the rest of the scenario, said in words (`at most nodes − 1`).
    public let note: String

    public init(_ key: String, _ kind: Kind, note: String = "") {
        self.key = key; self.kind = kind; self.note = note
    }

    /// Durations a timer may take: at least 1µs (a zero-length timer would
    /// fire forever at one instant), at most an hour.
    public static let timerRange: ClosedRange<Int64> = 1...3_600_000_000
    /// Durations where 0 means "none" or "at once": at most an hour.
    public static let delayRange: ClosedRange<Int64> = 0...3_600_000_000
    /// Virtual times a scenario or lab can name (`until`, `at`, step limits): up to 10⁶ s (11.6 days).
    public static let horizonRange: ClosedRange<Int64> = 0...1_000_000_000_000

    public static func timer(_ key: String, note: String = "") -> ParameterSpec { .init(key, .duration(timerRange), note: note) }
    public static func delay(_ key: String, note: String = "") -> ParameterSpec { .init(key, .duration(delayRange), note: note) }
    public static func count(_ key: String, _ range: ClosedRange<Int>, note: String = "") -> ParameterSpec {
        .init(key, .count(range), note: note)
    }

    /// The accepted values, in the words of Labs/README.md.
    public var accepts: String {
        let s: String
        switch kind {
        case .duration(let r): s = "duration \(Self.span(r))"
        case .durationOrOff(let r): s = "duration \(Self.span(r)), or `off`"
        case .count(let r): s = "whole number \(r.lowerBound)–\(r.upperBound)"
        case .counts(let r): s = "whole numbers \(r.lowerBound)–\(r.upperBound), comma-separated"
        case .number(let r): s = "number \(Self.number(r.lowerBound))–\(Self.number(r.upperBound))"
        case .probability: s = "probability 0–1 (or 0%–100%)"
        case .flag: s = "`true` or `false`"
        case .choice(let words): s = words.map { "`\($0)`" }.joined(separator: ", ")
        case .words(let words): s = "list of " + words.map { "`\($0)`" }.joined(separator: ", ")
        case .seed: s = "whole number 0–\(UInt64.max)"
        case .text: s = "text"
        case .described(let words): s = words
        case .section(let inner): s = "mapping of " + inner.map { "`\($0.key)`" }.joined(separator: ", ")
        }
        return note.isEmpty ? s : "\(s); \(note)"
    }

    static func span(_ r: ClosedRange<Int64>) -> String {
        "\(DurationText.format(r.lowerBound))–\(DurationText.format(r.upperBound))"
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) <= 1e18 ? String(Int64(v)) : "\(v)"
    }

    /// Table rows `| where | key | accepts |`, nested sections flattened as `section.key`.
    public static func markdownRows(_ specs: [ParameterSpec], where place: String, prefix: String = "") -> [String] {
        specs.flatMap { spec -> [String] in
            let row = "| \(place) | `\(prefix)\(spec.key)` | \(spec.accepts) |"
            if case .section(let inner) = spec.kind {
                return [row] + markdownRows(inner, where: place, prefix: "\(prefix)\(spec.key).")
            }
            return [row]
        }
    }
}
