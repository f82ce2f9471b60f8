import Foundation

/// The recent inter-arrival times of one peer's heartbeats, in ticks, and the
/// phi of an elapsed time against them (Hayashibara et al. 2004).
///
/// Phi is -log10 of the probability that the next heartbeat arrives later
/// than `elapsed`, with inter-arrival times taken as normal (mean and
/// standard deviation of the window, the deviation floored). Adding a sample
/// and reading phi are O(1): the window keeps running sums.
public struct InterArrivalWindow: Sendable, Hashable {
    public let capacity: Int
    public private(set) var samples: [Int] = []
    private var next = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public mutating func add(_ sample: Int) {
        let x = Double(sample)
        if samples.count < capacity {
            samples.append(sample)
        } else {
            let old = Double(samples[next])
            sum -= old; sumOfSquares -= old * old
            samples[next] = sample
            next = (next + 1) % capacity
        }
        sum += x; sumOfSquares += x * x
    }

    public var count: Int { samples.count }
    public var mean: Double { samples.isEmpty ? 0 : sum / Double(samples.count) }
    public var stddev: Double {
        guard samples.count > 1 else { return 0 }
        let m = mean
        return max(0, sumOfSquares / Double(samples.count) - m * m).squareRoot()
    }

    /// Phi of `elapsed` ticks since the last heartbeat; `minStddev` in ticks.
    public func phi(elapsed: Double, minStddev: Double) -> Double {
        Self.phi(elapsed: elapsed, mean: mean, stddev: max(stddev, minStddev))
    }

    /// -log10(P(X > elapsed)) for X normal(mean, stddev); at most about 323
    /// (where the probability underflows).
    public static func phi(elapsed: Double, mean: Double, stddev: Double) -> Double {
        let z = (elapsed - mean) / max(stddev, .leastNormalMagnitude)
        let later = 0.5 * erfc(z / 2.0.squareRoot())
        return -log10(max(later, .leastNonzeroMagnitude))
    }
}
