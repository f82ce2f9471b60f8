import ArgumentParser
import ClusterProtocols
import Foundation  // String(format:)

/// `clusterlab hash SCHEME KEY...`: where each key lands under a real system's
/// placement rule, one `KEY<TAB>RESULT` line per key.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Show where keys land: Redis Cluster slot, Kafka partition, jump bucket, ring, mod N or rendezvous node, Cassandra token.",
        discussion: """
            Prints one KEY<TAB>RESULT line per key; in KEY, a backslash, tab, newline, carriage
            return or other control character is written \\\\, \\t, \\n, \\r or \\xHH, and invisible
            formatting such as U+202E as \\u{202E}, so every line has exactly one tab. Schemes:
              redis-slot                    CRC16 (XMODEM) of the key or its {hash tag}, mod 16384
              kafka --partitions P          Kafka's default partitioner: murmur2(key) & 0x7fffffff mod P
              jump --buckets B              jump consistent hash; each key is a decimal unsigned 64-bit integer
              ring --nodes N --vnodes V     consistent hashing ring with V virtual nodes per node; prints n1...nN
              cassandra-token               Cassandra's Murmur3Partitioner token of a text key
              mod --nodes N                 hash mod N (MurmurHash3 64-bit, as the ring); prints n1...nN
              rendezvous --nodes N          highest random weight over n1...nN
            For mod, rendezvous and ring:
              --first K                     place key0...key(K-1) instead of listing keys
              --count                       print NODE<TAB>KEYS per node and max_over_mean, not one line per key
              --moved-to M                  print how many keys change owner when n1...nN becomes n1...nM
            Exit status 2 for bad input.
            """)

    enum Scheme: String, ExpressibleByArgument, CaseIterable {
        case redisSlot = "redis-slot", kafka, jump, ring, cassandraToken = "cassandra-token"
        case mod, rendezvous
        /// Schemes that place keys over the nodes n1…nN (and so can count and compare).
        var placesOnNodes: Bool { self == .ring || self == .mod || self == .rendezvous }
    }

    @Argument(help: "redis-slot, kafka, jump, ring, cassandra-token, mod or rendezvous.") var scheme: Scheme
    @Argument(help: "Keys to place.") var keys: [String] = []
    @Option(help: "Partitions of the topic (kafka).") var partitions: Int?
    @Option(help: "Buckets (jump).") var buckets: Int?
    @Option(help: "Nodes on the ring (ring).") var nodes: Int?
    @Option(help: "Virtual nodes per node (ring).") var vnodes: Int?
    @Option(help: "Place key0...key(K-1) (mod, rendezvous, ring).") var first: Int?
    @Flag(help: "Print keys per node instead of one line per key (mod, rendezvous, ring).") var count = false
    @Option(name: .customLong("moved-to"), help: "Count keys that move when the nodes go from --nodes to this many (mod, rendezvous, ring).")
    var movedTo: Int?

    func validate() throws {
        guard keys.isEmpty != (first == nil) else {
            throw ValidationError(first == nil ? "give at least one key, or --first K" : "give keys or --first K, not both")
        }
        let given: [(String, Int?, Scheme)] = [("--partitions", partitions, .kafka), ("--buckets", buckets, .jump),
                                               ("--vnodes", vnodes, .ring)]
        for (name, value, owner) in given {
            if value != nil, owner != scheme { throw ValidationError("\(name) applies to \(owner.rawValue), not \(scheme.rawValue)") }
            if value == nil, owner == scheme { throw ValidationError("\(scheme.rawValue) needs \(name)") }
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        for (name, value) in [("--nodes", nodes), ("--first", first), ("--moved-to", movedTo)] {
            if value != nil, !scheme.placesOnNodes { throw ValidationError("\(name) applies to mod, rendezvous and ring, not \(scheme.rawValue)") }
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if count, !scheme.placesOnNodes { throw ValidationError("--count applies to mod, rendezvous and ring, not \(scheme.rawValue)") }
        if count, movedTo != nil { throw ValidationError("give --count or --moved-to, not both") }
        if scheme.placesOnNodes, nodes == nil { throw ValidationError("\(scheme.rawValue) needs --nodes") }
        if let first, first > 10_000_000 { throw ValidationError("--first must be at most 10000000") }
        if let nodes, nodes > 10_000 { throw ValidationError("--nodes must be at most 10000") }
        if let movedTo, movedTo > 10_000 { throw ValidationError("--moved-to must be at most 10000") }
        if let movedTo, let vnodes { try validateRingSize(nodes: movedTo, vnodes: vnodes) }
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
        case .ring, .mod, .rendezvous:
            return placeOnNodes()
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
        for key in keys { print("\(HashCommand.escaped(key))\t\(place(key))") }
    }

    /// The schemes that place keys on n1…nN: per key, per node (`--count`) or moved keys (`--moved-to`).
    func placeOnNodes() {
        let rule: PlacementRule = scheme == .mod ? .modulo : scheme == .rendezvous ? .rendezvous : .ring(virtualNodes: vnodes!)
        let names = NodeNames.standard(nodes!)
        let all = first.map(PlacementAnalysis.keys) ?? keys
        if let movedTo {
            let moved = rule.moved(keys: all, from: names, to: NodeNames.standard(movedTo))
            print("moved\t\(moved)\nkeys\t\(all.count)\nideal\t\(all.count / max(nodes!, movedTo))")
            return
        }
        let placement = rule.placement(over: names)
        if count {
            let load = PlacementAnalysis.load(of: placement, keys: all)
            for (name, n) in zip(names, load.perNode) { print("\(name)\t\(n)") }
            print("max_over_mean\t\(String(format: "%.3f", load.maxOverMean))")
            return
        }
        for key in all { print("\(HashCommand.escaped(key))\t\(placement.node(forKey: key))") }
    }

    /// A key as the KEY column prints it: backslash and control characters
    /// escaped, so a key cannot add a column or a line (or drive the terminal).
    static func escaped(_ key: String) -> String {
        var out = ""
        for u in key.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where u.value < 0x20 || (0x7f...0x9f).contains(u.value): out += "\\x" + String(format: "%02X", u.value)
            case _ where u.properties.generalCategory == .format: out += "\\u{" + String(format: "%04X", u.value) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
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
