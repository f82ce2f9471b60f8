import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `clusterlab real zookeeper --headless` as a script runs it: a real
/// three-server ensemble in network namespaces, the register workload, the
/// verdict as the first word and the exit code. With partitions, reads
/// served by a cut-off server may be stale (ZooKeeper allows it), so the
/// run may end `not linearizable` — but then only because of a stale read.
@Suite(.serialized, .enabled(if: RealZooKeeper.available, RealZooKeeper.reason))
struct RealZooKeeperTests {
    /// Even without faults a follower may answer a read before it has applied a write another client
    /// made through the leader (ZooKeeper's reads are local): only a stale read may make it not linearizable.
    @Test func aQuietRunsUpdatesAreLinearizable() throws {
        let r = try BuiltBinary.run(["real", "zookeeper", "--nodes", "3", "--time-limit", "10", "--headless", "--seed", "1901"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        Self.expectOnlyStaleReads(r, lines)
        #expect(lines.contains("faults: none"), "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("zookeeper, 3 nodes: ready after") }, "\(r.stdout)")
        #expect(lines.contains { $0.contains("reads served locally") }, "\(r.stdout)")
        RealZooKeeper.expectNoServerLeft()
    }

    @Test func partitionsLeaveOnlyStaleReadsIfAnything() throws {
        let r = try BuiltBinary.run(["real", "zookeeper", "--nodes", "3", "--time-limit", "15", "--nemesis", "partition",
                                     "--nemesis-interval", "4", "--headless", "--seed", "1902"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("faults: ") && $0.contains("partition") }, "\(r.stdout)")
        Self.expectOnlyStaleReads(r, lines)
        RealZooKeeper.expectNoServerLeft()
    }

    /// `linearizable` (exit 0), or `not linearizable` (exit 1) because of a stale read only.
    static func expectOnlyStaleReads(_ r: BuiltBinary.Result, _ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let first = lines.first ?? ""
        if first.hasPrefix("linearizable: ") {
            #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)", sourceLocation: sourceLocation)
        } else {
            #expect(first.hasPrefix("not linearizable: ") && r.status == 1, "\(r.stdout)\n\(r.stderr)", sourceLocation: sourceLocation)
            #expect(lines.contains { $0.contains("a stale read") }, "ZooKeeper's updates must stay linearizable:\n\(r.stdout)",
                    sourceLocation: sourceLocation)
        }
    }
}

enum RealZooKeeper {
    static let available: Bool = {
        geteuid() == 0 && Tmux.shell(["ip", "netns", "list"]).status == 0 && Tmux.shell(["java", "-version"]).status == 0
            && FileManager.default.fileExists(atPath: "/usr/share/java/zookeeper.jar")
    }()
    static let reason: Comment = "needs root, iproute2, java and zookeeper (apt-get install zookeeper iproute2; .ci/run does)"

    /// No ZooKeeper server of a `clusterlab real` run is still running: their data
    /// directories are clusterlab-real-cl<pid> (RealSystemsTests' runs, which may
    /// be going on meanwhile, name theirs otherwise).
    static func expectNoServerLeft(sourceLocation: SourceLocation = #_sourceLocation) {
        let left = Tmux.shell(["pgrep", "-fa", "QuorumPeerMain .*clusterlab-real-cl[0-9]+/"]).output.split(separator: "\n")
            .map(String.init).filter { !$0.contains("pgrep") && !$0.isEmpty }
        #expect(left.isEmpty, "left running: \(left)", sourceLocation: sourceLocation)
    }
}
