import ClusterProtocols
import Foundation

/// What the run's clients measured so far, for the node boxes and the labs'
/// predicates: every answered request's latency, overall and per backend,
/// since the run started. HAProxy's own stats have averages but no
/// percentiles, so the p50/p99 shown on n1 come from here (and say so).
/// Clients record from their threads, pollers read from theirs.
public final class ClientLatencies: @unchecked Sendable {
    private let lock = NSLock()
    private var all = LatencyHistogram()
    private var perBackend: [String: LatencyHistogram] = [:]

    public init() {}

    public func record(backend: String, micros: Int64) {
        lock.lock(); defer { lock.unlock() }
        all.record(micros)
        perBackend[backend, default: LatencyHistogram()].record(micros)
    }

    /// Requests answered, p50 and p99 in µs, overall (`backend == nil`) or for one backend; and its share.
    public func figures(backend: String? = nil) -> (count: Int, p50: Int64, p99: Int64, share: Double) {
        lock.lock(); defer { lock.unlock() }
        let h = backend.map { perBackend[$0] ?? LatencyHistogram() } ?? all
        return (h.total, h.percentile(0.5), h.percentile(0.99), all.total == 0 ? 0 : Double(h.total) / Double(all.total))
    }
}
