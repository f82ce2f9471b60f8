import ClusterSim
import Testing
@testable import RealSystems

/// EtcdSystem without a server: its options, its command lines, how a
/// status becomes a node view, when the cluster counts as ready, and the
/// checker's verdicts on handmade histories (it can fail).
@Suite struct EtcdSystemTests {
    @Test func optionsTakeNodesAndClientsAndRefuseTheRest() throws {
        let system = try EtcdSystem(options: RealOptions(nodes: 5, clients: 4))
        #expect(system.nodeCount == 5 && system.clientCount == 4)
        let defaults = try EtcdSystem(options: RealOptions())
        #expect(defaults.nodeCount == 3 && defaults.clientCount == 3)
        #expect(throws: RealOptions.Invalid.self) { try EtcdSystem(options: RealOptions(masters: 3)) }
        #expect(throws: RealOptions.Invalid.self) { try EtcdSystem(options: RealOptions(nodeTimeoutMs: 500)) }
        #expect(throws: RealOptions.Invalid.self) { try EtcdSystem(options: RealOptions(nodes: 8)) }
        #expect(throws: RealOptions.Invalid.self) { try EtcdSystem(options: RealOptions(nodes: 0)) }
        do { _ = try EtcdSystem(options: RealOptions(strategy: "leastconn")) } catch {
            #expect("\(error)" == "--strategy does not apply to etcd")
        }
    }

    @Test func launchNamesEveryMemberAndItsOwnURLs() {
        let system = EtcdSystem(nodes: 3)
        let launch = system.launch(node: 1, addresses: ["10.77.0.1", "10.77.0.2", "10.77.0.3"], dataDir: "/tmp/run/n2")
        #expect(launch.executable == "etcd")
        func value(_ flag: String) -> String? { launch.arguments.firstIndex(of: flag).map { launch.arguments[$0 + 1] } }
        #expect(value("--name") == "n2")
        #expect(value("--data-dir") == "/tmp/run/n2/etcd")
        #expect(value("--listen-peer-urls") == "http://10.77.0.2:2380")
        #expect(value("--initial-advertise-peer-urls") == "http://10.77.0.2:2380")
        #expect(value("--listen-client-urls") == "http://10.77.0.2:2379")
        #expect(value("--advertise-client-urls") == "http://10.77.0.2:2379")
        #expect(value("--initial-cluster") == "n1=http://10.77.0.1:2380,n2=http://10.77.0.2:2380,n3=http://10.77.0.3:2380")
        #expect(value("--initial-cluster-state") == "new")
        #expect(value("--initial-cluster-token") == EtcdSystem.clusterToken)
        // etcd's default timing is kept.
        #expect(value("--heartbeat-interval") == nil && value("--election-timeout") == nil)
    }

    static let names = ["1": "n1", "2": "n2", "3": "n3"]

    @Test func aStatusBecomesTheNodeBox() {
        let leader = EtcdSystem.view(of: EtcdStatus(memberID: "2", leaderID: "2", raftTerm: 4, raftIndex: 17, raftAppliedIndex: 16), names: Self.names)
        #expect(leader.role == "leader" && leader.term == 4 && leader.leader == "n2")
        #expect(leader.fields == [.init("commit", "17"), .init("applied", "16")])
        let follower = EtcdSystem.view(of: EtcdStatus(memberID: "1", leaderID: "2", raftTerm: 4, raftIndex: 17, raftAppliedIndex: 17), names: Self.names)
        #expect(follower.role == "follower" && follower.leader == "n2")
        // No leader known: said plainly, not guessed.
        let lost = EtcdSystem.view(of: EtcdStatus(memberID: "3", leaderID: nil, raftTerm: 9, raftIndex: 17, raftAppliedIndex: 17,
                                                  errors: ["etcdserver: no leader"]), names: Self.names)
        #expect(lost.role == "no leader" && lost.leader == nil && lost.term == 9)
        #expect(lost.details.contains("error: etcdserver: no leader"))
        // A leader ID the member list has not named yet shows as its ID.
        let unnamed = EtcdSystem.view(of: EtcdStatus(memberID: "1", leaderID: "99", raftTerm: 1, raftIndex: 1, raftAppliedIndex: 1), names: Self.names)
        #expect(unnamed.leader == "id 99")
    }

