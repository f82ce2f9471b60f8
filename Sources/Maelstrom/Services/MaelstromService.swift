import ClusterSim

/// A service the runner offers nodes (Maelstrom's doc/services.md): a node
/// sends an RPC with the service's name as `dest` and gets one reply.
/// Services are pure state machines; the runner adds latency, ids and recording.
public protocol MaelstromService {
    var name: String { get }
    /// The reply body (its `type`, fields; the runner adds `in_reply_to`) to
    /// request `body` from node `from`.
    mutating func handle(from: String, body: [String: MessageValue], random: inout SeededRandom) -> [String: MessageValue]
    /// Called now and then by the runner (lww-kv's replicas exchange state here).
    mutating func tick(random: inout SeededRandom)
}

extension MaelstromService {
    public mutating func tick(random: inout SeededRandom) {}
}

/// The services every run offers, by name.
public enum ServiceCatalog {
    public static let names = ["lin-kv", "seq-kv", "lww-kv", "lin-tso"]

    public static func make(_ name: String) -> MaelstromService? {
        switch name {
        case "lin-kv": return LinearizableKV()
        case "seq-kv": return SequentialKV()
        case "lww-kv": return LastWriteWinsKV()
        case "lin-tso": return TimestampOracle()
        default: return nil
        }
    }
}

/// The key-value API shared by the three stores: `read`, `write`, `cas`
/// (with `create_if_not_exists`), answered from one map.
enum KVRequest {
    /// Applies `body` to `map`: the reply and whether the map changed.
    static func apply(_ body: [String: MessageValue], to map: inout [MessageValue: MessageValue]) -> (reply: [String: MessageValue], wrote: Bool) {
        guard let key = body["key"] else {
            return (MaelstromError.body(MaelstromError.malformedRequest, "no key", inReplyTo: nil), false)
        }
        switch body["type"]?.string ?? "" {
        case "read":
            guard let v = map[key] else { return (MaelstromError.body(MaelstromError.keyDoesNotExist, "key does not exist", inReplyTo: nil), false) }
            return (["type": "read_ok", "value": v], false)
        case "write":
            map[key] = body["value"] ?? .null
            return (["type": "write_ok"], true)
        case "cas":
            let from = body["from"] ?? .null, to = body["to"] ?? .null
            guard let current = map[key] else {
                if body["create_if_not_exists"] == .bool(true) {
                    map[key] = to
                    return (["type": "cas_ok"], true)
                }
                return (MaelstromError.body(MaelstromError.keyDoesNotExist, "key does not exist", inReplyTo: nil), false)
            }
            guard current == from else {
                return (MaelstromError.body(MaelstromError.preconditionFailed,
                                            "expected \(from.encoded), had \(current.encoded)", inReplyTo: nil), false)
            }
            map[key] = to
            return (["type": "cas_ok"], true)
        default:
            return (MaelstromError.body(MaelstromError.notSupported, "not supported: \(body["type"]?.encoded ?? "?")", inReplyTo: nil), false)
        }
    }
}

/// `lin-kv`: one map, every operation applied at once, in arrival order.
public struct LinearizableKV: MaelstromService {
    public let name = "lin-kv"
    var map: [MessageValue: MessageValue] = [:]
    public init() {}
    public mutating func handle(from: String, body: [String: MessageValue], random: inout SeededRandom) -> [String: MessageValue] {
        KVRequest.apply(body, to: &map).reply
    }
}

/// `seq-kv`: sequentially consistent. Every state the store ever had is kept;
/// writes apply to the newest, and a read from a node returns any state not
/// older than the one that node last saw (so two nodes can disagree, and a
/// read-modify-write through it can lose updates unless done with cas).
public struct SequentialKV: MaelstromService {
    public let name = "seq-kv"
    /// States by version; `versions.last` is the newest.
    var versions: [[MessageValue: MessageValue]] = [[:]]
    /// The newest version each node has seen.
    var seen: [String: Int] = [:]
    /// Old states kept (older ones are no one's lower bound once every node has moved on).
    static let window = 64
    var dropped = 0

    public init() {}

    public mutating func handle(from: String, body: [String: MessageValue], random: inout SeededRandom) -> [String: MessageValue] {
        let newest = dropped + versions.count - 1
        let floor = max(seen[from] ?? 0, dropped)
        if body["type"]?.string == "read" {
            let pick = floor + Int(random.below(UInt64(newest - floor + 1)))
            seen[from] = pick
            var state = versions[pick - dropped]
            return KVRequest.apply(body, to: &state).reply
        }
        var state = versions[versions.count - 1]
        let (reply, wrote) = KVRequest.apply(body, to: &state)
        if wrote {
            versions.append(state)
            if versions.count > SequentialKV.window { versions.removeFirst(); dropped += 1 }
        }
        seen[from] = dropped + versions.count - 1
        return reply
    }
}

/// `lww-kv`: three replicas, each request served by a random one; a write
/// is stamped and later merged into the others (last write wins), so reads
/// are often stale and concurrent cas can both succeed.
public struct LastWriteWinsKV: MaelstromService {
    public let name = "lww-kv"
    struct Stamped: Hashable { var value: MessageValue; var stamp: Int64 }
    var replicas: [[MessageValue: Stamped]] = Array(repeating: [:], count: 3)
    var clock: Int64 = 0

    public init() {}

    public mutating func handle(from: String, body: [String: MessageValue], random: inout SeededRandom) -> [String: MessageValue] {
        let r = Int(random.below(UInt64(replicas.count)))
        var plain = replicas[r].mapValues(\.value)
        let (reply, wrote) = KVRequest.apply(body, to: &plain)
        if wrote, let key = body["key"], let v = plain[key] {
            clock += 1
            replicas[r][key] = Stamped(value: v, stamp: clock)
        }
        return reply
    }

    /// One replica sends everything it has to another; the later stamp wins.
    public mutating func tick(random: inout SeededRandom) {
        let a = Int(random.below(UInt64(replicas.count))), b = Int(random.below(UInt64(replicas.count)))
        guard a != b else { return }
        for (k, s) in replicas[a] where (replicas[b][k]?.stamp ?? -1) < s.stamp { replicas[b][k] = s }
    }
}

/// `lin-tso`: `ts` → `ts_ok {ts}`, strictly increasing.
public struct TimestampOracle: MaelstromService {
    public let name = "lin-tso"
    var last: Int64 = 0
    public init() {}
    public mutating func handle(from: String, body: [String: MessageValue], random: inout SeededRandom) -> [String: MessageValue] {
        guard body["type"]?.string == "ts" else {
            return MaelstromError.body(MaelstromError.notSupported, "lin-tso takes ts", inReplyTo: nil)
        }
        last += 1
        return ["type": "ts_ok", "ts": .int(last)]
    }
}
