import ClusterSim

/// `lin-kv`: random `read`, `write` and `cas` on `keyCount` keys with small
/// values (so cas often matches), checked by ClusterSim's linearizability
/// checker per key, as `clusterlab lincheck` checks a history file.
public struct LinKVWorkload: MaelstromWorkload {
    public let name = "lin-kv"
    public let keyCount: Int
    /// Values are drawn from 0..<values.
    public let values: Int64 = 5

    public init(keyCount: Int = 3) { self.keyCount = max(1, keyCount) }

    public mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        let k = Int64(random.below(UInt64(keyCount)))
        let key = String(k)
        switch random.below(3) {
        case 0:
            return WorkloadRequest(f: "read", key: key, value: .null, body: ["type": "read", "key": .int(k)])
        case 1:
            let v = random.int(in: 0...(values - 1))
            return WorkloadRequest(f: "write", key: key, value: .int(v), body: ["type": "write", "key": .int(k), "value": .int(v)])
        default:
            let from = random.int(in: 0...(values - 1)), to = random.int(in: 0...(values - 1))
            return WorkloadRequest(f: "cas", key: key, value: .array([.int(from), .int(to)]),
                                   body: ["type": "cas", "key": .int(k), "from": .int(from), "to": .int(to)])
        }
    }

    public func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion {
        let expected = request.f + "_ok"
        guard reply["type"]?.string == expected else {
            return .unexpected("expected \(expected), got \(reply["type"]?.encoded ?? "no type")")
        }
        if request.f == "read" { return .ok(reply["value"] ?? .null) }
        return .ok(request.value)
    }

    public func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict {
        do {
            switch try LinearizabilityChecker.check(history.map(\.historyOperation)) {
            case .linearizable:
                return MaelstromVerdict(valid: true, figures: [("linearizable", "yes")])
            case .notLinearizable(let key, let window):
                var lines = ["not linearizable on key \(key): these operations cannot be put in any order that respects real time:"]
                lines += window.map { "  " + HistoryFile.jsonLine($0) }
                return MaelstromVerdict(valid: false, anomalies: lines, figures: [("linearizable", "no")])
            }
        } catch let undecided as LinearizabilityUndecided {
            return MaelstromVerdict(valid: false, anomalies: ["unknown: the checker \(undecided)"])
        } catch {
            return MaelstromVerdict(valid: false, anomalies: ["the history could not be checked: \(error)"])
        }
    }
}
