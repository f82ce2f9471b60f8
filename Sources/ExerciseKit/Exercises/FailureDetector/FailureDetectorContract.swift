import ClusterSim
import Foundation

/// What a student's failure detector is: a server that heartbeats its peers
/// and keeps the set of peers it suspects, by a fixed timeout first, then by
/// phi accrual (Hayashibara et al. 2004).
public protocol FailureDetectorNode: NodeStateMachine where Config == FailureDetectorConfig {
    /// The peers this node suspects now.
    var suspects: Set<NodeID> { get }
}

/// Which way a run's detector decides.
public enum DetectionMode: String, Sendable, Hashable {
    /// Suspect a peer silent for longer than `timeout`; clear it when heard.
    case timeout
    /// Suspect a peer once phi of its silence reaches `threshold`; clear it when heard.
    case phi
}

/// The run's parameters, shared by every server. Durations are µs of virtual time.
public struct FailureDetectorConfig: Sendable, Hashable {
    public var mode: DetectionMode
    /// Time between a node's heartbeats to every peer.
    public var interval: Int64
    /// timeout: silence after which a peer is suspected.
    public var timeout: Int64
    /// phi: the period of the node's own tick timer, its unit of time (handlers cannot read a clock).
    public var tick: Int64
    /// phi: a peer is suspected when phi reaches this.
    public var threshold: Double
    /// phi: how many inter-arrival times are kept per peer (the oldest is dropped).
    public var window: Int
    /// phi: the floor on the standard deviation, so a very regular peer is not
    /// suspected the moment one heartbeat is a little late.
    public var minStddev: Int64
    /// nil for students; instructors' known-buggy variants of the reference solution read it.
    public var variant: String?

    public init(mode: DetectionMode, interval: Int64 = 100_000, timeout: Int64 = 300_000, tick: Int64 = 10_000,
                threshold: Double = 8, window: Int = 100, minStddev: Int64 = 10_000, variant: String? = nil) {
        self.mode = mode; self.interval = interval; self.timeout = timeout; self.tick = tick
        self.threshold = threshold; self.window = window; self.minStddev = minStddev; self.variant = variant
    }
}

/// The one formula phi accrual needs (given: the exercise is the detector).
public enum PhiAccrual {
    /// The probability that a gap drawn from Normal(mean, stddev) is longer
    /// than `elapsed`: the chance the next heartbeat is still coming.
    /// phi = −log10 of it (Hayashibara et al., SRDS 2004).
    public static func probabilityLater(elapsed: Double, mean: Double, stddev: Double) -> Double {
        let z = (elapsed - mean) / max(stddev, .leastNormalMagnitude)
        return 0.5 * erfc(z / 2.0.squareRoot())
    }
}
