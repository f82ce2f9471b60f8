import ClusterSim
import Foundation
import Maelstrom
import Testing
import TestSupport
@testable import RealSystems
#if canImport(Glibc)
import Glibc
#endif

/// A real HAProxy and clusterlab's own backends on loopback 127.0.4.11…
/// (this suite's addresses), started from the system's launch specs with
/// `ChildProcess`, every process ended in a `defer`.
final class HAProxyLoopbackCluster {
    static let haproxy = ChildProcess.resolve("haproxy")
    static var available: Bool { haproxy != nil && BuiltBinary.clusterlab != nil && geteuid() == 0 }
    static let reason: Comment = "needs haproxy (apt-get install haproxy), root (port 80) and the built clusterlab (swift build)"

    let system: HAProxySystem
    let addresses: [String]
    let root: URL
    var processes: [ChildProcess?]

    init(strategy: String, backends: Int = 4) throws {
        // A shorter slow delay than a real run's keeps the suite quick; it is still 50 times the others'.
        system = try HAProxySystem(options: RealOptions(backends: backends, strategy: strategy,
                                                        selfExecutable: BuiltBinary.clusterlab!.path),
                                   slowServiceTimeMs: 250)
        addresses = (0..<system.nodeCount).map { "127.0.4.\(11 + $0)" }
        root = try BuiltBinary.temporaryDirectory()
        processes = []
        for i in 0..<system.nodeCount { processes.append(try start(i)) }
    }

    func dataDir(_ i: Int) -> String { root.appendingPathComponent("n\(i + 1)").path }

    func start(_ i: Int) throws -> ChildProcess {
        let launch = system.launch(node: i, addresses: addresses, dataDir: dataDir(i))
        try FileManager.default.createDirectory(atPath: dataDir(i), withIntermediateDirectories: true)
        for (name, text) in launch.files { try text.write(toFile: dataDir(i) + "/" + name, atomically: true, encoding: .utf8) }
        let p = try ChildProcess(executable: launch.executable, arguments: launch.arguments)
        p.closeStdin()
        return p
    }

    func kill(_ i: Int) { processes[i]?.killAndReap(); processes[i] = nil }

    func stop() {
        for i in processes.indices { kill(i) }
        try? FileManager.default.removeItem(at: root)
    }

    func views() -> [RealNodeView?] {
        (0..<system.nodeCount).map { system.poll(node: $0, addresses: addresses, connect: TCPConnection.direct) }
    }

    /// Polls `condition` every 100 ms for up to `seconds` (a bound, never what a test measures).
    static func eventually(_ seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        for _ in 0..<Int(seconds * 10) { if condition() { return true }; usleep(100_000) }
        return condition()
    }

    /// `clients` clients, each on its own thread, each doing `each` requests; the history in completion order.
    func run(clients: Int, each: Int, seed: UInt64 = 1) -> [HistoryOperation] {
        let lock = NSLock()
        nonisolated(unsafe) var history: [HistoryOperation] = []
        let done = DispatchSemaphore(value: 0)
        for c in 0..<clients {
            nonisolated(unsafe) let client = system.makeClient(index: c, addresses: addresses, connect: TCPConnection.direct, seed: seed &+ UInt64(c))
            Thread.detachNewThread {
                for _ in 0..<each {
                    let invoke = client.nextOperation()
                    let completion = client.perform(invoke)
                    lock.lock(); history += [invoke, completion]; lock.unlock()
                }
                client.close()
                done.signal()
            }
        }
        for _ in 0..<clients { done.wait() }
        return history
    }

    /// Requests each backend answered.
    static func counts(_ history: [HistoryOperation]) -> [String: Int] {
        Dictionary(grouping: BalancerHistoryChecker().report(history).backends, by: \.backend).mapValues { $0[0].count }
    }

    /// Command lines of processes this suite started that are still running (each names its data directory).
    static func leftovers(_ root: URL) -> [String] {
        ((try? Subprocess.run("pgrep", ["-fa", root.path]))?.stdout ?? "")
            .split(separator: "\n").map(String.init).filter { !$0.contains("pgrep") }
    }
}

