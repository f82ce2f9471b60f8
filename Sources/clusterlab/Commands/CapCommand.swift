import ArgumentParser
import ClusterProtocols
import ClusterSim
import Foundation

/// `clusterlab cap`: the Raft store (CP) and the quorum store (AP at R=W=ONE)
/// under the same partition, side by side: availability, anomalies the
/// clients saw, linearizability, and time to convergence after the heal.
struct CapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cap",
        abstract: "Run the same partition against Raft (CP) and a quorum store (AP): availability versus consistency.",
        discussion: """
            Both stores get 5 servers, 4 closed-loop clients reading and writing 4 keys, and the same \
            partition from 1s to 3s: the Raft leader of that moment and one more server against the other \
            three. The run ends at 5s. Availability is the share of completed operations that succeeded \
            ("sent to minority side": of those invoked during the partition and first sent to a server on \
            the old leader's side); \
            stale reads, read-your-writes and monotonic-reads violations are counted in the client history; \
            linearizability is checked as by `clusterlab lincheck`; "converged after heal" is the virtual time \
            from the heal until every replica of every key held the same version (0ms: they already did). \
            Exit status 0, or 2 for bad input.
            """)

    enum Level: String, ExpressibleByArgument, CaseIterable {
        case one, quorum, all
        var level: ConsistencyLevel { ConsistencyLevel(rawValue: rawValue)! }
    }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Seed of both runs.") var seed: UInt64 = 1
    @Option(help: "The quorum store's read consistency: one, quorum or all.") var read: Level = .one
    @Option(help: "The quorum store's write consistency: one, quorum or all.") var write: Level = .one
    @Option(help: "The quorum store's replication factor N.") var replicas = 3
    @Option(help: "Servers on the Raft leader's side of the partition (1 = the leader alone).") var minority = 2
    @Option(help: "text or json.") var format: Format = .text

    func run() throws {
        var settings = CapSettings()
        settings.seed = seed
        settings.readConsistency = read.level
        settings.writeConsistency = write.level
        settings.replicationFactor = replicas
        settings.minority = minority
        let report: CapReport
        do {
            report = try CapHarness.run(settings)
        } catch let error as SourceError {
            printError("cap: \(error.message)")
            throw Exit.badInput
        }
        switch format {
        case .text:
            print(report.text)
        case .json:
            let e = JSONEncoder(); e.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try e.encode(report), as: UTF8.self))
        }
    }
}
