import ClusterSim
import Foundation
import Maelstrom
import Testing
import TestSupport
@testable import RealSystems

/// The HAProxy system without running it: options, the configuration it
/// writes, how `show stat` is read, and the checker on handmade histories.
@Suite struct HAProxyUnitTests {
    @Test func optionsHaveDefaultsAndRefuseWhatDoesNotApply() throws {
        let system = try HAProxySystem(options: RealOptions())
        #expect(system.backendCount == 4 && system.nodeCount == 5 && system.clientCount == 8)
        #expect(system.strategy == .roundrobin && system.slowNode == 4)
        for bad in [RealOptions(nodes: 3), RealOptions(masters: 3), RealOptions(replicas: 1), RealOptions(backends: 1),
                    RealOptions(backends: 9), RealOptions(strategy: "hdr(host)")] {
            #expect(throws: RealOptions.Invalid.self) { try HAProxySystem(options: bad) }
        }
        do { _ = try HAProxySystem(options: RealOptions(strategy: "weighted")) } catch let e as RealOptions.Invalid {
            #expect(e.description == "--strategy weighted: choose one of roundrobin, static-rr, leastconn, first, random, source, uri")
        }
    }

    @Test func theLaunchesNameHAProxyThenTheBackendsTheLastOneSlow() throws {
        let system = try HAProxySystem(options: RealOptions(backends: 3, strategy: "leastconn", selfExecutable: "/x/clusterlab"))
        let addresses = ["10.77.0.1", "10.77.0.2", "10.77.0.3", "10.77.0.4"]
        let balancer = system.launch(node: 0, addresses: addresses, dataDir: "/d/n1")
        #expect(balancer.arguments == ["-f", "/d/n1/haproxy.cfg", "-db"])
        let config = try #require(balancer.files["haproxy.cfg"])
        #expect(config.contains("balance leastconn") && config.contains("bind 10.77.0.1:80"))
        #expect(config.contains("stats socket ipv4@10.77.0.1:9999"))
        #expect(config.contains("server n4 10.77.0.4:8080 check") && !config.contains("maxconn 4"))
        let slow = system.launch(node: 3, addresses: addresses, dataDir: "/d/n4")
        #expect(slow.executable == "/x/clusterlab")
        #expect(slow.arguments == ["real-backend", "--address", "10.77.0.4", "--port", "8080", "--name", "n4", "--delay-ms", "2000", "--data-dir", "/d/n4"])
        #expect(system.launch(node: 1, addresses: addresses, dataDir: "/d/n2").arguments.dropLast(2).last == "5")
    }

    @Test func onlyFirstSetsAServerMaxconn() {
        let first = HAProxyConfig(address: "127.0.0.1", backends: ["127.0.0.2"], strategy: .first).text
        #expect(first.contains("balance first") && first.contains("maxconn \(HAProxyConfig.firstMaxconn)"))
    }

