/// How one ZooKeeper server of the ensemble is started: the JVM running
/// `QuorumPeerMain` directly (no zkServer.sh, so the process the runner
/// signals is the JVM itself and SIGKILL/SIGSTOP reach it), a `zoo.cfg` and
/// a `myid` written into the node's data directory, logs to
/// `zookeeper.log` there (slf4j-simple; nothing on stdout or stderr).
///
/// Configuration keys as zookeeperAdmin.html (3.8) documents them:
/// `server.N=host:quorumPort:electionPort`, `clientPortAddress`,
/// `admin.enableServer`, `4lw.commands.whitelist`; keys QuorumPeerConfig
/// does not know become `zookeeper.KEY` system properties (`cnxTimeout`).
enum ZooKeeperLaunch {
    static let clientPort: UInt16 = 2181
    static let quorumPort = 2888
    static let electionPort = 3888
    /// Debian's zookeeper.jar names the jars it needs in its manifest's Class-Path;
    /// slf4j-simple gives its logger somewhere to write.
    static let classpath = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar"
    static let mainClass = "org.apache.zookeeper.server.quorum.QuorumPeerMain"
    static let logFile = "zookeeper.log"

    /// How long a follower waits to hear from its leader (and a leader from
    /// a quorum of followers) before it drops out and elects again:
    /// `syncLimit` ticks. `--node-timeout-ms` sets it (default 3 s) by
    /// choosing the tick; sessions may last 2…20 ticks.
    struct Timing: Equatable {
        static let syncLimit = 3
        var tickTimeMs: Int
        init(followerTimeoutMs: Int) { tickTimeMs = max(1, followerTimeoutMs / Self.syncLimit) }
        /// Ticks a follower has to connect to and sync with a new leader: at least 10 s.
        var initLimit: Int { max(10, (10_000 + tickTimeMs - 1) / tickTimeMs) }
    }

    static func launch(node i: Int, addresses: [String], dataDir: String, timing: Timing) -> RealNodeLaunch {
        let arguments = [
            "-Xmx128m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            // Nothing outside the data directory: no hsperfdata in /tmp, no hs_err file
            // in clusterlab's working directory, temporary files with the node's data.
            "-XX:-UsePerfData", "-XX:ErrorFile=\(dataDir)/hs_err_pid%p.log", "-Djava.io.tmpdir=\(dataDir)",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.net.preferIPv4Stack=true",
            "-Dorg.slf4j.simpleLogger.logFile=\(dataDir)/\(logFile)",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-cp", classpath, mainClass, "\(dataDir)/zoo.cfg",
        ]
        let config = config(node: i, addresses: addresses, dataDir: dataDir, timing: timing)
        return RealNodeLaunch(executable: "java", arguments: arguments, files: ["zoo.cfg": config, "myid": "\(i + 1)\n"])
    }

    /// The `zoo.cfg` of server `i` (its myid is `i + 1`).
    static func config(node i: Int, addresses: [String], dataDir: String, timing: Timing) -> String {
        var lines = [
            "tickTime=\(timing.tickTimeMs)",
            "initLimit=\(timing.initLimit)",
            "syncLimit=\(Timing.syncLimit)",
            "dataDir=\(dataDir)",
            "clientPort=\(clientPort)",
            "clientPortAddress=\(addresses[i])",
            "admin.enableServer=false",
            "4lw.commands.whitelist=srvr,mntr,ruok",
            // Election connections to a cut-off peer give up after 1 s instead of 5.
            "cnxTimeout=1000",
        ]
        for (j, address) in addresses.enumerated() {
            lines.append("server.\(j + 1)=\(address):\(quorumPort):\(electionPort)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
