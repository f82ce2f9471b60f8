/// HAProxy's `balance` algorithms that make sense for this HTTP workload.
///
/// How each one picks a server is HAProxy's own description, in the 2.6
/// configuration manual, section 4.2, keyword `balance`
/// (https://docs.haproxy.org/2.6/configuration.html#4.2-balance).
/// Left out: `hash`, `url_param`, `hdr(...)` and `rdp-cookie`, which need an
/// argument or a request field this workload does not send (and fall back to
/// round robin without it).
public enum HAProxyStrategy: String, Sendable, CaseIterable {
    case roundrobin, staticRR = "static-rr", leastconn, first, random, source, uri

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The haproxy.cfg a run writes to the balancer's data directory.
public struct HAProxyConfig: Sendable, Hashable {
    /// The balancer's address (the frontend and the stats socket bind there).
    public var address: String
    /// The backends' addresses, named n2, n3, … in order.
    public var backends: [String]
    public var strategy: HAProxyStrategy

    public static let frontendPort: UInt16 = 80
    public static let backendPort: UInt16 = 8080
    /// The stats socket: TCP on the balancer's address, so the runner reaches
    /// it through the same connector as every other node (`show stat`).
    public static let statsPort: UInt16 = 9999
    /// `first` fills a server up to its maxconn before using the next one; the
    /// manual says it makes no sense without one, so only `first` sets it.
    public static let firstMaxconn = 4
    public static let backendSection = "backends"

    public init(address: String, backends: [String], strategy: HAProxyStrategy) {
        self.address = address; self.backends = backends; self.strategy = strategy
    }

    /// The configuration text. Health checks `GET /health` every second
    /// (down after 2 failures, up after 2 successes); a connection refused is
    /// retried on another server (`option redispatch`); a server that does
    /// not answer within `timeout server` gives the client a 504.
    public var text: String {
        let maxconn = strategy == .first ? " maxconn \(Self.firstMaxconn)" : ""
        let servers = backends.enumerated().map { i, address in
            "    server n\(i + 2) \(address):\(Self.backendPort) check inter 1s fall 2 rise 2\(maxconn)"
        }
        return """
            # Written by clusterlab for `clusterlab real haproxy`.
            global
                nbthread 1
                maxconn 1024
                stats socket ipv4@\(address):\(Self.statsPort) level operator
                stats timeout 5s

            defaults
                mode http
                timeout connect 1s
                timeout client 30s
                timeout server 5s
                timeout check 1s
                timeout queue 5s
                retries 2
                option redispatch

            frontend web
                bind \(address):\(Self.frontendPort)
                default_backend \(Self.backendSection)

            backend \(Self.backendSection)
                balance \(strategy.rawValue)
                option httpchk GET /health
            \(servers.joined(separator: "\n"))

            """
    }
}
