import ClusterSim

/// One client worker of the etcd workload: register ops on a few keys, in
/// Jepsen's shape (`read`, `write`, `cas [expected, new]`), through the JSON
/// gateway of one member at a time.
///
/// Reads are linearizable ranges (`serializable: false`). A cas is a txn:
/// compare the key's VALUE with `expected`, then put `new`; a compare that
/// did not hold is `fail` with `precondition-failed` (it ran and saw another
/// value, an observation the checker uses). Every written value is distinct
/// (client index × 1 000 000 + a counter), so a read names the write it saw.
///
/// Outcomes: a read with no answer is `fail` (a read changes nothing); a
/// write or cas that timed out, lost its connection or got an error from
/// etcd is `info` (it may still commit), unless it could not even connect
/// (`fail`: it never left). Client `i` starts on node `i mod N` and moves to
/// the next node after any error, as a client library would try another
/// endpoint.
final class EtcdRegisterClient: RealClient {
    let index: Int
    private let addresses: [String]
    private let keys: [String]
    private let timeoutMs: Int
    private let connect: RealConnect
    private var random: SeededRandom
    /// The node this client talks to now.
    private(set) var node: Int
    private var gateway: EtcdGateway
    private var writes: Int64 = 0
    /// The last value this client saw or wrote on each key: what its next cas expects.
    private var lastSeen: [String: Int64] = [:]

    init(index: Int, addresses: [String], keys: [String], timeoutMs: Int, connect: @escaping RealConnect, seed: UInt64) {
        precondition(!addresses.isEmpty && !keys.isEmpty)
        self.index = index; self.addresses = addresses; self.keys = keys; self.timeoutMs = timeoutMs; self.connect = connect
        random = SeededRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        node = index % addresses.count
        gateway = EtcdGateway(host: addresses[node], timeoutMs: timeoutMs, connect: connect)
    }

    /// Half reads, three in ten writes, two in ten cas (a write while the
    /// client has seen no value on the key to expect).
    func nextOperation() -> HistoryOperation {
        let key = keys[Int(random.below(UInt64(keys.count)))]
        let roll = random.below(10)
        if roll < 5 { return HistoryOperation(process: index, type: .invoke, f: "read", key: key, value: .null) }
        if roll < 8 || lastSeen[key] == nil { return HistoryOperation(process: index, type: .invoke, f: "write", key: key, value: .int(fresh())) }
        return HistoryOperation(process: index, type: .invoke, f: "cas", key: key, value: .list([.int(lastSeen[key]!), .int(fresh())]))
    }

    private func fresh() -> Int64 {
        writes += 1
        return Int64(index) * 1_000_000 + writes
    }

    func perform(_ invoke: HistoryOperation) -> HistoryOperation {
        var done = invoke
        do {
            switch (invoke.f, invoke.value) {
            case ("read", _):
                let text = try gateway.get(invoke.key)
                done.value = text.map { Int64($0).map(HistoryValue.int) ?? .string($0) } ?? .null
                if case .int(let v) = done.value { lastSeen[invoke.key] = v }
            case ("write", .int(let v)):
                try gateway.put(invoke.key, String(v))
                lastSeen[invoke.key] = v
            case ("cas", .list(let pair)) where pair.count == 2:
                guard case .int(let expected) = pair[0], case .int(let new) = pair[1] else { fallthrough }
                if try gateway.compareAndSwap(invoke.key, expected: String(expected), new: String(new)) {
                    lastSeen[invoke.key] = new
                } else {
                    lastSeen[invoke.key] = nil  // it holds something else: read before the next cas
                    done.type = .fail
                    done.error = .string("precondition-failed")
                    return done
                }
            default:
                done.type = .fail
                done.error = .string("not an operation of this workload: \(invoke.f) \(invoke.value)")
                return done
            }
            done.type = .ok
            return done
        } catch {
            let neverSent = (error as? EtcdHTTPConnection.Failure).map { !$0.maybeSent } ?? false
            done.type = invoke.f == "read" || neverSent ? .fail : .info
            if invoke.f == "read" { done.value = .null }
            done.error = .string("\(addresses[node]): \(error)")
            moveToNextNode()
            return done
        }
    }

    private func moveToNextNode() {
        gateway.close()
        node = (node + 1) % addresses.count
        gateway = EtcdGateway(host: addresses[node], timeoutMs: timeoutMs, connect: connect)
    }

    func close() { gateway.close() }
}
