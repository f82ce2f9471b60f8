import ClusterSim

/// How the balancer looks in the interface: p50/p99 of the last metrics
/// window in its fields (what labs check), per-backend rows of load, queue
/// and latency with their recent history for the balancer panel.
extension LoadBalancer {
    /// A backend's one-word condition.
    func status(_ b: Int) -> String {
        if !live[b] { return "down" }
        if !inRotation[b] { return "spare" }
        switch breakers[b].state {
        case .open: return "open"
        case .halfOpen: return "half-open"
        case .closed: return "live"
        }
    }

    var metricRows: [MetricRow] {
        let m = metrics
        let queueScale = Double(max(1, queueLength.max() ?? 0))
        var rows: [MetricRow] = []
        for b in live.indices {
            let s = status(b)
            let tone: NodeSummary.Tone = s == "live" ? (m.load[b] > 0.9 ? .warning : .good) : (s == "spare" ? .neutral : .bad)
            rows.append(MetricRow(label: "n\(b + 2)", status: s, tone: tone, metrics: [
                .init("load", Swift.min(1, m.load[b]), unit: .fraction, scale: 1, history: m.loadHistory[b]),
                .init("queue", Double(queueLength[b]), scale: queueScale, history: m.queueHistory[b]),
                .init("p50", Double(m.p50[b]), unit: .micros),
                .init("p99", Double(m.p99[b]), unit: .micros, history: m.p99History[b]),
            ]))
        }
        let a = m.all
        rows.append(MetricRow(label: "all", status: "", tone: .leader, metrics: [
            .init("load", m.load[a], unit: .fraction, scale: 1, history: m.loadHistory[a]),
            .init("queue", Double(queueLength.reduce(0, +)), scale: queueScale * Double(max(1, live.count)), history: m.queueHistory[a]),
            .init("p50", Double(m.p50[a]), unit: .micros),
            .init("p99", Double(m.p99[a]), unit: .micros, history: m.p99History[a]),
        ]))
        return rows
    }

    var summary: NodeSummary {
        let a = metrics.all
        var fields: [NodeSummary.Field] = [.init("strategy", strategy.rawValue),
                                           .init("p50", "\(metrics.p50[a])us"),
                                           .init("p99", "\(metrics.p99[a])us"),
                                           .init("active", "\(activeBackends)"),
                                           .init("failed", "\(rejected)")]
        for b in live.indices {
            let s = status(b)
            fields.append(.init("n\(b + 2)", s == "live" ? "\(inFlight[b]) in flight, q \(queueLength[b])" : s))
        }
        var details = ["strategy \(strategy.rawValue); completed \(completed), failed \(rejected), retried \(retried), timeouts \(timeouts), waiting \(waiting.count)",
                       "switch live: request n1 strategy NAME (:request, or r on n1)",
                       "latency = timeouts + backoffs + backend-reported queue wait + service (no network)",
                       "last \(DurationText.format(config.metricsWindow)): p50 \(metrics.p50[a])us, p99 \(metrics.p99[a])us; whole run: p50 \(histogram.percentile(0.5))us, p99 \(histogram.percentile(0.99))us"]
        if let s = autoscaler {
            details.append("autoscale \(activeBackends) in rotation (\(s.policy.min)…\(s.policy.max)), utilisation \(Int((s.lastUtilisation * 100).rounded()))%, up \(s.scaledUp), down \(s.scaledDown)")
        }
        for b in live.indices {
            details.append("n\(b + 2): \(status(b)), in flight \(inFlight[b]), queue \(queueLength[b]), forwarded \(forwarded[b]), ewma \(Int(ewma[b]))us, breaker \(breakers[b].state.rawValue)")
        }
        return NodeSummary(role: "balancer", tone: .leader, fields: fields, details: details, metrics: metricRows)
    }
}
