import ClusterProtocols
import ClusterSim
import ExerciseKit

/// The replicated state machine of raft-kv: a map from keys to integers with
/// Maelstrom lin-kv semantics, and each clerk's last request with its result,
/// so a request that reaches the log twice takes effect once (Raft
/// dissertation §6.3). It is rebuilt from the log after a restart.
public struct RaftKVStateMachine: Sendable, Hashable {
    private var store = KVStore()
    /// Per clerk: the last request applied and its result.
    public private(set) var sessions: [NodeID: LastRequest] = [:]

    public struct LastRequest: Sendable, Hashable {
        public var id: Int
        public var result: KVResult
    }

    public init() {}

    /// Applies a clerk's request once: a repeat of its last request returns
    /// the recorded result, an older one nil. `deduplicate: false` is the
    /// known-buggy variant that applies every copy.
    public mutating func apply(_ request: KVRequest, deduplicate: Bool = true) -> KVResult? {
        if deduplicate, let s = sessions[request.client], request.id <= s.id {
            return request.id == s.id ? s.result : nil
        }
        let result = apply(request.op)
        sessions[request.client] = LastRequest(id: request.id, result: result)
        return result
    }

    /// The result already recorded for this request, if it was applied.
    public func recorded(_ request: KVRequest) -> KVResult? {
        guard let s = sessions[request.client], s.id == request.id else { return nil }
        return s.result
    }

    public func read(_ key: String) -> KVResult { store.read(key) }

    /// Maelstrom lin-kv's semantics are ClusterLab's own KVStore's.
    mutating func apply(_ op: KVOperation) -> KVResult { store.apply(op) }
}
