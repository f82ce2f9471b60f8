import ClusterSim
import Foundation
import Testing
@testable import RealSystems

/// `srvr` answers as ZooKeeper 3.8.0 writes them, and the views built from them.
@Suite struct ZooKeeperStatusTests {
    static func answer(zxid: String, mode: String) -> String {
        """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/0.0/0
        Received: 1
        Sent: 0
        Connections: 1
        Outstanding: 0
        Zxid: \(zxid)
        Mode: \(mode)
        Node count: 5
        Proposal sizes last/min/max: -1/-1/-1

        """
    }

    @Test func aLeaderShowsItsModeZxidAndEpoch() throws {
        let status = try #require(ZooKeeperStatus.parse(Self.answer(zxid: "0x300000007", mode: "leader")))
        #expect(status.mode == "leader" && status.zxid == 0x3_0000_0007 && status.epoch == 3 && status.nodeCount == 5)
        let view = status.view(name: "n2")
        #expect(view.role == "leader" && view.term == 3 && view.leader == "n2")
        #expect(view.fields.map(\.name) == ["zxid", "nodes", "epoch", "mode"])
        #expect(view.fields.first { $0.name == "zxid" }?.value == "0x300000007")
        #expect(view.details.contains("Mode: leader"))
    }

    @Test func aFollowerDoesNotNameItsLeader() throws {
        let view = try #require(ZooKeeperStatus.parse(Self.answer(zxid: "0x0", mode: "follower"))).view(name: "n1")
        #expect(view.role == "follower" && view.term == 0 && view.leader == nil)
    }

    @Test func theCurrentEpochWinsOverTheEpochOfALaggingZxid() throws {
        // A follower of a new leader that has not yet applied anything of the new epoch.
        let view = try #require(ZooKeeperStatus.parse(Self.answer(zxid: "0x100000005", mode: "follower"))).view(name: "n1", currentEpoch: 2)
        #expect(view.term == 2)
        #expect(view.fields.first { $0.name == "epoch" }?.value == "2")
    }

    @Test func theCurrentEpochIsReadFromTheDataDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-zk-epoch-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(ZooKeeperStatus.currentEpoch(dataDir: dir) == nil)
        try FileManager.default.createDirectory(atPath: dir + "/version-2", withIntermediateDirectories: true)
        try "7".write(toFile: dir + "/version-2/currentEpoch", atomically: true, encoding: .utf8)
        #expect(ZooKeeperStatus.currentEpoch(dataDir: dir) == 7)
    }

    @Test func aServerOutsideAQuorumIsNotServing() throws {
        let status = try #require(ZooKeeperStatus.parse("This ZooKeeper instance is not currently serving requests\n"))
        #expect(status.mode == "not serving" && !status.serving && status.zxid == nil)
        #expect(status.view(name: "n3").term == nil)
    }

    @Test func anAnswerWithoutAModeIsNoAnswer() {
        #expect(ZooKeeperStatus.parse("") == nil)
        #expect(ZooKeeperStatus.parse("srvr is not executed because it is not in the whitelist.\n") == nil)
    }

    @Test func readyMeansOneLeaderAndAServingMajority() throws {
        let system = try ZooKeeperSystem(options: RealOptions())
        func v(_ role: String) -> RealNodeView { RealNodeView(role: role) }
        #expect(system.isReady([v("leader"), v("follower"), nil]))
        #expect(!system.isReady([v("leader"), v("not serving"), nil]))
        #expect(!system.isReady([v("leader"), v("leader"), v("follower")]))
        #expect(!system.isReady([v("follower"), v("follower"), v("follower")]))
        #expect(try ZooKeeperSystem(options: RealOptions(nodes: 1)).isReady([v("standalone")]))
    }
}
