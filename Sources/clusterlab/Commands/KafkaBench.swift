import ArgumentParser
import ClusterSim
import ClusterProtocols
import Foundation

/// Issue 18's Kafka benchmark: 3 brokers (and the controller), acks=all
/// with min.insync.replicas=2, closed-loop producers spread over 3
/// partitions, until every message is acknowledged. Messages per second of
/// virtual time is what the producers saw; per wall second, how fast the
/// engine ran it.
struct KafkaBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "3 Kafka brokers, acks=all: messages per second (virtual and wall), deliveries, peak RSS.")

    @Option(help: "Messages to send in all.") var messages = 1_000_000
    @Option(help: "Closed-loop producers.") var producers = 8
    @Option(help: "Partitions of the one topic.") var partitions = 3
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        try FlagRange.check("--messages", messages, 1...100_000_000)
        try FlagRange.check("--producers", producers, 1...1_000)
        try FlagRange.check("--partitions", partitions, 1...1_000)
    }

    func run() throws {
        var c = KafkaConfig()
        c.partitionsPerTopic = partitions
        c.acks = .all
        c.minInsyncReplicas = 2
        c.workload.recordsPerProducer = (messages + producers - 1) / producers
        c.workload.keys = 1_000
        c.workload.interval = 0
        let layout = ClusterLayout(servers: 4, clients: producers)
        let sim = Simulation<KafkaProcess>(layout: layout, config: c, seed: seed, network: KVBenchRun.links,
                                           options: SimulationOptions(trace: false, snapshotInterval: 0))
        let start = Wall.now()
        while !layout.clients.allSatisfy({ sim.node($0)?.producer?.isDone ?? true }) {
            guard sim.run(steps: 256) > 0 else { break }
        }
        let wall = Wall.now() - start
        let acked = layout.clients.reduce(0) { $0 + (sim.node($1)?.producer?.acknowledged ?? 0) }
        let deliveries = layout.all.reduce(0) { $0 + (sim.node($1)?.received ?? 0) }
        let seconds = Double(sim.now.microseconds) / 1e6
        print("brokers=3 acks=all min_insync_replicas=2 partitions=\(partitions) producers=\(producers) messages=\(acked)")
        print("messages_per_virtual_s=\(String(format: "%.0f", seconds > 0 ? Double(acked) / seconds : 0))"
              + " messages_per_wall_s=\(String(format: "%.0f", wall > 0 ? Double(acked) / wall : 0))"
              + " peak_rss_mb=\(Wall.peakRSSMegabytes())")
        print(BenchLine.result(deliveries: deliveries, virtualMicroseconds: sim.now.microseconds, wall: wall))
    }
}
