/// Virtual-time arithmetic that cannot trap: durations a scenario may name
/// reach 9·10¹⁵ µs, and a slow link multiplies them by up to 1000, so sums
/// and products of times saturate at the ends of `Int64` instead of
/// overflowing. A time saturated at `Int64.max` is simply never reached.
public enum SaturatingTime {
    /// `a + b`, clamped to `Int64`'s range.
    @inlinable public static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// `a × b`, clamped to `Int64`'s range.
    @inlinable public static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? .max : .min) : product
    }

    /// A real number of microseconds rounded to the nearest integer, clamped
    /// to `Int64`'s range (NaN counts as the far future: it is never reached).
    @inlinable public static func rounded(_ v: Double) -> Int64 {
        if v.isNaN { return .max }
        let r = v.rounded()
        // 2^63 is exactly representable; anything at or past it does not fit.
        if r >= 9_223_372_036_854_775_808.0 { return .max }
        if r <= -9_223_372_036_854_775_808.0 { return .min }
        return Int64(r)
    }
}