    @Test(.enabled(if: ChildProcess.resolve("haproxy") != nil, "haproxy is not installed (apt-get install haproxy)"),
          arguments: HAProxyStrategy.allCases)
    func haproxyAcceptsTheConfigurationForEveryStrategy(_ strategy: HAProxyStrategy) throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("haproxy.cfg")
        let config = HAProxyConfig(address: "127.0.4.11", backends: ["127.0.4.12", "127.0.4.13"], strategy: strategy)
        try config.text.write(to: file, atomically: true, encoding: .utf8)
        let r = try Subprocess.run(ChildProcess.resolve("haproxy")!, ["-c", "-f", file.path])
        #expect(r.status == 0, "haproxy -c: \(r.stdout)\(r.stderr)")
        #expect(!r.stderr.contains("WARNING"), "\(r.stderr)")
    }

    static let statCSV = """
        # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,
        web,FRONTEND,,,3,8,1024,120,1,2,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,5,0,9,,,,0,118,0,0,2,0,,5,9,120,
        backends,n2,0,0,1,3,,40,1,2,,0,,0,0,0,0,UP,1,1,0,0,0,30,0,,1,3,1,,40,,2,1,,3,L7OK,200,0,0,40,0,0,0,0,,,,,
        backends,n3,0,0,0,2,,0,1,2,,0,,0,0,0,0,DOWN,1,1,0,3,1,5,5,,1,3,2,,38,,2,0,,3,L4CON,,0,0,38,0,0,0,0,,,,,
        backends,BACKEND,2,5,1,8,103,120,1,2,0,0,,0,0,0,0,UP,2,2,0,,0,30,0,,1,3,0,,78,,1,5,,9,,,,0,118,0,0,2,0,,,,120,

        """

    @Test func showStatRowsBecomeTheBalancerAndBackendBoxes() throws {
        let stats = try HAProxyStats(csv: Self.statCSV)
        #expect(stats.servers.map(\.server) == ["n2", "n3"])
        let latencies = ClientLatencies()
        for _ in 0..<99 { latencies.record(backend: "n2", micros: 5000) }
        latencies.record(backend: "n3", micros: 2_000_000)
        let balancer = HAProxyNodeViews.balancer(stats, strategy: .leastconn, measured: latencies.figures())
        #expect(balancer.role == "balancer")
        #expect(balancer.fields.map(\.value) == ["1/2", "4992us", "leastconn", "120", "3", "2", "100", "4992us"])
        let down = HAProxyNodeViews.backend(try #require(stats.row("backends", "n3")), serviceTimeMs: 2000,
                                            measured: latencies.figures(backend: "n3"))
        #expect(down.role == "backend")
        #expect(down.fields.first { $0.name == "status" }?.value == "DOWN")
        #expect(down.fields.first { $0.name == "check" }?.value == "L4CON")
        #expect(down.fields.first { $0.name == "share" }?.value == "1.00%")
        #expect(down.fields.first { $0.name == "p99" }?.value.hasPrefix("19") == true)
        let system = try HAProxySystem(options: RealOptions(backends: 2))
        let up = HAProxyNodeViews.backend(try #require(stats.row("backends", "n2")), serviceTimeMs: 5,
                                          measured: latencies.figures(backend: "n2"))
        #expect(system.isReady([balancer, up, up]))
        #expect(!system.isReady([balancer, up, down]))
        #expect(!system.isReady([nil, up, up]))
        #expect(throws: (any Error).self) { try HAProxyStats(csv: "Unknown command\n") }
    }

    static func request(_ p: Int, _ type: HistoryOperation.Kind, backend: String = "n2", micros: Int64 = 1000, error: String? = nil) -> [HistoryOperation] {
        let invoke = HistoryOperation(process: p, type: .invoke, f: "request", key: "/item/\(p)", value: .null)
        var done = invoke
        done.type = type
        if type == .ok { done.value = .list([.string(backend), .int(micros)]) }
        done.error = error.map { .string($0) }
        return [invoke, done]
    }

    @Test func theCheckerGivesFiguresPerBackendAndPassesWhenEveryRequestGot2xx() {
        var history: [HistoryOperation] = []
        for i in 0..<99 { history += Self.request(i % 4, .ok, backend: "n\(2 + i % 3)", micros: 1000) }
        history += Self.request(1, .ok, backend: "n10", micros: 250_000)
        let checker = BalancerHistoryChecker()
        let report = checker.report(history)
        #expect(report.requests == 100 && report.answered == 100 && report.failures.isEmpty)
        #expect(report.backends.map(\.backend) == ["n2", "n3", "n4", "n10"])
        #expect(report.figures("n2")?.count == 33 && report.figures("n10")?.share == 0.01)
        #expect(report.overall.p50 <= 1000 && report.overall.p99 <= 1000)
        #expect(report.figures("n10")!.p99 > 240_000)
        let verdict = checker.check(history)
        #expect(verdict.word == "valid" && verdict.passed)
        #expect(verdict.lines.contains { $0.hasPrefix("n10: 1 requests") && $0.contains("share 1.0%") })
    }

    @Test func theCheckerFailsOnAHandmadeHistoryWithA503AndATimeout() {
        var history = Self.request(0, .ok) + Self.request(1, .fail, error: "HTTP 503 from haproxy")
        history += Self.request(2, .info, error: "no answer in 8000 ms")
        let verdict = BalancerHistoryChecker().check(history)
        #expect(verdict.word == "invalid" && !verdict.passed)
        #expect(verdict.lines.first == "2 of 3 requests got no 2xx answer")
        #expect(verdict.lines.contains("fail /item/1 by client 1: HTTP 503 from haproxy"))
        #expect(verdict.lines.contains("info /item/2 by client 2: no answer in 8000 ms"))
        #expect(BalancerHistoryChecker().check([]).word == "invalid")
    }
}
