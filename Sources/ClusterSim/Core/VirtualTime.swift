import Foundation

/// A point in virtual time, in integer microseconds since the start of a run.
///
/// Nothing in the engine reads the wall clock: the run advances virtual time by
/// jumping to the next event, and the interface decides how fast that looks.
public struct VirtualTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    @inlinable public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let zero = VirtualTime(microseconds: 0)
    public static let distantFuture = VirtualTime(microseconds: .max)

    @inlinable public static func us(_ v: Int64) -> VirtualTime { .init(microseconds: v) }
    @inlinable public static func ms(_ v: Int64) -> VirtualTime { .init(microseconds: SaturatingTime.multiply(v, 1_000)) }
    @inlinable public static func seconds(_ v: Int64) -> VirtualTime { .init(microseconds: SaturatingTime.multiply(v, 1_000_000)) }

    @inlinable public static func < (a: VirtualTime, b: VirtualTime) -> Bool { a.microseconds < b.microseconds }
    @inlinable public static func + (a: VirtualTime, b: VirtualTime) -> VirtualTime {
        .init(microseconds: SaturatingTime.add(a.microseconds, b.microseconds))
    }
    @inlinable public static func - (a: VirtualTime, b: VirtualTime) -> VirtualTime {
        .init(microseconds: SaturatingTime.add(a.microseconds, 0 &- b.microseconds))
    }

    /// `1.250s`, `12.5ms`, `800µs`: the shortest unit that reads naturally.
    public var description: String { DurationText.format(microseconds) }
}

/// Parses and prints durations as lab and scenario authors write them: `2s`, `150ms`, `500us`, `1.5s`.
public enum DurationText {
    public static func parse(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 1_000), ("us", 1), ("µs", 1), ("s", 1_000_000), ("m", 60_000_000)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            guard let v = Double(number), v.isFinite, v >= 0, v * scale < 9.0e15 else { return nil }
            return Int64((v * scale).rounded())
        }
        if let v = Int64(t), v >= 0 { return v }  // a bare number is microseconds
        return nil
    }

    public static func format(_ us: Int64) -> String {
        if us == 0 { return "0s" }
        if us % 1_000_000 == 0 { return "\(us / 1_000_000)s" }
        if us >= 1_000_000 { return trim(Double(us) / 1_000_000, 3) + "s" }
        if us % 1_000 == 0 { return "\(us / 1_000)ms" }
        if us >= 1_000 { return trim(Double(us) / 1_000, 3) + "ms" }
        return "\(us)µs"
    }

    private static func trim(_ v: Double, _ places: Int) -> String {
        var s = String(format: "%.\(places)f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

