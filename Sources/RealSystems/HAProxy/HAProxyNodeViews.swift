import ClusterSim
import Foundation  // String(format:)

/// How HAProxy's `show stat` rows look in the node boxes and to the labs'
/// predicates: n1 is the `balancer`, every server a `backend`.
enum HAProxyNodeViews {
    typealias Measured = (count: Int, p50: Int64, p99: Int64, share: Double)

    /// n1: requests received (`req_tot`), current sessions (`scur`), requests
    /// queued in the backend (`qcur`), servers UP out of all (`healthy`:
    /// not `up`, which the labs' predicates read as "the node is running"); then what the
    /// clients measured since the run began: requests answered 2xx, p50, p99.
    static func balancer(_ stats: HAProxyStats, strategy: HAProxyStrategy, measured: Measured) -> RealNodeView {
        let servers = stats.servers
        let up = servers.filter { $0["status"] == "UP" }.count
        let fields: [NodeSummary.Field] = [
            .init("healthy", "\(up)/\(servers.count)"),
            .init("p99", "\(measured.p99)us"),
            .init("strategy", strategy.rawValue),
            .init("requests", stats.frontend?["req_tot"] ?? "?"),
            .init("cur", stats.frontend?["scur"] ?? "?"),
            .init("queue", stats.backend?["qcur"] ?? "?"),
            .init("answered", "\(measured.count)"),
            .init("p50", "\(measured.p50)us"),
        ]
        let details = ["measured by the clients since the run began: \(measured.count) answered, p50 \(measured.p50)us, p99 \(measured.p99)us"]
            + servers.map { row in
            "\(row.server) \(row["status"]) cur \(row["scur"]) total \(row["stot"]) queue \(row["qcur"]) check \(row["check_status"])"
        }
        return RealNodeView(role: "balancer", fields: fields, details: details)
    }

    /// A server's row: its status (UP, DOWN, `UP 1/2` while changing), current
    /// and total sessions, queue and last health check.
    /// Then what the clients measured of it: requests it answered, their share of all, p99.
    static func backend(_ row: HAProxyStats.Row, serviceTimeMs: Int, measured: Measured) -> RealNodeView {
        let fields: [NodeSummary.Field] = [
            .init("status", row["status"]),
            .init("cur", row["scur"]),
            .init("total", row["stot"]),
            .init("queue", row["qcur"]),
            .init("check", row["check_status"]),
            .init("delay", "\(serviceTimeMs)ms"),
            .init("answered", "\(measured.count)"),
            .init("share", String(format: "%.2f%%", measured.share * 100)),
            .init("p99", "\(measured.p99)us"),
        ]
        let details = ["measured by the clients: \(measured.count) answered (\(String(format: "%.2f", measured.share * 100))% of all), p50 \(measured.p50)us, p99 \(measured.p99)us","status \(row["status"]), last check \(row["check_status"]) \(row["check_code"]) in \(row["check_duration"]) ms",
                       "sessions now \(row["scur"]) max \(row["smax"]) total \(row["stot"]); 2xx answers \(row["hrsp_2xx"]), 5xx \(row["hrsp_5xx"])",
                       "selected by the balancer \(row["lbtot"]) times; down \(row["chkdown"]) times, \(row["downtime"]) s in all"]
        return RealNodeView(role: "backend", fields: fields, details: details)
    }
}
