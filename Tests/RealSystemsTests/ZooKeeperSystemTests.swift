import ClusterSim
import Testing
@testable import RealSystems

/// Options, the launch of a server, and the verdict on handmade histories.
@Suite struct ZooKeeperSystemTests {
    @Test func nodesDefaultToThreeAndStayWithinOneToSeven() throws {
        #expect(try ZooKeeperSystem(options: RealOptions()).nodeCount == 3)
        #expect(try ZooKeeperSystem(options: RealOptions(nodes: 5, clients: 4)).clientCount == 4)
        #expect(throws: RealOptions.Invalid.self) { try ZooKeeperSystem(options: RealOptions(nodes: 8)) }
        do { _ = try ZooKeeperSystem(options: RealOptions(nodes: 0)) } catch let e as RealOptions.Invalid {
            #expect(e.description.contains("--nodes 0"))
        }
    }

    @Test func optionsOfOtherSystemsAreRefusedByName() {
        for (options, name) in [(RealOptions(masters: 3), "--masters"), (RealOptions(strategy: "leastconn"), "--strategy"),
                                (RealOptions(backends: 2), "--backends")] {
            do { _ = try ZooKeeperSystem(options: options); Issue.record("\(name) was accepted") } catch let e as RealOptions.Invalid {
                #expect(e.description == "\(name) does not apply to zookeeper")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func theNodeTimeoutIsTheFollowerTimeoutOfThreeTicks() throws {
        let cfg = try ZooKeeperSystem(options: RealOptions(nodeTimeoutMs: 900)).launch(node: 0, addresses: ["10.77.0.11"], dataDir: "/d").files["zoo.cfg"] ?? ""
        #expect(cfg.contains("tickTime=300\n") && cfg.contains("syncLimit=3\n") && cfg.contains("initLimit=34\n"))
        let standard = try ZooKeeperSystem(options: RealOptions()).launch(node: 0, addresses: ["10.77.0.11"], dataDir: "/d").files["zoo.cfg"] ?? ""
        #expect(standard.contains("tickTime=1000\n") && standard.contains("initLimit=10\n"))
        do { _ = try ZooKeeperSystem(options: RealOptions(nodeTimeoutMs: 100)); Issue.record("100 ms was accepted") } catch let e as RealOptions.Invalid {
            #expect(e.description.contains("--node-timeout-ms 100"))
        }
    }

    @Test func aServerRunsTheJVMDirectlyWithItsConfigAndMyidInItsDataDir() throws {
        let system = try ZooKeeperSystem(options: RealOptions())
        let launch = system.launch(node: 1, addresses: ["10.77.0.1", "10.77.0.2", "10.77.0.3"], dataDir: "/d/n2")
        #expect(launch.executable == "java")
        #expect(launch.arguments.contains("-Xmx128m"))
        #expect(launch.arguments.suffix(2) == ["org.apache.zookeeper.server.quorum.QuorumPeerMain", "/d/n2/zoo.cfg"])
        #expect(launch.arguments.contains("-Dorg.slf4j.simpleLogger.logFile=/d/n2/zookeeper.log"))
        #expect(launch.files["myid"] == "2\n")
        // Whatever the JVM writes stays in the data directory the run removes.
        #expect(launch.arguments.contains("-XX:-UsePerfData"))
        #expect(launch.arguments.contains("-XX:ErrorFile=/d/n2/hs_err_pid%p.log"))
        #expect(launch.arguments.contains("-Djava.io.tmpdir=/d/n2"))
        let cfg = try #require(launch.files["zoo.cfg"]).split(separator: "\n").map(String.init)
        for line in ["dataDir=/d/n2", "clientPort=2181", "clientPortAddress=10.77.0.2", "admin.enableServer=false",
                     "server.1=10.77.0.1:2888:3888", "server.2=10.77.0.2:2888:3888", "server.3=10.77.0.3:2888:3888"] {
            #expect(cfg.contains(line), "zoo.cfg lacks \(line)")
        }
        let whitelist = try #require(cfg.first { $0.hasPrefix("4lw.commands.whitelist=") })
        #expect(whitelist.contains("srvr"))
    }

    static func op(_ p: Int, _ type: HistoryOperation.Kind, _ f: String, _ value: HistoryValue, error: String? = nil) -> HistoryOperation {
        HistoryOperation(process: p, type: type, f: f, key: "k0", value: value, error: error.map(HistoryValue.string))
    }

    @Test func anOrderedHistoryIsLinearizable() {
        let history = [Self.op(0, .invoke, "write", .int(1)), Self.op(0, .ok, "write", .int(1)),
                       Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", .int(1)),
                       Self.op(0, .invoke, "cas", .list([.int(1), .int(2)])), Self.op(0, .ok, "cas", .list([.int(1), .int(2)]))]
        let verdict = ZooKeeperVerdict.check(history)
        #expect(verdict.word == "linearizable" && verdict.passed)
        #expect(verdict.lines.contains { $0.contains("3 operations: 3 ok, 0 fail, 0 info") })
    }

    @Test func aReadOfAnOverwrittenValueIsNamedAStaleRead() {
        // n1 writes 1 then 2; afterwards a read from a lagging server returns 1.
        let history = [Self.op(0, .invoke, "write", .int(1)), Self.op(0, .ok, "write", .int(1)),
                       Self.op(0, .invoke, "write", .int(2)), Self.op(0, .ok, "write", .int(2)),
                       Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", .int(1))]
        let verdict = ZooKeeperVerdict.check(history)
        #expect(verdict.word == "not linearizable" && !verdict.passed)
        #expect(verdict.lines[0].hasPrefix("not linearizable on key k0: a stale read"))
        #expect(verdict.lines.contains(ZooKeeperVerdict.readsNote))
    }

    @Test func aCasThatReadAnOlderValueIsAStaleReadToo() {
        // The cas's getData found something other than 1 after 1 was written and nothing else was.
        let history = [Self.op(0, .invoke, "write", .int(1)), Self.op(0, .ok, "write", .int(1)),
                       Self.op(1, .invoke, "cas", .list([.int(1), .int(3)])), Self.op(1, .fail, "cas", .list([.int(1), .int(3)]), error: "precondition-failed")]
        #expect(ZooKeeperVerdict.check(history).lines[0].contains("a stale read"))
    }

    @Test func aReadOfAValueNobodyWroteIsNotCalledStale() {
        let history = [Self.op(0, .invoke, "write", .int(1)), Self.op(0, .ok, "write", .int(1)),
                       Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", .int(9))]
        let verdict = ZooKeeperVerdict.check(history)
        #expect(verdict.word == "not linearizable")
        #expect(verdict.lines[0] == "not linearizable on key k0: a read returned 9, which no operation wrote", "\(verdict.lines)")
    }

    @Test func anUpdateThatCannotBeOrderedIsNamedAsSuch() {
        // The cas found 1 although 3 had replaced it before the cas began.
        let history = [Self.op(0, .invoke, "write", .int(1)), Self.op(0, .ok, "write", .int(1)),
                       Self.op(0, .invoke, "write", .int(3)), Self.op(0, .ok, "write", .int(3)),
                       Self.op(1, .invoke, "cas", .list([.int(1), .int(2)])), Self.op(1, .ok, "cas", .list([.int(1), .int(2)]))]
        let verdict = ZooKeeperVerdict.check(history)
        #expect(verdict.word == "not linearizable")
        #expect(verdict.lines[0].contains("the writes and cas themselves cannot be ordered"))
    }

    @Test func aFailedOrUnknownWriteMayOrMayNotHaveHappened() {
        let history = [Self.op(0, .invoke, "write", .int(1)), Self.op(0, .info, "write", .int(1), error: "ConnectionLoss"),
                       Self.op(1, .invoke, "write", .int(2)), Self.op(1, .fail, "write", .int(2), error: "ConnectionLoss"),
                       Self.op(2, .invoke, "read", .null), Self.op(2, .ok, "read", .int(1))]
        #expect(ZooKeeperVerdict.check(history).word == "linearizable")
        let impossible = history.dropLast() + [Self.op(2, .ok, "read", .int(2))]
        #expect(ZooKeeperVerdict.check(Array(impossible)).word == "not linearizable")
    }
}
