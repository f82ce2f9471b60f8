import ArgumentParser
import ClusterProtocols

/// `clusterlab hash SCHEME KEY...`: where each key lands under a real system's
/// placement rule, one `KEY<TAB>RESULT` line per key.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Show where keys land: Redis Cluster slot, Kafka partition, jump bucket, ring node, Cassandra token.",
        discussion: """
            Prints one KEY<TAB>RESULT line per key. Schemes:
              redis-slot                    CRC16 (XMODEM) of the key or its {hash tag}, mod 16384
              kafka --partitions P          Kafka's default partitioner: murmur2(key) & 0x7fffffff mod P
              jump --buckets B              jump consistent hash; each key is a decimal unsigned 64-bit integer
              ring --nodes N --vnodes V     consistent hashing ring with V virtual nodes per node; prints n1...nN
              cassandra-token               Cassandra's Murmur3Partitioner token of a text key
            Exit status 2 for bad input.
            """)

    enum Scheme: String, ExpressibleByArgument, CaseIterable {
        case redisSlot = "redis-slot", kafka, jump, ring, cassandraToken = "cassandra-token"
    }

    @Argument(help: "redis-slot, kafka, jump, ring or cassandra-token.") var scheme: Scheme
    @Argument(help: "Keys to place.") var keys: [String] = []
    @Option(help: "Partitions of the topic (kafka).") var partitions: Int?
    @Option(help: "Buckets (jump).") var buckets: Int?
    @Option(help: "Nodes on the ring (ring).") var nodes: Int?
    @Option(help: "Virtual nodes per node (ring).") var vnodes: Int?

    func validate() throws {
        guard !keys.isEmpty else { throw ValidationError("give at least one key") }
        let given: [(String, Int?, Scheme)] = [("--partitions", partitions, .kafka), ("--buckets", buckets, .jump),
                                               ("--nodes", nodes, .ring), ("--vnodes", vnodes, .ring)]
        for (name, value, owner) in given {
            if value != nil, owner != scheme { throw ValidationError("\(name) applies to \(owner.rawValue), not \(scheme.rawValue)") }
            if value == nil, owner == scheme { throw ValidationError("\(scheme.rawValue) needs \(name)") }
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if let buckets, buckets > Int(Int32.max) { throw ValidationError("--buckets must be at most \(Int32.max)") }
        if let nodes, let vnodes { try validateRingSize(nodes: nodes, vnodes: vnodes) }
    }

    func run() throws {
        let place: (String) -> String
        switch scheme {
        case .redisSlot:
            place = { String(RedisHashSlot.slot(forKey: $0)) }
        case .kafka:
            let p = partitions!
            place = { String(KafkaPartitioner.partition(forKey: $0, partitions: p)) }
        case .cassandraToken:
            place = { String(CassandraToken.token(forKey: $0)) }
        case .ring:
            let ring = HashRing(nodes: NodeNames.standard(nodes!), virtualNodes: vnodes!)
            place = ring.node(forKey:)
        case .jump:
            let b = buckets!
            var parsed: [String: UInt64] = [:]
            for key in keys {
                guard let value = HashCommand.decimalUInt64(key) else {
                    printError("jump: key '\(key)' is not a decimal unsigned 64-bit integer (0 to \(UInt64.max))")
                    throw Exit.badInput
                }
                parsed[key] = value
            }
            place = { String(JumpHash.bucket(forKey: parsed[$0]!, buckets: b)) }
        }
        for key in keys { print("\(key)\t\(place(key))") }
    }

    /// Digits only (no sign, no spaces), within UInt64.
    static func decimalUInt64(_ s: String) -> UInt64? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt64(s)
    }
}

/// Keeps a ring small enough to build in memory (`hash ring` and `bench placement`).
func validateRingSize(nodes: Int, vnodes: Int) throws {
    guard nodes <= 10_000, vnodes <= 10_000, nodes * vnodes <= 10_000_000 else {
        throw ValidationError("--nodes and --vnodes must be at most 10000 each, with at most 10000000 points in all")
    }
}
