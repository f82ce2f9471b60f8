import ClusterSim

/// `kafka`: `send {key, msg}`, `poll {offsets}`, `commit_offsets`,
/// `list_committed_offsets`. The history follows Jepsen's queue micro-ops,
/// as the kafka checker reads them: a send is `[["send", key, msg]]` (ok:
/// `[["send", key, [offset, msg]]]`), a poll `[["poll"]]` (ok: `[["poll",
/// {key: [[offset, msg], …]}]]`). Each client polls on from where its last
/// poll of a key ended. After the faults stop and a quiet period, every node
/// is polled from offset 0 of every key (final polls, as Jepsen's kafka test
/// ends), so an acknowledged send a node no longer has can be judged lost.
public struct KafkaWorkload: MaelstromWorkload {
    public let name = "kafka"
    public let keyCount: Int
    public let quietPeriod: Double = 1
    let checker: MaelstromChecker
    private var nextMessage: Int64 = 0
    /// Per process, per key: the offset its next poll starts from.
    private var position: [Int: [String: Int64]] = [:]

    public init(keyCount: Int = 2, checker: @escaping MaelstromChecker) {
        self.keyCount = max(1, keyCount); self.checker = checker
    }

    var keys: [String] { (0..<keyCount).map { "k\($0)" } }

    public mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        let mine = position[process] ?? [:]
        switch random.below(6) {
        case 0, 1, 2:
            nextMessage += 1
            let key = keys[Int(random.below(UInt64(keyCount)))]
            return WorkloadRequest(f: "send", value: [["send", .string(key), .int(nextMessage)]],
                                   body: ["type": "send", "key": .string(key), "msg": .int(nextMessage)])
        case 3, 4:
            let offsets = MessageValue.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, MessageValue.int(mine[$0] ?? 0)) }))
            return WorkloadRequest(f: "poll", value: [["poll"]], body: ["type": "poll", "offsets": offsets])
        default:
            let committed = mine.compactMapValues { $0 > 0 ? MessageValue.int($0 - 1) : nil }
            if committed.isEmpty {
                return WorkloadRequest(f: "list_committed_offsets", value: [["list-committed"]],
                                       body: ["type": "list_committed_offsets", "keys": .array(keys.map(MessageValue.string))])
            }
            return WorkloadRequest(f: "commit_offsets", value: [["commit", .object(committed)]],
                                   body: ["type": "commit_offsets", "offsets": .object(committed)])
        }
    }

    public func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion {
        guard reply["type"]?.string == request.f + "_ok" else {
            return .unexpected("expected \(request.f)_ok, got \(reply["type"]?.encoded ?? "no type")")
        }
        switch request.f {
        case "send":
            guard let offset = reply["offset"]?.int else { return .unexpected("send_ok without an integer offset") }
            return .ok([["send", request.body["key"]!, [.int(offset), request.body["msg"]!]]])
        case "poll":
            guard let msgs = reply["msgs"], msgs.object != nil else { return .unexpected("poll_ok without a msgs object") }
            return .ok([["poll", msgs]])
        case "list_committed_offsets":
            return .ok([["list-committed", reply["offsets"] ?? .object([:])]])
        default:
            return .ok(request.value)
        }
    }

    public func finalRequests(nodes: [String]) -> [(node: String, request: WorkloadRequest)] {
        let offsets = MessageValue.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, MessageValue.int(0)) }))
        return nodes.map { ($0, WorkloadRequest(f: "poll", value: [["poll"]], body: ["type": "poll", "offsets": offsets])) }
    }

    public mutating func observe(_ op: MaelstromOperation) {
        guard op.type == .ok, op.f == "poll", !op.isFinal, let msgs = op.value.array?.first?.array?.last?.object else { return }
        for (key, records) in msgs {
            let last = records.array?.compactMap { $0.array?.first?.int }.max()
            if let last { position[op.process, default: [:]][key] = max(position[op.process]?[key] ?? 0, last + 1) }
        }
    }

    public func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict { checker(history, context) }
}

/// `txn-rw-register` and `txn-list-append`: transactions of one to four
/// micro-ops, `["r", k, null]` and `["w", k, v]` or `["append", k, v]`, every
/// written value unique per key (what lets the dependency-graph checker
/// tell which write a read saw). The ok value is the node's `txn` with reads filled in.
public struct TransactionWorkload: MaelstromWorkload {
    public enum Kind: String, Sendable { case rwRegister = "txn-rw-register", listAppend = "txn-list-append" }
    public let kind: Kind
    public let keyCount: Int
    let checker: MaelstromChecker
    private var nextValue: [Int64: Int64] = [:]

    public init(_ kind: Kind, keyCount: Int = 3, checker: @escaping MaelstromChecker) {
        self.kind = kind; self.keyCount = max(1, keyCount); self.checker = checker
    }

    public var name: String { kind.rawValue }

    public mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        var txn: [MessageValue] = []
        for _ in 0...Int(random.below(4)) {
            let k = Int64(random.below(UInt64(keyCount)))
            if random.below(2) == 0 {
                txn.append(["r", .int(k), .null])
            } else {
                nextValue[k, default: 0] += 1
                txn.append([kind == .rwRegister ? "w" : "append", .int(k), .int(nextValue[k]!)])
            }
        }
        return WorkloadRequest(f: "txn", value: .array(txn), body: ["type": "txn", "txn": .array(txn)])
    }

    public func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion {
        guard reply["type"]?.string == "txn_ok", let txn = reply["txn"], txn.array?.count == request.value.array?.count else {
            return .unexpected("expected txn_ok with the transaction's \(request.value.array?.count ?? 0) micro-ops")
        }
        return .ok(txn)
    }

    public func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict { checker(history, context) }
}