    @Test func readyNeedsALeaderAMajorityNames() {
        let system = EtcdSystem(nodes: 3)
        func view(_ leader: String?) -> RealNodeView { RealNodeView(role: leader == nil ? "no leader" : "follower", leader: leader) }
        #expect(system.isReady([view("n1"), view("n1"), nil]))
        #expect(!system.isReady([view("n1"), nil, nil]))
        #expect(!system.isReady([view("n1"), view("n2"), view(nil)]))
        #expect(!system.isReady([nil, nil, nil]))
        #expect(EtcdSystem(nodes: 5).isReady([view("n3"), view("n3"), view("n3"), nil, nil]))
        #expect(!EtcdSystem(nodes: 5).isReady([view("n3"), view("n3"), nil, nil, nil]))
    }

    static func op(_ p: Int, _ type: HistoryOperation.Kind, _ f: String, _ value: HistoryValue, key: String = "k0", error: HistoryValue? = nil) -> HistoryOperation {
        HistoryOperation(process: p, type: type, f: f, key: key, value: value, error: error)
    }

    @Test func aStaleReadIsNotLinearizable() {
        // 1 writes 1 and is acknowledged; 1 writes 2 and is acknowledged; then 2 reads 1.
        let history = [
            Self.op(0, .invoke, "write", .int(1)), Self.op(0, .ok, "write", .int(1)),
            Self.op(0, .invoke, "write", .int(2)), Self.op(0, .ok, "write", .int(2)),
            Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", .int(1)),
        ]
        let verdict = EtcdHistoryCheck.verdict(history, budget: 10_000)
        #expect(verdict.word == "not linearizable" && !verdict.passed)
        #expect(verdict.lines.first?.contains("stale read") == true, "\(verdict.lines)")
    }

    @Test func aReadOfAValueNeverWrittenIsNamed() {
        let history = [Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", .int(7))]
        let verdict = EtcdHistoryCheck.verdict(history, budget: 10_000)
        #expect(verdict.word == "not linearizable")
        #expect(verdict.lines.first?.contains("no operation wrote") == true)
    }

    @Test func overlappingOpsWithInfoAndAFailedCasAreLinearizable() {
        let history = [
            Self.op(0, .invoke, "write", .int(1)), Self.op(1, .invoke, "read", .null),
            Self.op(0, .ok, "write", .int(1)), Self.op(1, .ok, "read", .int(1)),
            // A write whose outcome is unknown, then a cas that saw another value (it ran: an observation).
            Self.op(2, .invoke, "write", .int(5)), Self.op(2, .info, "write", .int(5)),
            Self.op(0, .invoke, "cas", .list([.int(3), .int(4)])),
            Self.op(0, .fail, "cas", .list([.int(3), .int(4)]), error: .string("precondition-failed")),
            Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", .int(5)),
            Self.op(1, .invoke, "read", .null), Self.op(1, .fail, "read", .null),
        ]
        let verdict = EtcdHistoryCheck.verdict(history, budget: 10_000)
        #expect(verdict.word == "linearizable" && verdict.passed, "\(verdict.lines)")
    }

    @Test func aCasThatSucceededOnAValueAlreadyReplacedIsNotLinearizable() {
        // Two cas expecting 1 cannot both succeed: the first replaced 1 with 2.
        let history = [
            Self.op(0, .invoke, "write", .int(1)), Self.op(0, .ok, "write", .int(1)),
            Self.op(0, .invoke, "cas", .list([.int(1), .int(2)])), Self.op(0, .ok, "cas", .list([.int(1), .int(2)])),
            Self.op(1, .invoke, "cas", .list([.int(1), .int(3)])), Self.op(1, .ok, "cas", .list([.int(1), .int(3)])),
        ]
        #expect(EtcdHistoryCheck.verdict(history, budget: 10_000).word == "not linearizable")
    }

    @Test func anUndecidedSearchIsReportedUnknownNotPassed() {
        // Six concurrent writes whose outcome is unknown, then reads: more orders than 2 search steps can try.
        var history: [HistoryOperation] = []
        for p in 0..<6 { history.append(Self.op(p, .invoke, "write", .int(Int64(p)))) }
        for p in 0..<6 { history.append(Self.op(p, .info, "write", .int(Int64(p)))) }
        for v in [3, 1, 4, 5] { history += [Self.op(9, .invoke, "read", .null), Self.op(9, .ok, "read", .int(Int64(v)))] }
        #expect(EtcdHistoryCheck.verdict(history, budget: 10_000).word == "linearizable")
        let verdict = EtcdHistoryCheck.verdict(history, budget: 2)
        #expect(verdict.word == "unknown" && !verdict.passed, "\(verdict.lines)")
    }
}
