import ClusterProtocols
import ClusterSim
import Foundation  // String(format:)

/// Checks an HAProxy run's history: every request must have been answered
/// 2xx (`valid`), else `invalid` naming the failures. Alongside, the
/// balancer's figures from the recorded requests (latencies measured by the
/// clients, end to end through HAProxy): count, p50/p99 overall and per
/// backend, and each backend's share of the requests.
public struct BalancerHistoryChecker: Sendable {
    /// The figures for one backend, or for all (`backend == "all"`).
    public struct Figures: Sendable, Hashable {
        public var backend: String
        public var count: Int
        public var p50: Int64
        public var p99: Int64
        /// Fraction of all answered requests this backend served.
        public var share: Double
    }

    public struct Report: Sendable, Hashable {
        public var requests: Int
        public var answered: Int
        /// Completions that were not 2xx answers, with their errors.
        public var failures: [HistoryOperation]
        public var overall: Figures
        /// Per backend, by name (n2, n3, …).
        public var backends: [Figures]

        public func figures(_ backend: String) -> Figures? { backends.first { $0.backend == backend } }
    }

    public init() {}

    /// Reads every completion of f `request` (ok values `[backend, micros]`).
    public func report(_ history: [HistoryOperation]) -> Report {
        var all = LatencyHistogram()
        var per: [String: LatencyHistogram] = [:]
        var failures: [HistoryOperation] = []
        var requests = 0
        for op in history where op.f == "request" && op.type != .invoke {
            requests += 1
            guard op.type == .ok, case .list(let pair) = op.value, pair.count == 2,
                  case .string(let backend) = pair[0], case .int(let micros) = pair[1] else {
                failures.append(op)
                continue
            }
            all.record(micros)
            per[backend, default: LatencyHistogram()].record(micros)
        }
        let answered = all.total
        func figures(_ name: String, _ h: LatencyHistogram) -> Figures {
            Figures(backend: name, count: h.total, p50: h.percentile(0.5), p99: h.percentile(0.99),
                    share: answered == 0 ? 0 : Double(h.total) / Double(answered))
        }
        let backends = per.keys.sorted { Self.nodeOrder($0) < Self.nodeOrder($1) }.map { figures($0, per[$0]!) }
        return Report(requests: requests, answered: answered, failures: failures, overall: figures("all", all), backends: backends)
    }

    /// The verdict: `valid` when there were requests and every one got a 2xx.
    public func check(_ history: [HistoryOperation]) -> RealVerdict {
        let r = report(history)
        var lines = ["requests \(r.requests), answered 2xx \(r.answered), failed \(r.failures.count)",
                     Self.line(r.overall)]
        lines += r.backends.map(Self.line)
        if r.requests == 0 { return RealVerdict(word: "invalid", passed: false, lines: ["no request completed"] + lines) }
        guard r.failures.isEmpty else {
            let shown = r.failures.prefix(5).map { op in
                "\(op.type.rawValue) \(op.key) by client \(op.process): \(Self.text(op.error))"
            }
            let more = r.failures.count > 5 ? ["… and \(r.failures.count - 5) more"] : []
            return RealVerdict(word: "invalid", passed: false,
                               lines: ["\(r.failures.count) of \(r.requests) requests got no 2xx answer"] + shown + more + lines)
        }
        return RealVerdict(word: "valid", passed: true, lines: lines)
    }

    /// An error as written, without the quotes a string value's description adds.
    static func text(_ error: HistoryValue?) -> String {
        switch error {
        case .string(let s)?: return s
        case nil, .null?: return "no answer recorded"
        case let other?: return other.description
        }
    }

    static func line(_ f: Figures) -> String {
        let share = f.backend == "all" ? "" : String(format: " share %.1f%%", f.share * 100)
        return "\(f.backend): \(f.count) requests p50 \(millis(f.p50)) p99 \(millis(f.p99))\(share)"
    }

    static func millis(_ micros: Int64) -> String { String(format: "%.1f ms", Double(micros) / 1000) }

    /// n2 < n10 (numeric), anything else after.
    static func nodeOrder(_ name: String) -> (Int, String) {
        if name.hasPrefix("n"), let i = Int(name.dropFirst()) { return (i, name) }
        return (Int.max, name)
    }
}
