import ClusterSim
import Maelstrom

/// `clusterlab real haproxy`: HAProxy 2.6 (n1) balancing HTTP requests over
/// small backends clusterlab runs itself (n2 …), the last one deliberately
/// slow; clients send GETs through n1 and the history gets the balancer's
/// figures (p50/p99, share per backend) and a verdict on failed requests.
public final class HAProxySystem: RealSystem {
    public let name = "haproxy"
    public let backendCount: Int
    public let strategy: HAProxyStrategy
    public let clientCount: Int
    /// The clusterlab executable the backends run as (`clusterlab real-backend`).
    public let selfExecutable: String
    public var nodeCount: Int { backendCount + 1 }

    /// Every backend's service time, and by default the slow one's (the
    /// last backend): slow enough that a strategy which avoids it can keep
    /// its share of requests well under the 1% a p99 looks at.
    public static let serviceTimeMs = 5
    public static let defaultSlowServiceTimeMs = 2000
    public let slowServiceTimeMs: Int
    /// The clients' measurements so far (n1's p50/p99, each backend's share).
    public let latencies = ClientLatencies()
    /// Timeouts for reading the stats and probing a backend.
    static let pollTimeoutMs = 1000

    public init(options: RealOptions, slowServiceTimeMs: Int = HAProxySystem.defaultSlowServiceTimeMs) throws {
        self.slowServiceTimeMs = slowServiceTimeMs
        try options.refuse(["--nodes", "--masters", "--replicas", "--node-timeout-ms"], for: "haproxy")
        backendCount = try RealOptions.count(options.backends, "--backends", default: 4, in: 2...8)
        clientCount = try RealOptions.count(options.clients, "--clients", default: 8, in: 1...64)
        let given = options.strategy ?? HAProxyStrategy.roundrobin.rawValue
        guard let s = HAProxyStrategy(rawValue: given) else {
            throw RealOptions.Invalid("--strategy \(given): choose one of \(HAProxyStrategy.names)")
        }
        strategy = s
        selfExecutable = options.selfExecutable
    }

    /// The backend node index that is slow (the last one).
    public var slowNode: Int { backendCount }
    public func serviceTimeMs(node i: Int) -> Int { i == slowNode ? slowServiceTimeMs : Self.serviceTimeMs }

    public func launch(node i: Int, addresses: [String], dataDir: String) -> RealNodeLaunch {
        if i == 0 {
            let config = HAProxyConfig(address: addresses[0], backends: Array(addresses.dropFirst()), strategy: strategy)
            return RealNodeLaunch(executable: ChildProcess.resolve("haproxy") ?? ChildProcess.resolve("/usr/sbin/haproxy") ?? "haproxy",
                                  arguments: ["-f", dataDir + "/haproxy.cfg", "-db"],
                                  files: ["haproxy.cfg": config.text])
        }
        return RealNodeLaunch(executable: selfExecutable,
                              arguments: ["real-backend", "--address", addresses[i], "--port", "\(HAProxyConfig.backendPort)",
                                          "--name", "n\(i + 1)", "--delay-ms", "\(serviceTimeMs(node: i))", "--data-dir", dataDir])
    }

    /// Nothing to form: HAProxy reads its backends from the configuration.
    public func bootstrap(addresses: [String], connect: RealConnect, log: (String) -> Void) throws {}

    public func poll(node i: Int, addresses: [String], connect: RealConnect) -> RealNodeView? {
        let stats: HAProxyStats
        do { stats = try HAProxyStats.read(address: addresses[0], connect: connect, timeoutMs: Self.pollTimeoutMs) } catch {
            return i == 0 ? nil : probe(node: i, addresses: addresses, connect: connect, why: "\(error)")
        }
        if i == 0 { return HAProxyNodeViews.balancer(stats, strategy: strategy, measured: latencies.figures()) }
        guard let row = stats.row(HAProxyConfig.backendSection, "n\(i + 1)") else {
            return probe(node: i, addresses: addresses, connect: connect, why: "haproxy's stats have no row n\(i + 1)")
        }
        return HAProxyNodeViews.backend(row, serviceTimeMs: serviceTimeMs(node: i), measured: latencies.figures(backend: "n\(i + 1)"))
    }

    /// A backend seen directly when HAProxy's stats cannot say: nil when it does not answer either.
    func probe(node i: Int, addresses: [String], connect: RealConnect, why: String) -> RealNodeView? {
        guard let connection = try? connect(addresses[i], HAProxyConfig.backendPort, Self.pollTimeoutMs),
              (try? connection.write("GET /health HTTP/1.1\r\nHost: \(addresses[i])\r\nConnection: close\r\n\r\n")) != nil,
              let response = try? HTTPResponse.read(from: connection) else { return nil }
        return RealNodeView(role: "backend", fields: [.init("status", "no stats"), .init("answers", "\(response.status)"),
                                                      .init("delay", "\(serviceTimeMs(node: i))ms")],
                            details: ["answers GET /health directly with \(response.status)", "no haproxy row: \(why)"])
    }

    /// Ready when HAProxy answers and has seen every backend pass a health check.
    public func isReady(_ views: [RealNodeView?]) -> Bool {
        guard views.count == nodeCount, views[0]?.role == "balancer" else { return false }
        return views.dropFirst().allSatisfy { view in
            view?.fields.contains { $0.name == "check" && $0.value.hasPrefix("L7OK") } == true
                && view?.fields.contains { $0.name == "status" && $0.value == "UP" } == true
        }
    }

    public func makeClient(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64) -> RealClient {
        HAProxyClient(index: index, balancer: addresses[0], connect: connect, seed: seed, latencies: latencies)
    }

    public func check(history: [HistoryOperation], addresses: [String], connect: RealConnect) -> RealVerdict {
        var verdict = BalancerHistoryChecker().check(history)
        verdict.lines.append("strategy \(strategy.rawValue); slow backend n\(slowNode + 1) (\(slowServiceTimeMs) ms, the others \(Self.serviceTimeMs) ms)")
        return verdict
    }
}
