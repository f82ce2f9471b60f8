import ClusterProtocols
import ClusterSim
import ExerciseKit

/// The replicated state machine of raft-kv: a map from keys to integers with
/// Maelstrom lin-kv semantics (ClusterLab's KVStore does those), applied in
/// log order on every server and rebuilt from the log after a restart.
///
/// A clerk resends a request (same `id`) when no answer comes, so one request
/// can reach the log more than once. It must take effect once.
public struct RaftKVStateMachine: Sendable, Hashable {
    private var store = KVStore()
    // TODO(raft-kv): remember, per clerk, its last applied request and that request's result.

    public init() {}

    /// Applies a clerk's request and returns its result; a repeat of the
    /// clerk's last request returns the recorded result without applying it
    /// again, an older one returns nil. (`deduplicate` is for instructors'
    /// known-buggy variants; leave it true.)
    public mutating func apply(_ request: KVRequest, deduplicate: Bool = true) -> KVResult? {
        // TODO(raft-kv): apply each request once (Raft dissertation §6.3).
        store.apply(request.op)
    }

    /// The result recorded for this request, if it was the clerk's last one applied.
    public func recorded(_ request: KVRequest) -> KVResult? {
        // TODO(raft-kv): look it up where apply remembers it.
        nil
    }

    public func read(_ key: String) -> KVResult { store.read(key) }
}
