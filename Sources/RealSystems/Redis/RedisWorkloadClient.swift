import ClusterSim

/// One client of the Redis workload: SETs of distinct values and (twice as many) GETs on a
/// small key set, routed by slot (`RedisClusterRouter`). A SET answered
/// `+OK` is `ok`; one rejected (`-CLUSTERDOWN`, a redirection loop, no
/// connection) is `fail`; one sent with no answer is `info`, since it may
/// have been applied. A GET with no answer is `fail`: it changed nothing.
public final class RedisWorkloadClient: RealClient {
    public let index: Int
    let keys: [String]
    let router: RedisClusterRouter
    var random: SeededRandom
    var written: Int64 = 0

    public init(index: Int, keys: [String], router: RedisClusterRouter, seed: UInt64) {
        self.index = index; self.keys = keys; self.router = router
        random = SeededRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
    }

    public func nextOperation() -> HistoryOperation {
        let key = keys[Int(random.below(UInt64(keys.count)))]
        // One SET for two GETs: after a failover, the first operation on a key
        // is more often a read, which shows what the cluster kept.
        if random.chance(1.0 / 3.0) {
            written += 1
            // Distinct across clients: client i writes (i+1)·10⁶ + n.
            return HistoryOperation(process: index, type: .invoke, f: "write", key: key, value: .int(Int64(index + 1) * 1_000_000 + written))
        }
        return HistoryOperation(process: index, type: .invoke, f: "read", key: key, value: .null)
    }

    public func perform(_ invoke: HistoryOperation) -> HistoryOperation {
        var done = invoke
        if invoke.f == "write", case .int(let v) = invoke.value {
            switch router.run(["SET", invoke.key, String(v)], key: invoke.key) {
            case .reply(.simple("OK")): done.type = .ok
            case .reply(let other): done.type = .fail; done.error = .string(Self.errorName(other))
            case .notSent(let why): done.type = .fail; done.error = .string(why)
            case .unknown(let why): done.type = .info; done.error = .string(why)
            }
            return done
        }
        switch router.run(["GET", invoke.key], key: invoke.key) {
        case .reply(.bulk(nil)): done.type = .ok; done.value = .null
        case .reply(.bulk(let bytes?)):
            if let v = Int64(String(decoding: bytes, as: UTF8.self)) { done.type = .ok; done.value = .int(v) } else {
                done.type = .fail; done.error = .string("not an integer: \(String(decoding: bytes, as: UTF8.self))")
            }
        case .reply(let other): done.type = .fail; done.error = .string(Self.errorName(other))
        case .notSent(let why), .unknown(let why): done.type = .fail; done.error = .string(why)
        }
        return done
    }

    public func close() { router.close() }

    /// `CLUSTERDOWN` from `-CLUSTERDOWN The cluster is down`.
    static func errorName(_ reply: RESPValue) -> String {
        if case .error(let e) = reply { return e.split(separator: " ").first.map(String.init) ?? e }
        return "unexpected reply \(reply)"
    }
}