@Suite(.serialized, .enabled(if: HAProxyLoopbackCluster.available, HAProxyLoopbackCluster.reason))
struct HAProxyLoopbackTests {
    @Test func haproxyAndFourBackendsComeUpAndRoundRobinSpreadsRequestsEvenly() throws {
        let cluster = try HAProxyLoopbackCluster(strategy: "roundrobin")
        defer { cluster.stop() }
        #expect(HAProxyLoopbackCluster.eventually { cluster.system.isReady(cluster.views()) }, "not ready: \(cluster.views())")
        let views = cluster.views()
        #expect(views.map { $0?.role } == ["balancer", "backend", "backend", "backend", "backend"])
        let history = cluster.run(clients: 8, each: 40)
        let verdict = cluster.system.check(history: history, addresses: cluster.addresses, connect: TCPConnection.direct)
        #expect(verdict.word == "valid", "\(verdict.lines)")
        let counts = HAProxyLoopbackCluster.counts(history)
        // 320 requests in turns over 4 backends: 80 each; generous bounds.
        #expect(counts.keys.sorted() == ["n2", "n3", "n4", "n5"], "\(counts)")
        for (backend, n) in counts { #expect((50...110).contains(n), "\(backend) answered \(n): \(counts)") }
        let n1 = cluster.views()[0]
        let requests = n1?.fields.first { $0.name == "requests" }?.value
        #expect(Int(requests ?? "") ?? 0 >= 320, "haproxy's req_tot: \(requests ?? "none")")
        // The live figures on n1 are the clients' own: a quarter of the requests took 250 ms.
        #expect(n1?.fields.first { $0.name == "answered" }?.value == "320")
        #expect(Int(n1?.fields.first { $0.name == "p99" }?.value.dropLast(2) ?? "") ?? 0 >= 200_000, "\(String(describing: n1))")
        cluster.stop()
        #expect(HAProxyLoopbackCluster.leftovers(cluster.root).isEmpty, "\(HAProxyLoopbackCluster.leftovers(cluster.root))")
    }

    @Test func leastconnSendsFewerRequestsToTheSlowBackendThanRoundRobin() throws {
        var slowShare: [String: Int] = [:]
        for strategy in ["roundrobin", "leastconn"] {
            let cluster = try HAProxyLoopbackCluster(strategy: strategy)
            defer { cluster.stop() }
            #expect(HAProxyLoopbackCluster.eventually { cluster.system.isReady(cluster.views()) }, "\(strategy) not ready")
            let history = cluster.run(clients: 8, each: 50)
            let verdict = cluster.system.check(history: history, addresses: cluster.addresses, connect: TCPConnection.direct)
            #expect(verdict.passed, "\(strategy): \(verdict.lines)")
            slowShare[strategy] = HAProxyLoopbackCluster.counts(history)["n5"] ?? 0
            print("\(strategy): \(verdict.lines.joined(separator: "; "))")
            cluster.stop()
            #expect(HAProxyLoopbackCluster.leftovers(cluster.root).isEmpty)
        }
        #expect(slowShare["leastconn"]! < slowShare["roundrobin"]!, "requests to the slow n5: \(slowShare)")
    }

    @Test func aKilledBackendIsMarkedDownAndRequestsKeepSucceeding() throws {
        let cluster = try HAProxyLoopbackCluster(strategy: "roundrobin")
        defer { cluster.stop() }
        #expect(HAProxyLoopbackCluster.eventually { cluster.system.isReady(cluster.views()) })
        cluster.kill(2)  // n3, SIGKILL
        #expect(HAProxyLoopbackCluster.eventually {
            cluster.views()[2]?.fields.contains { $0.name == "status" && $0.value.hasPrefix("DOWN") } == true
        }, "n3 never DOWN: \(String(describing: cluster.views()[2]))")
        #expect(cluster.views()[0]?.fields.first { $0.name == "healthy" }?.value == "3/4")
        let history = cluster.run(clients: 4, each: 30)
        let verdict = cluster.system.check(history: history, addresses: cluster.addresses, connect: TCPConnection.direct)
        #expect(verdict.word == "valid", "\(verdict.lines)")
        #expect(HAProxyLoopbackCluster.counts(history)["n3"] == nil)
        cluster.stop()
        #expect(HAProxyLoopbackCluster.leftovers(cluster.root).isEmpty)
    }

    @Test func aBackendClosesOnGarbageAndKeepsServing() throws {
        let cluster = try HAProxyLoopbackCluster(strategy: "roundrobin", backends: 2)
        defer { cluster.stop() }
        #expect(HAProxyLoopbackCluster.eventually { cluster.system.isReady(cluster.views()) })
        let bad = try TCPConnection.connect(host: cluster.addresses[1], port: HAProxyConfig.backendPort, timeoutMs: 2000)
        try bad.write("\u{1}\u{2} not http at all\r\n\r\n")
        #expect(throws: TCPConnection.Failure.self) { try bad.readLine() }
        let post = try TCPConnection.connect(host: cluster.addresses[1], port: HAProxyConfig.backendPort, timeoutMs: 2000)
        try post.write("POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi")
        #expect(try HTTPResponse.read(from: post).status == 405)
        let good = try TCPConnection.connect(host: cluster.addresses[1], port: HAProxyConfig.backendPort, timeoutMs: 2000)
        try good.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try HTTPResponse.read(from: good)
        #expect(response.status == 200 && response.headers["x-backend"] == "n2" && response.body == Array("n2\n".utf8))
    }

    @Test func aBackendHAProxyCannotSeeStillShowsWhetherItAnswers() throws {
        let cluster = try HAProxyLoopbackCluster(strategy: "roundrobin", backends: 2)
        defer { cluster.stop() }
        #expect(HAProxyLoopbackCluster.eventually { cluster.system.isReady(cluster.views()) })
        cluster.kill(0)  // haproxy
        let views = cluster.views()
        #expect(views[0] == nil)
        #expect(views[1]?.role == "backend" && views[1]?.fields.first?.value == "no stats", "\(String(describing: views[1]))")
        cluster.kill(1)
        #expect(cluster.views()[1] == nil)
    }
}
