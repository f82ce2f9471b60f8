/// How long a message takes on a link, drawn from the run's generator.
public enum LatencyDistribution: Sendable, Hashable, Codable, CustomStringConvertible {
    case constant(Int64)
    case uniform(min: Int64, max: Int64)
    /// Exponential with the given mean, shifted by `min` (a floor no message beats).
    case exponential(mean: Int64, min: Int64)
    /// Normal, clamped at `min` so latency never goes below it.
    case normal(mean: Int64, stddev: Int64, min: Int64)

    /// One draw, in microseconds; never negative.
    @inlinable public func sample(_ random: inout SeededRandom) -> Int64 {
        switch self {
        case .constant(let v): return v
        case .uniform(let lo, let hi): return random.int(in: lo...max(lo, hi))
        case .exponential(let mean, let lo):
            let u = random.unit()
            return SaturatingTime.add(lo, SaturatingTime.rounded(-Double(mean) * log1pNeg(u)))
        case .normal(let mean, let sd, let lo):
            // Box–Muller from two uniform draws; fixed algorithm, so fixed runs.
            let u1 = max(random.unit(), 0x1.0p-53), u2 = random.unit()
            let z = (-2 * logNatural(u1)).squareRoot() * cosine(2 * Double.pi * u2)
            return max(lo, SaturatingTime.add(mean, SaturatingTime.rounded(z * Double(sd))))
        }
    }

    /// The largest latency this distribution usually gives (for drawing and limits).
    public var typicalMax: Int64 {
        switch self {
        case .constant(let v): return v
        case .uniform(_, let hi): return hi
        case .exponential(let mean, let lo): return SaturatingTime.add(lo, SaturatingTime.multiply(3, mean))
        case .normal(let mean, let sd, _): return SaturatingTime.add(mean, SaturatingTime.multiply(3, sd))
        }
    }

    public var description: String {
        switch self {
        case .constant(let v): return DurationText.format(v)
        case .uniform(let lo, let hi): return "uniform \(DurationText.format(lo))–\(DurationText.format(hi))"
        case .exponential(let mean, let lo): return "exponential mean \(DurationText.format(mean)) min \(DurationText.format(lo))"
        case .normal(let mean, let sd, _): return "normal \(DurationText.format(mean))±\(DurationText.format(sd))"
        }
    }
}

import Foundation
@usableFromInline func log1pNeg(_ u: Double) -> Double { Foundation.log1p(-u) }
@usableFromInline func logNatural(_ x: Double) -> Double { Foundation.log(x) }
@usableFromInline func cosine(_ x: Double) -> Double { Foundation.cos(x) }

/// The behaviour of one direction of a link.
public struct LinkSettings: Sendable, Hashable, Codable, CustomStringConvertible {
    public var latency: LatencyDistribution
    /// Probability a message is lost.
    public var loss: Double
    /// Probability a message is delivered twice (the copy gets its own latency).
    public var duplicate: Double
    /// Probability a message is held back by an extra two to five latencies,
    /// so it overtakes nothing and is overtaken by later ones.
    public var reorder: Double
    /// Multiplies every latency on the link: a slow link.
    public var slowdown: Double
    /// A one-way cut: nothing gets through in this direction.
    public var cut: Bool
    /// Bytes per second the link puts on the wire; nil is unlimited. With a
    /// rate, messages leave one at a time in the order sent: each holds the
    /// link for its `wireSize` / rate, and its latency starts when it has left.
    public var rate: Int64?

    public init(latency: LatencyDistribution = .uniform(min: 1_000, max: 10_000),
                loss: Double = 0, duplicate: Double = 0, reorder: Double = 0,
                slowdown: Double = 1, cut: Bool = false, rate: Int64? = nil) {
        self.latency = latency; self.loss = loss; self.duplicate = duplicate
        self.reorder = reorder; self.slowdown = slowdown; self.cut = cut; self.rate = rate
    }

    public var description: String {
        var parts = [latency.description]
        if loss > 0 { parts.append("loss \(Int((loss * 100).rounded()))%") }
        if duplicate > 0 { parts.append("dup \(Int((duplicate * 100).rounded()))%") }
        if reorder > 0 { parts.append("reorder \(Int((reorder * 100).rounded()))%") }
        if slowdown != 1 { parts.append("slow ×\(slowdown)") }
        if let rate { parts.append("rate \(ByteRate.format(rate))") }
        if cut { parts.append("CUT") }
        return parts.joined(separator: ", ")
    }
}
