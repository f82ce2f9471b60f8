import ArgumentParser
import ClusterProtocols
import Foundation  // String(format:)

/// `clusterlab bench placement`: place `--keys` keys (`key0`, `key1`, …) on a
/// consistent hashing ring; the timing covers building the ring, making each
/// key string, hashing it and finding its node.
struct PlacementBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement",
        abstract: "Place keys on a consistent hashing ring with virtual nodes.")

    @Option(help: "Keys to place.") var keys = 1_000_000
    @Option(help: "Nodes on the ring.") var nodes = 100
    @Option(help: "Virtual nodes per node.") var vnodes = 256

    func validate() throws {
        try FlagRange.check("--keys", keys, 1...100_000_000)
        try FlagRange.check("--nodes", nodes, 1...10_000)
        try FlagRange.check("--vnodes", vnodes, 1...1_024)
        try validateRingSize(nodes: nodes, vnodes: vnodes)
    }

    func run() throws {
        let count = keys  // read the options once: their getters are not free
        let start = Wall.now()
        let ring = HashRing(nodes: NodeNames.standard(nodes), virtualNodes: vnodes)
        var perNode = [Int](repeating: 0, count: nodes)
        for i in 0..<count { perNode[ring.nodeIndex(forKey: "key\(i)")] += 1 }
        let wall = Wall.now() - start
        let load = LoadSummary(perNode: perNode)
        print("nodes=\(nodes) vnodes=\(vnodes) max_over_mean=\(String(format: "%.3f", load.maxOverMean))")
        print("keys=\(count) wall_s=\(String(format: "%.3f", wall))")
    }
}
