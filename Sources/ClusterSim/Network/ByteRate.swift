/// A link's rate in bytes per second: how fast it puts bytes on the wire.
///
/// Written `1MB/s`, `64kB/s`, `500B/s` (decimal: k = 1000), `1MiB/s`
/// (binary: Ki = 1024) or in bits, `10Mbit/s` (8 bits a byte). A message of
/// S bytes holds the link for S/rate; messages behind it wait (see
/// `LinkSettings.rate`).
public enum ByteRate {
    /// Rates a file may give: 1 B/s to 1 TB/s.
    public static let range: ClosedRange<Int64> = 1...1_000_000_000_000

    /// Units and how many bytes per second one of them is, longest suffix first.
    static let units: [(suffix: String, bytes: Double)] = [
        ("Gbit/s", 125_000_000), ("Mbit/s", 125_000), ("kbit/s", 125), ("bit/s", 0.125),
        ("GiB/s", 1_073_741_824), ("MiB/s", 1_048_576), ("KiB/s", 1_024),
        ("GB/s", 1_000_000_000), ("MB/s", 1_000_000), ("kB/s", 1_000), ("KB/s", 1_000), ("B/s", 1),
    ]

    /// `1MB/s` → 1_000_000; nil when the text is not a number and a unit.
    public static func parse(_ text: String) -> Int64? {
        guard let unit = units.first(where: { text.hasSuffix($0.suffix) }) else { return nil }
        let number = String(text.dropLast(unit.suffix.count))
        guard DurationSyntax.isStrict(number), let v = Double(number) else { return nil }
        let bytes = (v * unit.bytes).rounded()
        return bytes < 9e18 ? Int64(bytes) : Int64.max
    }

    /// 1_000_000 → `1MB/s`; 1_500 → `1.5kB/s`.
    public static func format(_ bytesPerSecond: Int64) -> String {
        for (suffix, scale) in [("GB/s", 1e9), ("MB/s", 1e6), ("kB/s", 1e3)] where Double(bytesPerSecond) >= scale {
            let v = Double(bytesPerSecond) / scale
            return (v == v.rounded() ? String(Int64(v)) : String(format3(v))) + suffix
        }
        return "\(bytesPerSecond)B/s"
    }

    /// How long `bytes` hold a link of `rate` bytes per second, in whole
    /// microseconds rounded up (a byte never takes no time).
    @inlinable public static func serialisation(bytes: Int, rate: Int64) -> Int64 {
        let micro = SaturatingTime.multiply(Int64(max(1, bytes)), 1_000_000)
        return micro / rate + (micro % rate == 0 ? 0 : 1)
    }

    /// Up to three decimals, trailing zeros dropped.
    static func format3(_ v: Double) -> String {
        var s = String(Double(Int64((v * 1000).rounded())) / 1000)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}
