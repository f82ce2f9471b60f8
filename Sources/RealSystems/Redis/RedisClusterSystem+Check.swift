import Foundation
import ClusterSim
import ClusterProtocols

/// The end of a run: read what the cluster holds for every key the clients
/// wrote (following redirections like the clients), then ask the
/// lost-write checker which acknowledged SETs are gone.
extension RedisClusterSystem {
    /// How long the final read may keep retrying a key (the cluster may still
    /// be healing: `CLUSTERDOWN` until every slot is served again).
    static let finalReadLimit: TimeInterval = 20

    public func check(history: [HistoryOperation], addresses: [String], connect: RealConnect) -> RealVerdict {
        let keys = Set(history.filter { $0.f == "write" }.map(\.key)).sorted()
        let (values, unknown) = withoutActuallyEscaping(connect) { connect in
            let router = RedisClusterRouter(addresses: addresses, port: Self.port, connect: connect, timeoutMs: requestTimeoutMs)
            defer { router.close() }
            return finalValues(of: keys, router: router)
        }
        return Self.verdict(history: history, final: values, unknown: unknown)
    }

    /// Each key's value now (absent: the cluster holds none); keys that could
    /// not be read within `finalReadLimit` are `unknown`.
    func finalValues(of keys: [String], router: RedisClusterRouter) -> ([String: Int64], Set<String>) {
        var values: [String: Int64] = [:]
        var unknown = Set<String>()
        let deadline = Date().addingTimeInterval(Self.finalReadLimit)
        for key in keys {
            while true {
                if case .reply(let r) = router.run(["GET", key], key: key) {
                    if case .bulk(let b) = r {
                        if let b, let v = Int64(String(decoding: b, as: UTF8.self)) { values[key] = v }
                        break
                    }
                }
                if Date() >= deadline { unknown.insert(key); break }
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        return (values, unknown)
    }

    /// The verdict on `history` given the final state (split out so a handmade history can be judged).
    public static func verdict(history: [HistoryOperation], final: [String: Int64], unknown: Set<String>) -> RealVerdict {
        let lost = LostWriteChecker.check(history, final: final, unknown: unknown)
        let acked = history.filter { $0.f == "write" && $0.type == .ok }.count
        var lines = ["\(acked) acknowledged SETs on \(Set(history.filter { $0.f == "write" }.map(\.key)).count) keys; "
                     + "final values read back for \(final.count) keys"]
        if !unknown.isEmpty { lines.append("could not read (not judged): " + unknown.sorted().joined(separator: ", ")) }
        lines += lost.map { "lost: \($0)" }
        return lost.isEmpty ? RealVerdict(word: "valid", passed: true, lines: lines)
            : RealVerdict(word: "invalid", passed: false, lines: ["\(lost.count) acknowledged SETs lost"] + lines)
    }
}
